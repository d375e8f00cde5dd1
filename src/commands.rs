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
        other => other,
    }
}

fn require_root(root: &Path) -> Result<()> {
    if root.is_dir() {
        Ok(())
    } else {
        let root = root.display();
        Err(Error::usage(t!(
            "根目录 {root} 不存在",
            "root folder {root} does not exist"
        )))
    }
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
        Error::usage(match e {
            UnsafeOutput::Foreign(_) => t!(
                "{problem}（如果确实要用它，请加上 --force；tifa 只会删除它自己写的文件）",
                "{problem} (pass --force to use it anyway; tifa only ever removes files it wrote)"
            ),
            _ => problem,
        })
    })?;
    let mut session = Session::new(options.clone(), config, &[&output_dir], Mode::Once);
    let writer = StagedWriter::open(&output_dir)?;
    let recovered = writer.recovered();
    let run = session.run(None, SiteWide::WithPages, &writer);
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
    require_root(root)?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut session = match Session::open(options, &[], Mode::Once) {
        Ok(session) => session,
        Err(d) => return Ok(vec![*d].into()),
    };
    let (graph, mut diagnostics) = session.check();
    diagnostics.extend(crate::check::check(&graph));
    diagnostics.sort();
    Ok(diagnostics)
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
    require_root(root)?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let mut session = match Session::open(options, &[], Mode::Once) {
        Ok(session) => session,
        Err(d) => return Ok((Default::default(), vec![*d].into())),
    };
    let (graph, diagnostics) = session.check();
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
