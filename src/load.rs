//! Reading a knowledge base from disk: content, static files and templates.
//!
//! `load` walks `content/`, `static/`, the theme and `templates/`, decodes
//! every Markdown file (see [`crate::fs::decode_text`]) and hands the rest of
//! the pipeline plain in-memory data. Files it cannot read become diagnostics;
//! the walk goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path, line_col, rule};
use crate::fs::{SourceEncoding, decode_text};
use crate::i18n::io_error;
use crate::t;

/// The default theme, built in so that `tifa init` sites need no copy of it.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A knowledge base on disk, and the output folders its walks must never
/// enter: a link from `content/` to `public/` would otherwise publish the
/// output inside itself, one level deeper at every build.
#[derive(Debug, Clone)]
pub struct Tree {
    pub root: PathBuf,
    /// Output folders, resolved.
    outputs: Vec<PathBuf>,
}

impl Tree {
    pub fn new(root: &Path, outputs: &[&Path]) -> Tree {
        Tree {
            root: root.to_path_buf(),
            outputs: outputs.iter().map(|o| crate::fs::resolve(o)).collect(),
        }
    }

    fn is_output(&self, resolved: &Path) -> bool {
        self.outputs.iter().any(|o| resolved.starts_with(o))
    }
}

/// Everything a build reads, decoded.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub root: PathBuf,
    pub config: Config,
    /// Markdown files under `content/`, sorted by path.
    pub content: Vec<ContentFile>,
    /// Files copied to the output unchanged, sorted by output path.
    pub assets: Vec<Asset>,
    /// Templates by name; a site template replaces the theme's of the same name.
    pub templates: BTreeMap<String, Template>,
}

/// One Markdown file of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Path relative to `content/`, with `/` separators (`formulations/四个意识.md`).
    pub rel_path: String,
    pub text: String,
    pub encoding: SourceEncoding,
}

impl ContentFile {
    /// Path relative to the root, as shown in messages.
    pub fn display_path(&self) -> String {
        format!("content/{}", self.rel_path)
    }
}

/// A file copied to the output as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path inside the output folder, `/` separators.
    pub out_path: String,
    pub origin: AssetOrigin,
    /// The file it is copied from, as messages name it
    /// (`static/logo.png`, `themes/t/static/x.css`, `content/a/chart.png`).
    pub source: String,
}

#[derive(Debug, Clone)]
pub enum AssetOrigin {
    Disk(PathBuf),
    BuiltIn(&'static [u8]),
}

impl Asset {
    pub fn bytes(&self) -> anyhow::Result<std::borrow::Cow<'static, [u8]>> {
        match &self.origin {
            AssetOrigin::Disk(path) => Ok(crate::fs::read(path)?.into()),
            AssetOrigin::BuiltIn(bytes) => Ok((*bytes).into()),
        }
    }
}

/// A Tera template and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Template {
    pub origin: String,
    pub text: String,
}

/// Reads the knowledge base at `root`. Problems with single files are
/// returned as diagnostics beside whatever could be read.
pub fn load(tree: &Tree, config: Config) -> (Inputs, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let (markdown, content_assets) = walk_content(tree, &mut diagnostics);
    let mut content = Vec::with_capacity(markdown.len());
    for read in read_content_files(tree, markdown) {
        content.extend(read.file);
        diagnostics.extend(read.diagnostics);
    }
    let (templates, assets) = load_theme(tree, &config, content_assets, &mut diagnostics);
    let inputs = Inputs {
        root: tree.root.clone(),
        config,
        content,
        assets,
        templates,
    };
    (inputs, diagnostics)
}

/// One content file as read: the file, unless it could not be read, and
/// what reading it found (a GBK conversion, control characters, or why it
/// could not be read).
#[derive(Debug)]
pub struct Read {
    pub rel_path: String,
    pub file: Option<ContentFile>,
    pub diagnostics: Diagnostics,
}

/// Reads and decodes Markdown files (content path, file path) in parallel:
/// thousands of files are worth both cores. Sorted by content path.
pub fn read_content_files(tree: &Tree, markdown: Vec<(String, PathBuf)>) -> Vec<Read> {
    let mut read: Vec<Read> = markdown
        .into_par_iter()
        .map(|(rel_path, path)| {
            let mut diagnostics = Diagnostics::new();
            let file = read_content_file(&tree.root, &path, rel_path.clone(), &mut diagnostics);
            Read {
                rel_path,
                file,
                diagnostics,
            }
        })
        .collect();
    read.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    read
}

/// The Markdown files under `content/` (content path, file path) and the
/// other files there, which are copied as assets.
pub fn walk_content(
    tree: &Tree,
    diagnostics: &mut Diagnostics,
) -> (Vec<(String, PathBuf)>, Vec<Asset>) {
    let content_dir = tree.root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                rule::LOAD,
                "content",
                t!("没有 content/ 文件夹", "there is no content/ folder"),
            )
            .hint(t!(
                "请在知识库的根目录中运行 tifa，或用 --root DIR 指明根目录；`tifa init DIR` 可新建一个知识库",
                "run tifa in the root of a knowledge base, or pass --root DIR; `tifa init DIR` creates one"
            )),
        );
    }
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for path in walk(tree, &content_dir, diagnostics) {
        let rel = rel_slash(&content_dir, &path);
        if rel.ends_with(".md") {
            markdown.push((rel, path));
        } else {
            assets.push(Asset {
                out_path: rel,
                source: crate::diagnostic::display_path(&tree.root, &path),
                origin: AssetOrigin::Disk(path),
            });
        }
    }
    (markdown, assets)
}

/// Templates and static files: the theme's, then the site's `static/` and
/// `templates/`, which override the theme's files of the same name.
/// `content_assets` come first and are overridden by both.
pub fn load_theme(
    tree: &Tree,
    config: &Config,
    content_assets: Vec<Asset>,
    diagnostics: &mut Diagnostics,
) -> (BTreeMap<String, Template>, Vec<Asset>) {
    let root = tree.root.as_path();
    let mut assets = content_assets;
    let theme_dir = root.join("themes").join(&config.theme);
    let mut templates = BTreeMap::new();
    if theme_dir.is_dir() {
        load_disk_theme(tree, &theme_dir, &mut templates, &mut assets, diagnostics);
    } else if config.theme == "default" {
        load_builtin_theme(&DEFAULT_THEME, &mut templates, &mut assets);
    } else {
        let theme = &config.theme;
        diagnostics.push(
            Diagnostic::error(
                rule::CONFIG,
                "config.toml",
                t!(
                    "找不到主题 `{theme}`（themes/{theme}/ 不存在）",
                    "theme `{theme}` not found at themes/{theme}/"
                ),
            )
            .hint(t!(
                "请设置 theme = \"default\"，或添加这个主题的文件夹",
                "set theme = \"default\" or add the theme folder"
            )),
        );
    }
    let static_dir = root.join("static");
    for path in walk(tree, &static_dir, diagnostics) {
        assets.push(Asset {
            out_path: rel_slash(&static_dir, &path),
            source: crate::diagnostic::display_path(root, &path),
            origin: AssetOrigin::Disk(path),
        });
    }
    let site_templates = root.join("templates");
    for path in walk(tree, &site_templates, diagnostics) {
        insert_disk_template(root, &site_templates, &path, &mut templates, diagnostics);
    }
    refuse_active_files(root, config, &mut assets, diagnostics);
    // Later entries (site static) win over earlier ones (theme, content).
    let mut by_out: BTreeMap<String, Asset> = BTreeMap::new();
    for asset in assets {
        by_out.insert(asset.out_path.clone(), asset);
    }
    (templates, by_out.into_values().collect())
}

/// Extensions of files a browser may run script from when they are served
/// from the site's own origin: a page, an image with script (SVG), a
/// script a page could load, XML with a stylesheet. The site's CSP allows
/// same-origin script, so such a file would be trusted code.
const ACTIVE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "js", "mjs", "cjs", "xml", "xsl",
    "xslt", "wasm", "swf",
];

/// Whether a file's name says a browser may run script from it.
pub fn is_active_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ACTIVE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Authors' files that could run script in readers' browsers are not
/// published unless `[security] trust` names them: only the theme's files
/// are trusted code. Each refused file is an error naming it.
fn refuse_active_files(
    root: &Path,
    config: &Config,
    assets: &mut Vec<Asset>,
    diagnostics: &mut Diagnostics,
) {
    let theme_dir = root.join("themes");
    assets.retain(|asset| {
        let AssetOrigin::Disk(path) = &asset.origin else {
            return true;
        };
        if path.starts_with(&theme_dir) {
            return true;
        }
        let shown = rel_slash(root, path);
        if !is_active_file(&shown) || config.security.trusts(&shown) {
            return true;
        }
        diagnostics.push(
            Diagnostic::error(
                rule::ACTIVE_FILE,
                &shown,
                t!(
                    "这个文件能在读者的浏览器中运行脚本，因此不予发布",
                    "this file can run script in readers' browsers, so it is not published"
                ),
            )
            .hint(t!(
                "请删除它；如果它是你写的、确实可信，请在 config.toml 中加上：[security] trust = [\"{shown}\"]",
                "remove it, or if you wrote it and trust it, add it to config.toml: [security] trust = [\"{shown}\"]"
            )),
        );
        false
    });
}

/// The largest Markdown file tifa reads: eighty times a whole party
/// congress report. Memory grows with the text many times over (mentions,
/// search postings, rendered links), so a runaway file (a dump, a paste
/// gone wrong) is refused rather than exhausting the machine.
pub const MAX_CONTENT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads and decodes one Markdown file; a GBK file is converted with a warning.
pub fn read_content_file(
    root: &Path,
    path: &Path,
    rel_path: String,
    diagnostics: &mut Diagnostics,
) -> Option<ContentFile> {
    let shown = display_path(root, path);
    let bytes = match read_at_most(path, MAX_CONTENT_FILE_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let limit = MAX_CONTENT_FILE_BYTES / (1024 * 1024);
            diagnostics.push(
                Diagnostic::error(
                    rule::LOAD,
                    shown,
                    t!(
                        "文件超过 {limit} MB，这是 tifa 为一个页面读取的上限",
                        "file is larger than {limit} MB, the most tifa reads for one page"
                    ),
                )
                .hint(t!(
                    "请把它拆成几个页面，或把不是 Markdown 的文件移出 content/",
                    "split it into several pages, or move non-Markdown files out of content/"
                )),
            );
            return None;
        }
        Err(e) => {
            let e = io_error(&e);
            diagnostics.push(Diagnostic::error(
                rule::LOAD,
                shown,
                t!("无法读取文件：{e}", "cannot read file: {e}"),
            ));
            return None;
        }
    };
    match decode_text(&bytes) {
        Ok(decoded) => {
            let converted = match decoded.encoding {
                SourceEncoding::Gb18030 => Some("GBK/GB18030"),
                SourceEncoding::Utf16 => Some("UTF-16"),
                SourceEncoding::Utf8 | SourceEncoding::Utf8Bom => None,
            };
            if let Some(encoding) = converted {
                diagnostics.push(
                    Diagnostic::warning(
                        rule::ENCODING,
                        shown.clone(),
                        t!(
                            "文件是 {encoding} 编码，本次构建已把它转换为 UTF-8",
                            "file is {encoding}-encoded; it was converted to UTF-8 for this build"
                        ),
                    )
                    .hint(t!(
                        "把文件另存为 UTF-8 编码，这条警告就不再出现",
                        "save the file as UTF-8 to silence this warning"
                    )),
                );
            }
            let text = replace_forbidden_characters(decoded.text, &shown, diagnostics);
            Some(ContentFile {
                rel_path,
                text,
                encoding: decoded.encoding,
            })
        }
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.offset().min(bytes.len())]).into_owned();
            let (line, column) = line_col(&valid, valid.len());
            diagnostics.push(
                Diagnostic::error(rule::ENCODING, shown, e.text())
                    .at(line, column)
                    .hint(t!(
                        "请把文件另存为 UTF-8 文本（在记事本中：另存为，编码选 UTF-8），或把不是 Markdown 的文件移出 content/",
                        "save the file as UTF-8 text (in Notepad: `另存为`, `编码` UTF-8), or move non-Markdown files out of content/"
                    )),
            );
            None
        }
    }
}

/// Characters HTML does not allow in a page (control characters other than
/// tab and newline, and noncharacters) often come in with text pasted from
/// Word or a PDF. They are invisible, so each becomes a space for the
/// build (line and column numbers stay right), with one warning per file
/// saying where the first one is. The file itself is not changed.
fn replace_forbidden_characters(
    text: String,
    shown: &str,
    diagnostics: &mut Diagnostics,
) -> String {
    let forbidden = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || ('\u{FDD0}'..='\u{FDEF}').contains(&c)
            || (c as u32 & 0xFFFE) == 0xFFFE
    };
    let Some(first) = text.find(forbidden) else {
        return text;
    };
    let mut count = 0;
    let replaced: String = text
        .chars()
        .map(|c| {
            let bad = forbidden(c);
            count += usize::from(bad);
            if bad { ' ' } else { c }
        })
        .collect();
    let code = text[first..].chars().next().map_or(0, |c| c as u32);
    let (line, column) = line_col(&text, first);
    diagnostics.push(
        Diagnostic::warning(
            rule::CONTROL_CHARACTER,
            shown.to_string(),
            t!(
                "有 {count} 个看不见的控制字符，第一个是 U+{code:04X}；本次构建已把它们都换成空格",
                "{count} invisible control character(s), the first U+{code:04X}; each was replaced by a space for this build"
            ),
        )
        .at(line, column)
        .hint(t!(
            "请从文件中删去它们（从 Word 或 PDF 粘贴的文字常带有这种字符）；HTML 不允许这些字符",
            "delete them from the file (text pasted from Word or PDF often carries them); HTML does not allow them"
        )),
    );
    replaced
}

/// The bytes of a file, or None if it has more than `limit` of them (read
/// no further than that, so even an endless file costs nothing).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Room for the whole file up front: through `take`, read_to_end has
    // no size hint and starts at 32 bytes, doubling (eight reads for a
    // 2 KB page, 800,000 at 100,000 pages).
    let size = file.metadata().map_or(0, |m| m.len()).min(limit + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Files under `dir`, sorted, skipping hidden files, editor backups,
/// symbolic links that lead out of the knowledge base (reported: a link to
/// `/` would otherwise have the whole disk walked and published) or into
/// an output folder (reported too), and anything that cannot be walked
/// (reported, e.g. symlink loops).
fn walk(tree: &Tree, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let root = tree.root.as_path();
    if !dir.is_dir() {
        return Vec::new();
    }
    let inside = [root, dir].map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
    let mut outside = Vec::new();
    let mut into_output = Vec::new();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            // Unresolvable links (dangling, self-referencing) are reported
            // by the walk itself.
            let Ok(target) = e.path().canonicalize() else {
                return true;
            };
            if !inside.iter().any(|base| target.starts_with(base)) {
                outside.push(e.path().to_path_buf());
                false
            } else if tree.is_output(&target) {
                into_output.push(e.path().to_path_buf());
                false
            } else {
                true
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                let message = if e.loop_ancestor().is_some() {
                    t!(
                        "符号链接成环：这个文件夹链接回了它的上级文件夹",
                        "symbolic link loop: this folder links back to one of its parents"
                    )
                } else if let Some(io) = e.io_error() {
                    let io = io_error(io);
                    t!("无法读取：{io}", "cannot read: {e}")
                } else {
                    t!("无法读取：{e}", "cannot read: {e}")
                };
                diagnostics.push(Diagnostic::warning(rule::LOAD, path, message).hint(t!(
                    "请删除或修正这个链接；网站的其余部分照常构建，只是不含它",
                    "remove or fix the link; the rest of the site is built without it"
                )));
            }
        }
    }
    for path in into_output {
        diagnostics.push(
            Diagnostic::warning(
                rule::LOAD,
                display_path(root, &path),
                t!(
                    "指向输出文件夹的符号链接：已跳过",
                    "symbolic link into the output folder: skipped"
                ),
            )
            .hint(t!(
                "输出是由知识库生成的，请删除这个链接",
                "the output is made from the knowledge base; remove the link"
            )),
        );
    }
    for path in outside {
        diagnostics.push(
            Diagnostic::warning(
                rule::LOAD,
                display_path(root, &path),
                t!(
                    "指向知识库之外的符号链接：已跳过",
                    "symbolic link to a place outside the knowledge base: skipped"
                ),
            )
            .hint(t!(
                "请把它指向的内容复制进知识库，或改为链接到知识库内的文件夹",
                "copy what it links to into the knowledge base, or link to a folder inside it"
            )),
        );
    }
    files
}

/// Names editors and tools leave behind, which are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

fn rel_slash(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn load_disk_theme(
    tree: &Tree,
    theme_dir: &Path,
    templates: &mut BTreeMap<String, Template>,
    assets: &mut Vec<Asset>,
    diagnostics: &mut Diagnostics,
) {
    let template_dir = theme_dir.join("templates");
    let root = tree.root.as_path();
    for path in walk(tree, &template_dir, diagnostics) {
        insert_disk_template(root, &template_dir, &path, templates, diagnostics);
    }
    let static_dir = theme_dir.join("static");
    for path in walk(tree, &static_dir, diagnostics) {
        assets.push(Asset {
            out_path: rel_slash(&static_dir, &path),
            source: crate::diagnostic::display_path(root, &path),
            origin: AssetOrigin::Disk(path),
        });
    }
}

fn insert_disk_template(
    root: &Path,
    base: &Path,
    path: &Path,
    templates: &mut BTreeMap<String, Template>,
    diagnostics: &mut Diagnostics,
) {
    let origin = display_path(root, path);
    match crate::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            templates.insert(rel_slash(base, path), Template { origin, text });
        }
        Ok(Err(_)) => diagnostics.push(
            Diagnostic::error(
                rule::TEMPLATE,
                origin,
                t!("模板不是 UTF-8 文本", "template is not UTF-8 text"),
            )
            .hint(t!("请把模板保存为 UTF-8 编码", "save templates as UTF-8")),
        ),
        Err(e) => diagnostics.push(Diagnostic::error(
            rule::TEMPLATE,
            origin,
            t!("{e:#}", "{e:#}"),
        )),
    }
}

fn load_builtin_theme(
    theme: &'static Dir<'static>,
    templates: &mut BTreeMap<String, Template>,
    assets: &mut Vec<Asset>,
) {
    let mut stack = vec![theme];
    while let Some(dir) = stack.pop() {
        for entry in dir.entries() {
            match entry {
                include_dir::DirEntry::Dir(sub) => stack.push(sub),
                include_dir::DirEntry::File(file) => {
                    let path = file.path().to_string_lossy().replace('\\', "/");
                    if let Some(name) = path.strip_prefix("templates/") {
                        if let Some(text) = file.contents_utf8() {
                            templates.insert(
                                name.to_string(),
                                Template {
                                    origin: format!("(built-in theme)/{path}"),
                                    text: text.to_string(),
                                },
                            );
                        }
                    } else if let Some(name) = path.strip_prefix("static/") {
                        assets.push(Asset {
                            out_path: name.to_string(),
                            source: format!("(built-in theme)/{path}"),
                            origin: AssetOrigin::BuiltIn(file.contents()),
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".四个意识.md.swp", "a.md~", ".#a.md", "#a.md#", ".git"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("四个意识.md"));
    }

    #[test]
    fn builtin_theme_has_the_base_template() {
        let mut templates = BTreeMap::new();
        let mut assets = Vec::new();
        load_builtin_theme(&DEFAULT_THEME, &mut templates, &mut assets);
        assert!(templates.contains_key("base.html"));
        assert!(assets.iter().any(|a| a.out_path == "style.css"));
    }
}
