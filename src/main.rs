//! The `tifa` command line: each subcommand is one library call; this is the
//! only place that prints errors and picks the exit code (0 ok, 1 content
//! errors, 2 usage errors).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::ffi::OsString;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use tifa::commands::{ImportRequest, count};
use tifa::i18n::{Lang, Text};
use tifa::import::Msg;
use tifa::{BuildOptions, Diagnostics, Error, t};

/// Builds allocate and free millions of small strings across threads;
/// mimalloc's thread-local heaps do that in a fraction of glibc malloc's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The help of the command line, in the language chosen for the run: the
/// Chinese and the English side by side, so neither can be left out.
/// Evaluated when the command is built, after the language is set.
fn tr(zh: &str, en: &str) -> String {
    match Lang::current() {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "tifa",
    version,
    about = tr(
        "提法（tifa）：把中文政策知识库生成静态网站的工具。",
        "提法 — a static site generator for Chinese policy knowledge bases."
    ),
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(
        long,
        global = true,
        value_enum,
        // The help names both values already.
        hide_possible_values = true,
        help = tr(
            "提示信息的语言：zh（简体中文，默认）或 en（英文）。不写时看 LC_ALL、LC_MESSAGES、LANG，以 en 开头即为英文。",
            "Language of messages: zh (Simplified Chinese, the default) or en (English); without it, LC_ALL, LC_MESSAGES or LANG starting with en gives English"
        )
    )]
    lang: Option<LangArg>,
    #[arg(short = 'h', long, global = true, action = ArgAction::Help, help = tr("显示帮助", "Print help"))]
    help: Option<bool>,
    #[arg(short = 'V', long, action = ArgAction::Version, help = tr("显示版本", "Print version"))]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
enum Command {
    #[command(about = tr(
        "把网站构建到输出文件夹（默认 public/）。",
        "Build the site into the output folder (public/ by default)."
    ))]
    Build {
        #[arg(long, default_value = ".", help = root_help())]
        root: PathBuf,
        #[arg(long, help = tr(
            "输出文件夹（默认为 config.toml 的 output_dir，即 public/）。",
            "Output folder (default: output_dir of config.toml, i.e. public/)."
        ))]
        output_dir: Option<PathBuf>,
        #[arg(long, help = tr(
            "本次构建的网址，例如 http://oa.example/kb/（优先于 config.toml）。",
            "Base URL for this build, e.g. http://oa.example/kb/ (overrides config.toml)."
        ))]
        base_url: Option<String>,
        #[arg(long, help = drafts_help())]
        drafts: bool,
        #[arg(long, help = tr(
            "写入一个不是空的、也不是 tifa 上次输出的文件夹。",
            "Write into a non-empty folder that is not a previous tifa output."
        ))]
        force: bool,
        #[arg(long, short, help = tr("显示每个阶段所用的时间。", "Print the time each stage took."))]
        verbose: bool,
    },
    #[command(about = tr(
        "构建网站并在本机预览，文件改动后自动重新构建、刷新页面。",
        "Build the site, serve it locally, and rebuild and reload as files change."
    ))]
    Serve {
        #[arg(long, default_value = ".", help = root_help())]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1", help = tr(
            "监听的地址（127.0.0.1：只有本机能访问）。",
            "Address to listen on (127.0.0.1: only this machine)."
        ))]
        interface: String,
        #[arg(long, default_value_t = 1111, help = tr("监听的端口。", "Port to listen on."))]
        port: u16,
        #[arg(long, help = drafts_help())]
        drafts: bool,
        #[arg(long, help = tr("在默认浏览器中打开网站。", "Open the site in the default browser."))]
        open: bool,
    },
    #[command(about = tr(
        "检查知识库（不写任何文件），或按知识库的规则检查一篇文稿。",
        "Check the knowledge base without writing anything, or a draft against its rules."
    ))]
    Check {
        #[arg(long, default_value = ".", help = root_help())]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human, help = tr(
            "输出格式：human（给人看，写到标准错误）或 json（给编辑器和 CI，写到标准输出）。",
            "Output format: human (on stderr) or json (on stdout, for editors and CI)."
        ))]
        format: Format,
        #[arg(long, help = tr(
            "像校稿页面那样检查这篇纯文本文稿（UTF-8），而不是检查知识库。",
            "Check this plain-text draft (UTF-8) as the 校稿 page does, instead of the knowledge base."
        ))]
        draft: Option<PathBuf>,
        #[arg(long, requires = "draft", help = tr(
            "文稿的日期：YYYY-MM-DD、YYYY-MM 或 YYYY（默认为今天）。",
            "The draft's date: YYYY-MM-DD, YYYY-MM or YYYY (default: today)."
        ))]
        date: Option<String>,
        #[arg(long, requires = "draft", help = tr(
            "文稿的文种，有些规则只适用于某些文种。",
            "The draft's document type (文种), for rules that apply only to some types."
        ))]
        doc_type: Option<String>,
    },
    #[command(about = tr(
        "把原始报告（.docx、网页、纯文本或 Markdown）拆成一个来源页面和若干摘录。",
        "Split raw reports (.docx, web pages, text or Markdown) into a source page and excerpts."
    ))]
    Import {
        #[arg(required = true, help = tr(
            "报告文件：.docx（Word、WPS）、.html/.htm（从浏览器保存的网页）、.txt 或 .md（UTF-8 或 GBK）。.doc、.wps 和 .pdf 不能导入，会说明如何转换。",
            "The report files: .docx (Word, WPS), .html/.htm (saved from a browser), .txt or .md (UTF-8 or GBK). .doc, .wps and .pdf are refused with how to convert them."
        ))]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".", help = root_help())]
        root: PathBuf,
        #[arg(long, help = tr(
            "写入的内容文件夹（默认为 ROOT/content）。",
            "Content folder to write into (default: ROOT/content)."
        ))]
        into: Option<PathBuf>,
        #[arg(long, help = tr(
            "只列出计划（文件、标题、部分、去掉的行），不写任何文件。",
            "Print the plan (files, titles, parts, removed lines) and write nothing."
        ))]
        dry_run: bool,
        #[arg(long, help = tr(
            "覆盖内容不同的已有文件。",
            "Overwrite existing files whose content differs."
        ))]
        force: bool,
        #[arg(long, help = tr(
            "来源页面的文件名（sources/SLUG.md、excerpts/SLUG/），代替由报告标题生成的名称；只能用于一个文件。",
            "File name of the source page (sources/SLUG.md, excerpts/SLUG/), instead of one made from the report's title; one file only."
        ))]
        slug: Option<String>,
    },
    #[command(about = tr(
        "新建一个提法、摘录、来源或规则包文件，每个字段都写好并附有注释。",
        "Create a new formulation, excerpt, source or rule pack file with every field, commented."
    ))]
    New {
        #[arg(value_enum, help = tr(
            "文件的种类：formulation（提法）、excerpt（摘录）、source（来源）或 rulepack（规则包）。",
            "The kind of file: formulation, excerpt, source or rulepack."
        ))]
        kind: Kind,
        #[arg(help = tr(
            "文件名，不带 .md（摘录写 来源/编号，例如 x-report/001）。",
            "File name without .md (for an excerpt: SOURCE/NNN)."
        ))]
        name: String,
        #[arg(long, default_value = ".", help = root_help())]
        root: PathBuf,
    },
    #[command(about = tr(
        "新建一个空的知识库，建好即可构建。",
        "Create a new, empty knowledge base that builds at once."
    ))]
    Init {
        #[arg(help = tr("要新建的文件夹。", "The folder to create."))]
        dir: PathBuf,
    },
}

fn root_help() -> String {
    tr(
        "知识库的根目录，即放着 config.toml 和 content/ 的文件夹。",
        "Root of the knowledge base (the folder with config.toml and content/).",
    )
}

fn drafts_help() -> String {
    tr(
        "包括标了 `draft: true` 的页面。",
        "Include pages marked `draft: true`.",
    )
}

/// `--lang`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Kind {
    Formulation,
    Excerpt,
    Source,
    Rulepack,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // The language first: the help and clap's errors are made in it.
    requested_lang(&args).unwrap_or_else(Lang::from_env).set();
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match cli.command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            force,
            verbose,
        } => build(
            BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
                ..Default::default()
            },
            verbose,
        ),
        Command::Serve {
            root,
            interface,
            port,
            drafts,
            open,
        } => tifa::serve::serve(tifa::serve::ServeOptions {
            root,
            interface,
            port,
            drafts,
            open,
        }),
        Command::Check {
            root,
            format,
            draft: Some(draft),
            date,
            doc_type,
        } => check_draft(&root, format, &draft, date.as_deref(), doc_type),
        Command::Check { root, format, .. } => check(&root, format),
        Command::Import {
            files,
            root,
            into,
            dry_run,
            force,
            slug,
        } => import(ImportRequest {
            files,
            root,
            into,
            dry_run,
            force,
            slug,
        }),
        Command::New { kind, name, root } => new(kind, &name, &root),
        Command::Init { dir } => init(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let prefix = t!("错误：", "error: ");
            eprintln!("{prefix}{error:#}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// `--lang X` or `--lang=X` anywhere before `--`, read before clap parses
/// the command line (its help and errors depend on it). A value that is
/// not a language is left for clap to report.
fn requested_lang(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().and_then(|value| Lang::parse(&value));
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::parse(value);
        }
    }
    None
}

/// The command line, parsed with help and errors in the run's language;
/// help, version and usage errors end the run with clap's exit code.
fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    let mut command = Cli::command();
    if Lang::current() == Lang::Zh {
        command = tifa::i18n::cli::localize(command);
    }
    command.build();
    command = command.mut_subcommand("help", |help| {
        help.about(tr(
            "显示本帮助，或某个命令的帮助",
            "Print this message or the help of the given subcommand(s)",
        ))
    });
    let matches = command.try_get_matches_from_mut(args);
    let error = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    let chinese = match Lang::current() {
        Lang::Zh => tifa::i18n::cli::error_message(&error),
        Lang::En => None,
    };
    match chinese {
        Some(message) => eprint!("{message}"),
        None => {
            let _ = error.print();
        }
    }
    Err(ExitCode::from(error.exit_code().clamp(0, 255) as u8))
}

fn build(options: BuildOptions, verbose: bool) -> Result<(), Error> {
    let report = tifa::build(&options)?;
    print_human(&report.diagnostics);
    if report.recovered {
        eprintln!(
            "{}",
            t!(
                "说明：之前的一次构建在移动文件时被中断，已先把它撤销",
                "note: an earlier build was interrupted while moving its files; that was undone first"
            )
        );
    }
    let Some(stats) = report.written else {
        let untouched = match &report.output_dir {
            Some(dir) => {
                let dir = dir.display();
                t!("{dir} 未做任何改动", "{dir} left untouched")
            }
            None => t!("什么也没有写入", "nothing was written"),
        };
        let count = count(&report.diagnostics);
        return Err(Error::Content(t!(
            "构建失败：{count}；{untouched}",
            "build failed: {count}; {untouched}"
        )));
    };
    if verbose {
        let phases = tifa::commands::phase_times(&report.phases);
        eprintln!("{}", t!("各阶段用时：{phases}", "{phases}"));
    }
    let (pages, dir) = (report.pages, report.output_dir.unwrap_or_default());
    let dir = dir.display();
    let (written, unchanged, removed) = (stats.written, stats.unchanged, stats.removed);
    let warnings = warnings_suffix(&report.diagnostics);
    eprintln!(
        "{}",
        t!(
            "已把 {pages} 个页面构建到 {dir}（写入 {written} 个文件，{unchanged} 个未变，删除 {removed} 个）{warnings}",
            "built {pages} pages into {dir} ({written} written, {unchanged} unchanged, {removed} removed){warnings}"
        )
    );
    Ok(())
}

fn check(root: &Path, format: Format) -> Result<(), Error> {
    let diagnostics = tifa::commands::check(root)?;
    match format {
        Format::Human => {
            print_human(&diagnostics);
            if diagnostics.is_empty() {
                eprintln!("{}", t!("没有发现问题", "no problems found"));
            } else if !diagnostics.has_errors() {
                eprintln!("{}", count(&diagnostics));
            }
        }
        Format::Json => {
            let list: Vec<_> = diagnostics.iter().collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
            );
        }
    }
    if diagnostics.has_errors() {
        return Err(Error::Content(count(&diagnostics)));
    }
    Ok(())
}

/// `tifa check --draft FILE`: the findings of the 校稿 page, as JSON
/// (`{"findings": [...]}`, offsets in UTF-16 code units) or one per line.
fn check_draft(
    root: &Path,
    format: Format,
    draft: &Path,
    date: Option<&str>,
    doc_type: Option<String>,
) -> Result<(), Error> {
    let report = tifa::commands::check_draft(root, draft, date, doc_type)?;
    print_human(&report.errors);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "findings": report.findings }))
                .unwrap_or_else(|_| "{}".to_string())
        ),
        Format::Human => {
            for finding in &report.findings {
                println!("{}", tifa::check::draft::describe(finding));
            }
            let (n, draft) = (report.findings.len(), draft.display());
            eprintln!(
                "{}",
                t!("{draft} 中有 {n} 处需要注意", "{n} finding(s) in {draft}")
            );
        }
    }
    if report.errors.has_errors() {
        return Err(Error::Content(count(&report.errors)));
    }
    Ok(())
}

fn import(request: ImportRequest) -> Result<(), Error> {
    let dry_run = request.dry_run;
    let report = tifa::commands::import(request)?;
    for plan in &report.plans {
        print!("{plan}");
    }
    match report.written {
        None if dry_run => eprintln!("{}", Msg::DryRun),
        None => {}
        Some(count) => eprintln!(
            "{}",
            Msg::Wrote {
                count,
                folder: report.into.display().to_string(),
            }
        ),
    }
    Ok(())
}

fn new(kind: Kind, name: &str, root: &Path) -> Result<(), Error> {
    let kind = match kind {
        Kind::Formulation => tifa::parse::PageKind::Formulation,
        Kind::Excerpt => tifa::parse::PageKind::Excerpt,
        Kind::Source => tifa::parse::PageKind::Source,
        Kind::Rulepack => tifa::parse::PageKind::Rulepack,
    };
    tifa::commands::require_root(root)?;
    let path = tifa::scaffold::new_page(root, kind, name)
        .map_err(|e| Error::usage(tifa::i18n::error_chain(&e)))?;
    println!("{}", path.display());
    Ok(())
}

fn init(dir: &Path) -> Result<(), Error> {
    let files = tifa::scaffold::init(dir).map_err(|e| Error::usage(tifa::i18n::error_chain(&e)))?;
    for file in files {
        println!("{}", file.display());
    }
    let dir = dir.display();
    eprintln!(
        "{}",
        t!(
            "已在 {dir} 新建知识库；运行 `tifa serve --root {dir}` 即可预览",
            "created a knowledge base in {dir}; run `tifa serve --root {dir}`"
        )
    );
    Ok(())
}

fn print_human(diagnostics: &Diagnostics) {
    for d in diagnostics.iter() {
        eprintln!("{}", d.to_human());
    }
}

fn warnings_suffix(diagnostics: &Diagnostics) -> Text {
    match diagnostics.warning_count() {
        0 => Text::default(),
        n => t!("，{n} 个警告", ", {n} warning(s)"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
