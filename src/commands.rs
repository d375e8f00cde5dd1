//! What each subcommand does, as library calls: `main` parses the command
//! line, calls one of these, prints what it returns and picks the exit
//! code. Each returns what there is to print rather than printing, so the
//! commands can be run and checked from tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::i18n::{Text, io_error};
use crate::pipeline::{HeldSignals, Mode, Session, SiteWide};
use crate::t;
use crate::write::{self, StagedWriter, UnsafeOutput, WriteStats};
use crate::{BuildOptions, import};

/// What `build` did.
#[derive(Debug)]
pub struct BuildReport {
    /// Every problem found; if any is an error, nothing was written.
    pub diagnostics: Diagnostics,
    /// None when the build failed and nothing was written.
    pub written: Option<WriteStats>,
    /// HTML pages rendered.
    pub pages: usize,
    /// None when the build failed before it knew the folder (a bad config).
    pub output_dir: Option<PathBuf>,
    /// Wall time per phase, in order (`--verbose`).
    pub phases: Vec<(&'static str, Duration)>,
    /// An earlier build's interrupted commit was undone first.
    pub recovered: bool,
}

impl BuildReport {
    fn failed(diagnostics: Diagnostics, output_dir: Option<PathBuf>) -> BuildReport {
        BuildReport {
            diagnostics,
            written: None,
            pages: 0,
            output_dir,
            phases: Vec::new(),
            recovered: false,
        }
    }
}

/// The time each phase of a build took (`build --verbose`, serve's
/// rebuild line): `读取 6 ms，解析 3 ms，……` or `load 6ms, parse 3ms, …`.
/// The phase names are the pipeline's own in English.
pub fn phase_times(phases: &[(&'static str, Duration)]) -> Text {
    let list = |chinese: bool| {
        let parts: Vec<String> = phases
            .iter()
            .map(|&(name, time)| {
                let millis = time.as_secs_f64() * 1000.0;
                if chinese {
                    format!("{} {millis:.0} ms", phase_name(name))
                } else {
                    format!("{name} {millis:.0}ms")
                }
            })
            .collect();
        parts.join(if chinese { "，" } else { ", " })
    };
    Text {
        zh: list(true),
        en: list(false),
    }
}

/// A phase of the pipeline (`Phases::lap`) by its Chinese name.
fn phase_name(name: &str) -> &str {
    match name {
        "read+parse" => "读取和解析",
        "load" => "读取",
        "parse" => "解析",
        "graph" => "建立关联",
        "patch graph" => "更新关联",
        "plan" => "安排",
        "render" => "生成页面",
        "search" => "搜索索引",
        "write" => "写入",
        "wait" => "等待",
        other => other,
    }
}

/// The knowledge base folder given with `--root` must be a folder.
pub fn require_root(root: &Path) -> Result<()> {
    if root.is_dir() {
        return Ok(());
    }
    let message = if root.exists() {
        let parent = root
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        t!(
            "--root {} 是一个文件，不是文件夹：请给出知识库的文件夹（有 config.toml 和 content/ 的那个），例如 --root {}",
            "--root {} is a file, not a folder: give the folder of the knowledge base (the one with config.toml and content/), e.g. --root {}",
            root.display(),
            parent.display()
        )
    } else {
        t!(
            "根目录 {} 不存在：请用 --root 给出知识库的文件夹，或用 `tifa init DIR` 新建一个",
            "root folder {} does not exist: give the folder of the knowledge base with --root, or create one with `tifa init DIR`",
            root.display()
        )
    };
    Err(Error::usage(message))
}

/// Where the output folder was chosen, for messages: `--output-dir`, or
/// the `output_dir` line of config.toml (technical names: the same in
/// both languages).
fn output_origin(root: &Path, from_command_line: bool) -> String {
    if from_command_line {
        return "--output-dir: ".to_string();
    }
    let text = std::fs::read_to_string(root.join("config.toml")).unwrap_or_default();
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix("output_dir")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| format!("config.toml:{}: output_dir: ", index + 1))
        .unwrap_or_default()
}

/// `tifa build`: a fresh session run once into a staged writer, committed
/// only if nothing failed. Content errors come back in the report (the
/// caller prints them); the output is then left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = &options.root;
    require_root(root)?;
    let config = match crate::load_config(root, options.base_url.as_deref()) {
        Ok(config) => config,
        Err(d) => return Ok(BuildReport::failed(vec![*d].into(), None)),
    };
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    write::check_output_dir(root, &output_dir, options.force).map_err(|e| {
        let problem = e.text();
        let origin = output_origin(root, options.output_dir.is_some());
        Error::usage(match e {
            UnsafeOutput::Foreign(_) => t!(
                "{origin}{problem}（如果确实要用它，请加上 --force；tifa 只会删除它自己写的文件）",
                "{origin}{problem} (pass --force to use it anyway; tifa only ever removes files it wrote)"
            ),
            UnsafeOutput::NotAFolder(_) => t!(
                "{origin}{problem}：请为输出另选一个文件夹（config.toml 中的 output_dir，或 --output-dir），或把这个文件移走",
                "{origin}{problem}: choose a folder for the output (output_dir in config.toml, or --output-dir), or move the file away"
            ),
            _ => t!("{origin}{problem}", "{origin}{problem}"),
        })
    })?;
    let mut session = Session::new(options.clone(), config, &[&output_dir], Mode::Once);
    let writer = StagedWriter::open(&output_dir)?;
    let recovered = writer.recovered();
    let mut run = session.run(None, SiteWide::WithPages, &writer);
    run.forget_state();
    if run.failed() {
        // Dropping the writer removes what it staged: the output is untouched.
        let mut report = BuildReport::failed(run.diagnostics, Some(output_dir));
        report.recovered = recovered;
        return Ok(report);
    }
    let started = Instant::now();
    let held = HeldSignals::hold();
    let stats = writer.commit()?;
    let mut phases = run.phases;
    phases.push(("write", started.elapsed()));
    if held.received() {
        let dir = output_dir.display();
        return Err(Error::Interrupted(t!(
            "已中断；构建此前已经完成，文件已先移入 {dir}",
            "interrupted; the build had finished, and its files were moved into {dir} first"
        )));
    }
    Ok(BuildReport {
        diagnostics: run.diagnostics,
        written: Some(stats),
        pages: run.pages,
        output_dir: Some(output_dir),
        phases,
        recovered,
    })
}

/// `tifa check`: every validation of a build (content, references,
/// template syntax) plus the lint rules of [`crate::check`], without
/// rendering or writing. Unlike a build it lints even when there are
/// errors.
pub fn check(root: &Path) -> Result<Diagnostics> {
    let (graph, mut diagnostics) = match checked_graph(root)? {
        Ok(checked) => checked,
        Err(d) => return Ok(vec![d].into()),
    };
    diagnostics.extend(crate::check::check(&graph));
    diagnostics.sort();
    Ok(diagnostics)
}

/// The graph of the knowledge base at `root` with every validation of a
/// build, or the one problem (a broken config, say) that stops it being
/// built at all.
fn checked_graph(
    root: &Path,
) -> Result<std::result::Result<(crate::graph::Graph, Diagnostics), Diagnostic>> {
    require_root(root)?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    Ok(match Session::open(options, &[], Mode::Once) {
        Ok(mut session) => Ok(session.check()),
        Err(d) => Err(*d),
    })
}

/// What `tifa check --draft` found.
#[derive(Debug)]
pub struct DraftReport {
    pub findings: Vec<crate::check::draft::DraftFinding>,
    /// Errors in the knowledge base the rules come from.
    pub errors: Diagnostics,
}

/// `tifa check --draft FILE`: a plain-text draft checked against the rules
/// of the knowledge base at `root` (its formulations and rule packs), as
/// the 校稿 page checks it. `date` (YYYY-MM-DD, YYYY-MM or YYYY) defaults to
/// today.
pub fn check_draft(
    root: &Path,
    draft: &Path,
    date: Option<&str>,
    doc_type: Option<String>,
) -> Result<DraftReport> {
    require_root(root)?;
    let text = std::fs::read_to_string(draft).map_err(|e| {
        let (draft, e) = (draft.display(), io_error(&e));
        Error::usage(t!(
            "无法读取文稿 {draft}：{e}",
            "cannot read the draft {draft}: {e}"
        ))
    })?;
    let today = jiff::Zoned::now().date().to_string();
    let date = crate::parse::PartialDate::parse(date.unwrap_or(&today))
        .map_err(|e| Error::usage(t!("--date：{e}", "--date: {e}")))?;
    let (data, diagnostics) = rule_data(root)?;
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let checker = crate::check::Checker::new(data);
    let options = crate::check::draft::DraftOptions {
        date: Some(date),
        doc_type: doc_type.filter(|t| !t.trim().is_empty()),
    };
    Ok(DraftReport {
        findings: crate::check::draft::check_draft(&checker, &text, &options),
        errors: errors.into(),
    })
}

/// The rules of the knowledge base at `root` (its formulations and rule
/// packs), as the 校稿 page gets them, with the problems found building them.
pub fn rule_data(root: &Path) -> Result<(crate::check::data::RuleData, Diagnostics)> {
    let (graph, diagnostics) = match checked_graph(root)? {
        Ok(checked) => checked,
        Err(d) => return Ok((Default::default(), vec![d].into())),
    };
    Ok((
        crate::check::data::RuleData::from_graph(&graph),
        diagnostics,
    ))
}

/// Options of `tifa import` as given on the command line.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    pub root: PathBuf,
    /// Content folder to write into (default: ROOT/content).
    pub into: Option<PathBuf>,
    pub dry_run: bool,
    pub force: bool,
    /// File name of the source page, instead of one made from the title.
    pub slug: Option<String>,
}

/// What `import` did.
#[derive(Debug)]
pub struct ImportReport {
    /// The plan of each input, as printed.
    pub plans: Vec<String>,
    /// Files written (None for a dry run).
    pub written: Option<usize>,
    pub into: PathBuf,
}

/// `tifa import`: splits every input, then writes all of it or nothing.
pub fn import(request: ImportRequest) -> Result<ImportReport> {
    require_root(&request.root)?;
    if let Some(into) = &request.into {
        require_folder_or_new("--into", into)?;
    }
    let config =
        crate::load_config(&request.root, None).map_err(|d| Error::Content(d.human_text()))?;
    let options = import::ImportOptions {
        into: request.into.unwrap_or_else(|| request.root.join("content")),
        dry_run: request.dry_run,
        force: request.force,
        junk_patterns: config.import.junk_patterns,
        slug: request.slug,
    };
    let imported = import::prepare(&request.files, &options).map_err(|e| match e {
        import::ImportError::Usage(problem) => Error::Usage(problem.text()),
        import::ImportError::Files(failures) => {
            let all = || {
                let mut message: String = failures.iter().map(|f| format!("{f}\n")).collect();
                message.push_str(&import::Msg::NothingWritten.to_string());
                message
            };
            Error::Content(Text::from_both(all, all))
        }
    })?;
    let plans = imported.iter().map(import::describe).collect();
    let written = if request.dry_run {
        None
    } else {
        Some(import::write(&imported, &options)?)
    };
    Ok(ImportReport {
        plans,
        written,
        into: options.into,
    })
}

/// `path` is a folder, or can be made one: nothing on the way to it is a
/// file.
fn require_folder_or_new(option: &str, path: &Path) -> Result<()> {
    let Some(existing) = path.ancestors().find(|a| a.exists()) else {
        return Ok(());
    };
    if existing.is_dir() {
        return Ok(());
    }
    let message = if existing == path {
        t!(
            "{option} {} 是一个文件，不是文件夹：请给出要写入的内容文件夹（默认是 --root 下的 content/）",
            "{option} {} is a file, not a folder: give the content folder to write into (the default is content/ under --root)",
            path.display()
        )
    } else {
        t!(
            "{option} {}：{} 是一个文件，那里建不了文件夹：请给出一个文件夹",
            "{option} {}: {} is a file, so no folder can be made there: give a folder",
            path.display(),
            existing.display()
        )
    };
    Err(Error::usage(message))
}

/// The summary line of a list of diagnostics.
pub fn count(diagnostics: &Diagnostics) -> Text {
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    t!(
        "{errors} 个错误，{warnings} 个警告",
        "{errors} error(s), {warnings} warning(s)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_times_are_named_in_each_language() {
        let phases = [
            ("load", Duration::from_micros(6_400)),
            ("patch graph", Duration::from_millis(12)),
        ];
        let text = phase_times(&phases);
        assert_eq!(text.zh, "读取 6 ms，更新关联 12 ms");
        assert_eq!(text.en, "load 6ms, patch graph 12ms");
    }
}
