//! `tifa new` and `tifa init`: files with every field written out, commented.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::fs::IoContext;
use crate::parse::PageKind;
use crate::t;

/// A new page of `kind` named `name` in the section holding that kind.
/// Refuses to overwrite; returns the path written.
pub fn new_page(root: &Path, kind: PageKind, name: &str) -> Result<PathBuf> {
    let name = name.trim().trim_end_matches(".md");
    if !is_usable_name(name) {
        bail!(t!(
            "`{}` 不能用作文件名：请用字母、数字或汉字，`/` 只能用在文件夹名之间",
            "`{}` is not a usable file name: use letters, digits or Chinese characters, and `/` only between folder names",
            name.escape_debug()
        ));
    }
    let section = section_for(root, kind);
    let path = root
        .join("content")
        .join(&section)
        .join(format!("{name}.md"));
    if path.exists() {
        bail!(t!(
            "{} 已经存在；tifa 不会覆盖它",
            "{} already exists; tifa does not overwrite it",
            path.display()
        ));
    }
    let title = name.rsplit('/').next().unwrap_or(name);
    let source = (kind == PageKind::Excerpt)
        .then(|| first_source(root))
        .flatten();
    crate::fs::write(
        &path,
        page_template(kind, title, source.as_deref()).as_bytes(),
    )?;
    Ok(path)
}

/// A name every file system takes and that reads back as typed: no
/// control characters (a newline), none of `\ : * ? " < > |`, no empty,
/// `.` or `..` folder, and no folder or name ending in a dot or space.
fn is_usable_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_control() || "\\:*?\"<>|".contains(c))
        && name.split('/').all(|part| {
            !part.is_empty() && part != "." && part != ".." && !part.ends_with(['.', ' '])
        })
}

/// The file stem of the first source page (by path), so that a new
/// excerpt names a source that exists and builds at once.
fn first_source(root: &Path) -> Option<String> {
    let folder = root
        .join("content")
        .join(section_for(root, PageKind::Source));
    let mut stems: Vec<String> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md")?;
            (stem != "_index").then(|| stem.to_string())
        })
        .collect();
    stems.sort();
    stems.into_iter().next()
}

/// The folder (relative to `content/`) of the first section whose
/// `page_kind` is `kind`, or the conventional name.
fn section_for(root: &Path, kind: PageKind) -> String {
    let content = root.join("content");
    let mut found: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "_index.md")
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let declares = text
                .lines()
                .any(|l| l.trim() == format!("page_kind: {}", kind.as_str()));
            let folder = e
                .path()
                .parent()?
                .strip_prefix(&content)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            declares.then_some(folder)
        })
        .collect();
    found.sort();
    found.into_iter().next().unwrap_or_else(|| {
        match kind {
            PageKind::Formulation => "formulations",
            PageKind::Excerpt => "excerpts",
            PageKind::Source => "sources",
            PageKind::Page => "",
            PageKind::Rulepack => "rules",
        }
        .to_string()
    })
}

fn page_template(kind: PageKind, title: &str, source: Option<&str>) -> String {
    let title = crate::parse::front_matter::yaml_string(title);
    // An excerpt must name an existing source to build; with none yet, it
    // is a draft until its source is written.
    let source_lines = match source {
        Some(source) => format!(
            "# 来源文件：sources/ 下的文件名（不含 .md）或标题；请改为本段所属的来源\nsource: {}\n",
            crate::parse::front_matter::yaml_string(source)
        ),
        None => "# 来源文件：sources/ 下的文件名（不含 .md）或标题；还没有来源，先用 tifa new source 创建，\n# 填好后删去 draft 一行\nsource: \"\"\ndraft: true\n".to_string(),
    };
    match kind {
        PageKind::Formulation => format!(
            "---\n\
             # 提法的规范简称（标题）\n\
             title: {title}\n\
             # 规范表述全文，逐字照录权威文件\n\
             full: \"\"\n\
             # 列举式提法的组成部分，按规范顺序，例如 [政治意识, 大局意识, 核心意识, 看齐意识]\n\
             parts: []\n\
             # 含义相同的其他写法；正文中出现时同样链接到本页\n\
             variants: []\n\
             # 分类：政治建设、思想建设、组织建设、作风建设、纪律建设、党风廉政建设、制度建设、治国理政、工作方法\n\
             category: \"\"\n\
             # 首次提出的时间、场合；不确定时写明“待核实”\n\
             origin: \"\"\n\
             # current（现行）| adjusted（已调整）| historical（历史提法）\n\
             status: current\n\
             # 已调整或历史提法：接替它的提法标题\n\
             # superseded_by: \n\
             # 常用搭配的动词，如 [增强, 牢固树立]\n\
             collocations: []\n\
             # 相关提法的标题\n\
             related: []\n\
             # full 是否为文件原文：verbatim（原文）| gloss（编者概括）| pending（待核实）\n\
             wording: pending\n\
             # 核对截至日期（与原文核对后填写）\n\
             # verified: 2024-01-01\n\
             # 权威表述：一句逐字照录的原文及其出处；未能核对时 pending: true\n\
             # authority:\n\
             #   text: \n\
             #   document: \n\
             #   issuer: \n\
             #   date: 2024-01-01\n\
             #   number: \n\
             #   article: \n\
             #   pending: true\n\
             # 提法演变（表述有过调整时，按时间先后）\n\
             # history:\n\
             #   - date: 2014-12\n\
             #     wording: \n\
             #     event: \n\
             # 常见错误用法及正确写法\n\
             # misuses:\n\
             #   - wrong: \n\
             #     right: \n\
             #     note: \n\
             ---\n\
             释义。\n\n**用法**\n\n- 正确：\n\n**出处**\n\n"
        ),
        PageKind::Excerpt => format!(
            "---\n\
             # 本段的引领语（如“一是”后到第一个句号的文字）\n\
             title: {title}\n\
             {source_lines}\
             # 在来源文件中的位置：各级标题，由外到内\n\
             section_path: []\n\
             # 在来源文件中的顺序（从 1 开始）\n\
             order: 1\n\
             # achievement（成效）| problem（问题）| cause（原因）| measure（措施）| requirement（要求）| other\n\
             part: other\n\
             # 专题，如 [政治建设, 作风建设]\n\
             topics: []\n\
             tags: []\n\
             ---\n\
             摘录原文，保持原样。\n"
        ),
        PageKind::Source => format!(
            "---\n\
             title: {title}\n\
             # 文种：主体责任报告、对照检查材料、工作会议讲话、情况通报 …\n\
             doc_type: \"\"\n\
             # 层级：中央、省级、市级、区县、基层\n\
             level: \"\"\n\
             # 年份（数字）\n\
             # year: 2021\n\
             # 发文单位（已匿名化，如 X分局党委）\n\
             # issuer: \n\
             ---\n\
             来源说明：出处、匿名化处理情况。\n"
        ),
        PageKind::Page => format!(
            "---\ntitle: {title}\n# description: \n# date: 2024-01-01\ntags: []\n---\n正文。\n"
        ),
        PageKind::Rulepack => format!(
            "---\n\
             title: {title}\n\
             # 整个规则包的适用范围（可省略）：from/until 为起止日期，not_in/only_in 为文种\n\
             scope: {{}}\n\
             rules:\n\
             # kind：name（规范名称）| forbidden（禁用词）| caution（慎用词）| house（本单位规范）\n\
             \x20 - kind: house\n\
             \x20   right: 规范写法\n\
             \x20   wrong: [不规范写法]\n\
             \x20   note: 理由\n\
             ---\n\
             说明这份规则的来源和适用范围。\n"
        ),
    }
}

/// Creates a new, empty knowledge base at `dir` that builds at once.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!(t!(
            "{} 是一个文件，不是文件夹；请给 `tifa init` 一个新文件夹的路径",
            "{} is a file, not a folder; give `tifa init` the path of a new folder",
            dir.display()
        ));
    }
    let listing = std::fs::read_dir(dir).io_context(|| {
        let dir = dir.display();
        t!("无法读取 {dir}", "cannot read {dir}")
    });
    if dir.exists() && listing?.next().is_some() {
        bail!(t!(
            "{} 不是空的；`tifa init` 只用来新建知识库",
            "{} is not empty; `tifa init` only creates new knowledge bases",
            dir.display()
        ));
    }
    let files: [(&str, &str); 9] = [
        ("config.toml", INIT_CONFIG),
        (
            "content/_index.md",
            "---\ntitle: 知识库\n---\n在这里写首页的介绍。\n",
        ),
        (
            "content/formulations/_index.md",
            "---\ntitle: 提法\npage_kind: formulation\nsort_by: title\nweight: 1\n---\n",
        ),
        (
            "content/excerpts/_index.md",
            "---\ntitle: 摘录\npage_kind: excerpt\nweight: 2\n---\n",
        ),
        (
            "content/sources/_index.md",
            "---\ntitle: 来源\npage_kind: source\nsort_by: title\nweight: 3\n---\n",
        ),
        (
            "content/rules/_index.md",
            "---\ntitle: 规则\npage_kind: rulepack\nweight: 4\n---\n校稿和 `tifa check` 使用的规则包：规范名称、禁用词、慎用词和本单位规范。用 `tifa new rulepack 名称` 新建一份。\n",
        ),
        ("content/formulations/四个意识.md", INIT_FORMULATION),
        ("content/sources/example-report.md", INIT_SOURCE),
        ("content/excerpts/example-report/001.md", INIT_EXCERPT),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        crate::fs::write(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

const INIT_CONFIG: &str = r#"# tifa 站点配置。每一项都可省略，省略时取注释中的默认值。

# 站点标题
title = "政策文稿知识库"
# 首页的简介（meta description）
description = ""
# 站点的完整地址，可带子路径，如 "http://oa.example/kb/"
base_url = "http://127.0.0.1:1111/"
# 页面语言
language = "zh-CN"
# 主题：themes/ 下的文件夹名；"default" 为内置主题，无需复制
theme = "default"
# 输出文件夹
output_dir = "public"
# 网址风格："pinyin"（三重一大 → san-zhong-yi-da）或 "keep"（保留汉字）
slugify = "pinyin"
# 列表每页条数（0 或超过 500 时，每页 500 条）；栏目可用 paginate_by 单独设置
paginate_by = 30
# atom.xml 中的条目数
feed_limit = 30

[markdown]
# 代码块语法高亮（CSS 类，不用内联样式）
highlight_code = true
# 正文中的提法自动链接到提法页
link_terms = true

# 分类法，按菜单顺序；name 只能是 topics、part、doc_type、year、tags
# [[taxonomies]]
# name = "topics"
# title = "专题"
# paginate_by = 0

[import]
# tifa import 额外删除的广告行特征（子串）
junk_patterns = []

[check]
# 全站关闭的检查规则
allow = []

[citation]
# “复制（含出处）”和素材篮在段落后附的出处行。可用：{source} 来源标题、
# {title} 摘录标题、{doc_type} 文种、{issuer} 单位、{level} 层级、
# {year} 年份、{part} 报告部分、{section} 所在标题；缺的项连同标点略去
format = "《{source}》（{doc_type}，{year}），{section}"

[extra]
# 主题设置，例如页脚文字
footer = "内部资料"
"#;

const INIT_FORMULATION: &str = "---\ntitle: 四个意识\nfull: 政治意识、大局意识、核心意识、看齐意识\nparts: [政治意识, 大局意识, 核心意识, 看齐意识]\nvariants: []\ncategory: 政治建设\norigin: 2016年1月中央政治局会议提出\nstatus: current\ncollocations: [增强, 牢固树立]\nrelated: []\n---\n示例条目：说明提法的含义与用法。\n";

const INIT_SOURCE: &str = "---\ntitle: 示例报告\ndoc_type: 情况报告\nlevel: 区县\nyear: 2021\n---\n示例来源。用 `tifa import 报告.txt` 导入真实报告。\n";

const INIT_EXCERPT: &str = "---\ntitle: 示例摘录\nsource: example-report\nsection_path: [存在问题]\norder: 1\npart: problem\ntopics: [政治建设]\n---\n增强“四个意识”还不够自觉。\n";
