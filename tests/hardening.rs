//! Bad inputs: nothing an author can put in `content/` may crash tifa, hang
//! it, or get script into the site.
//!
//! Each test copies the `basic` fixture, adds one bad input (the committed
//! ones are in `tests/fixtures/bad/`; the 20 MB file and the symlinks are
//! made here), and runs both `tifa build` and `tifa check` under a time
//! limit: each must exit normally (0, 1 or 2; never a panic or a signal) and
//! an error must name the file, with line and column where the input has
//! them. Sites that build are scanned for script that came from content.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::common::{Run, Site, TIFA, select, text};

/// A run still going after this long is a hang, and fails the test.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What a bad input must lead to, for build and check alike.
enum Expect<'a> {
    /// Builds (exit 0); `check` finds no error.
    Builds,
    /// Builds, with a warning that names `file` and says `message`.
    Warns { file: &'a str, message: &'a str },
    /// Both exit 1 with an error at `at` (`content/x.md:3:1`) saying `message`.
    Fails { at: &'a str, message: &'a str },
}

/// Runs `tifa <args> --root <site>`, killing it after [`TIME_LIMIT`].
/// Output goes to files, so a chatty child can never block on a full pipe.
fn run_bounded(site: &Site, args: &[&str]) -> Run {
    let logs = tempfile::tempdir().expect("temp dir");
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(TIFA)
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("run tifa");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tifa") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "tifa {args:?} hung: killed after {TIME_LIMIT:?}\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&out_path),
        stderr: read(&err_path),
    };
    assert!(
        status.code().is_some(),
        "tifa {args:?} was killed by a signal ({status}):\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "tifa {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        [0, 1, 2].contains(&run.code),
        "tifa {args:?} exited {}:\n{}",
        run.code,
        run.stderr
    );
    run
}

/// Runs build and check on `site` and holds both to `expect`. Returns the
/// build's run.
#[track_caller]
fn survives(site: &Site, expect: Expect) -> Run {
    let build = run_bounded(site, &["build"]);
    let check = run_bounded(site, &["check"]);
    for (command, run) in [("build", &build), ("check", &check)] {
        match expect {
            Expect::Builds => {
                assert_eq!(run.code, 0, "tifa {command} failed:\n{}", run.stderr);
            }
            Expect::Warns { file, message } => {
                assert_eq!(run.code, 0, "tifa {command} failed:\n{}", run.stderr);
                assert_reports(command, run, "warning", file, message);
            }
            Expect::Fails { at, message } => {
                assert_eq!(run.code, 1, "tifa {command} should fail:\n{}", run.stderr);
                assert_reports(command, run, "error", at, message);
            }
        }
    }
    build
}

/// The human output has a `severity[rule]: message` header followed by a
/// `--> location` line: find one whose location starts with `at` and whose
/// message contains `message`.
#[track_caller]
fn assert_reports(command: &str, run: &Run, severity: &str, at: &str, message: &str) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let found = lines.windows(2).any(|pair| {
        pair[0].starts_with(&format!("{severity}["))
            && pair[0].contains(message)
            && pair[1]
                .trim_start()
                .strip_prefix("--> ")
                .is_some_and(|location| location == at || location.starts_with(&format!("{at}:")))
    });
    assert!(
        found,
        "tifa {command}: expected {severity} `{message}` at {at}, got:\n{}",
        run.stderr
    );
}

/// A committed bad input.
fn bad(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- encodings

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let site = Site::fixture("basic");
    site.write("content/guide/bad.md", bad("invalid-utf8.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/bad.md:4:3",
            message: "neither UTF-8 nor GBK",
        },
    );
}

#[test]
fn gbk_is_converted_with_a_warning() {
    let site = Site::fixture("basic");
    site.write("content/guide/gbk.md", bad("gbk.md"));
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/gbk.md",
            message: "GBK",
        },
    );
    assert_eq!(
        text(&select(&site.html("guide/gbk/index.html"), "h1")[0]),
        "国标编码"
    );
}

#[test]
fn control_characters_become_spaces_with_a_warning() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/pasted.md",
        "---\ntitle: 粘贴\n---\n从Word粘贴\u{b}的文字\u{c}，还有\u{7f}删除符。\n".as_bytes(),
    );
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/pasted.md:4:8",
            message: "3 invisible control character(s), the first U+000B",
        },
    );
    let html = std::fs::read_to_string(site.path("public/guide/pasted/index.html")).unwrap();
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "no control characters reach the page"
    );
    let body = text(&select(&site.html("guide/pasted/index.html"), "main p")[0]);
    assert!(body.contains("从Word粘贴 的文字 ，还有 删除符。"), "{body}");
}

#[test]
fn bom_is_stripped() {
    let site = Site::fixture("basic");
    site.write("content/guide/bom.md", bad("bom.md"));
    survives(&site, Expect::Builds);
    assert_eq!(
        text(&select(&site.html("guide/bom/index.html"), "h1")[0]),
        "带BOM"
    );
}

#[test]
fn crlf_errors_keep_their_line_numbers() {
    let site = Site::fixture("basic");
    site.write("content/guide/crlf.md", bad("crlf-error.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/crlf.md:3:1",
            message: "titel",
        },
    );
}

#[test]
fn binary_file_is_refused() {
    let site = Site::fixture("basic");
    site.write("content/guide/logo.md", bad("binary.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/logo.md",
            message: "binary file",
        },
    );
}

// ------------------------------------------------------------- front matter

#[test]
fn empty_file_has_no_front_matter() {
    let site = Site::fixture("basic");
    site.write("content/guide/empty.md", bad("empty.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/empty.md:1:1",
            message: "no front matter",
        },
    );
}

#[test]
fn front_matter_only_builds() {
    let site = Site::fixture("basic");
    site.write("content/guide/only.md", bad("front-matter-only.md"));
    survives(&site, Expect::Builds);
    assert_eq!(
        text(&select(&site.html("guide/only/index.html"), "h1")[0]),
        "只有前言"
    );
}

#[test]
fn unterminated_front_matter_points_at_the_opening_fence() {
    let site = Site::fixture("basic");
    site.write("content/guide/open.md", bad("unterminated.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/open.md:1:1",
            message: "never closed",
        },
    );
}

#[test]
fn yaml_alias_bomb_is_bounded() {
    let site = Site::fixture("basic");
    site.write("content/guide/bomb.md", bad("alias-bomb.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/bomb.md",
            message: "repetition limit",
        },
    );
}

#[test]
fn deeply_nested_yaml_is_bounded() {
    let site = Site::fixture("basic");
    site.write("content/guide/deep.md", bad("deep-yaml.md"));
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/deep.md:4",
            message: "recursion limit",
        },
    );
}

/// A `template:` naming no template (here a path out of the site) was
/// reported as `--> template ../../../../etc/passwd`, naming neither the
/// file nor the line to fix.
#[test]
fn missing_template_error_names_the_front_matter_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/tpl.md",
        "---\ntitle: 模板\ntemplate: ../../../../etc/passwd\n---\n",
    );
    let build = run_bounded(&site, &["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_reports(
        "build",
        &build,
        "error",
        "content/guide/tpl.md:3:1",
        "`template: ../../../../etc/passwd` names no template",
    );
    assert!(!build.stderr.contains("root:"), "{}", build.stderr);
    // `check` does not render, so it cannot see this; it must still survive.
    run_bounded(&site, &["check"]);
}

// ----------------------------------------------------------------- Markdown

#[test]
fn deeply_nested_markdown_builds() {
    let site = Site::fixture("basic");
    site.write("content/guide/deep.md", bad("deep-markdown.md"));
    survives(&site, Expect::Builds);
}

/// 20 MB is far beyond any real page (a whole party congress report is
/// under 100 KB); tifa refuses it before reading it, instead of spending
/// gigabytes of memory on its mentions and search postings.
#[test]
fn a_20_mb_file_is_refused_quickly() {
    let site = Site::fixture("basic");
    let paragraph = "增强“四个意识”，坚决做到“两个维护”，持续纠治“四风”问题。\n\n";
    let mut body = String::from("---\ntitle: 大文件\n---\n");
    while body.len() < 20 * 1024 * 1024 {
        body.push_str(paragraph);
    }
    site.write("content/guide/big.md", body);
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/big.md",
            message: "larger than",
        },
    );
}

/// Below the limit a large file still builds, in reasonable time.
#[test]
fn a_large_file_under_the_limit_builds() {
    let site = Site::fixture("basic");
    let paragraph = "各级党组织要增强“四个意识”，坚决做到“两个维护”，纠治“四风”。\n\n";
    let mut body = String::from("---\ntitle: 长文\n---\n");
    while body.len() < 1024 * 1024 {
        body.push_str(paragraph);
    }
    site.write("content/guide/long.md", body);
    survives(&site, Expect::Builds);
}

// --------------------------------------------------------------- file names

#[test]
fn file_names_with_spaces_chinese_and_emoji_build() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/my page.md",
        "---\ntitle: 空格\n---\n见 [链接](<@/guide/写作 指南.md>)。\n",
    )
    .write(
        "content/guide/写作 指南.md",
        "---\ntitle: 中文名\n---\n正文\n",
    )
    .write("content/guide/🎉庆祝.md", "---\ntitle: 表情\n---\n正文\n")
    .write("content/guide/a#b?c%d.md", "---\ntitle: 符号\n---\n正文\n")
    .write("content/文件 夹/_index.md", "---\ntitle: 文件夹\n---\n")
    .write("content/文件 夹/页 面.md", "---\ntitle: 页面\n---\n");
    survives(&site, Expect::Builds);
    let files = site.output_files();
    for expected in [
        "guide/my-page/index.html",
        "guide/xie-zuo-zhi-nan/index.html",
        "guide/qing-zhu/index.html",
        "guide/a-b-c-d/index.html",
        "wen-jian-jia/ye-mian/index.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected}: {files:#?}"
        );
    }
}

#[test]
fn emoji_only_file_names_that_collide_are_a_duplicate_url() {
    let site = Site::fixture("basic");
    site.write("content/guide/🎉.md", "---\ntitle: 一\n---\n")
        .write("content/guide/🎈.md", "---\ntitle: 二\n---\n");
    let build = survives(
        &site,
        Expect::Fails {
            at: "content/guide/🎉.md",
            message: "content/guide/🎈.md",
        },
    );
    assert!(build.stderr.contains("duplicate-url"), "{}", build.stderr);
}

#[test]
fn case_colliding_file_names_name_both_files() {
    let site = Site::fixture("basic");
    site.write("content/guide/A.md", "---\ntitle: 大写\n---\n")
        .write("content/guide/a.md", "---\ntitle: 小写\n---\n");
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/a.md",
            message: "URL /guide/a/ is also produced by content/guide/A.md",
        },
    );
}

#[test]
fn a_slug_colliding_with_a_chinese_file_name_names_both_files() {
    let site = Site::fixture("basic");
    site.write(
        "content/formulations/意识.md",
        "---\ntitle: 意识\nslug: si-ge-yi-shi\n---\n",
    );
    survives(
        &site,
        Expect::Fails {
            at: "content/formulations/意识.md:3:1",
            message: "URL /formulations/si-ge-yi-shi/ is also produced by content/formulations/四个意识.md",
        },
    );
}

#[test]
fn a_slug_with_dot_dot_stays_inside_the_output() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/escape.md",
        "---\ntitle: 越界\nslug: ../../../outside\n---\n",
    )
    .write(
        "content/guide/escape2.md",
        "---\ntitle: 越界二\nslug: \"..\\\\..\\\\windows\"\n---\n",
    );
    survives(&site, Expect::Builds);
    let files = site.output_files();
    assert!(
        files.contains(&"guide/outside/index.html".to_string()),
        "{files:#?}"
    );
    assert!(
        files.contains(&"guide/windows/index.html".to_string()),
        "{files:#?}"
    );
    let root_entries: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !root_entries.contains(&"outside".to_string()),
        "{root_entries:?}"
    );
}

// ----------------------------------------------------------------- symlinks

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_warning_not_a_hang() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("..", site.path("content/guide/loop")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/loop",
            message: "symbolic link loop",
        },
    );
}

#[cfg(unix)]
#[test]
fn self_referencing_and_dangling_symlinks_are_warnings() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("self.md", site.path("content/guide/self.md")).unwrap();
    std::os::unix::fs::symlink("gone.md", site.path("content/guide/dangling.md")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/self.md",
            message: "cannot read",
        },
    );
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/dangling.md",
            message: "cannot read",
        },
    );
}

/// A link to a folder outside the knowledge base (here `/`) would make tifa
/// walk, and publish, the whole disk.
#[cfg(unix)]
#[test]
fn symlink_out_of_the_root_is_skipped() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("/", site.path("content/guide/disk")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", site.path("content/guide/host.md")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/disk",
            message: "outside the knowledge base",
        },
    );
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/host.md",
            message: "outside the knowledge base",
        },
    );
    assert!(!site.path("public/guide/disk").exists());
}

// ------------------------------------------------------- script in content

/// Every vector for markup in front matter and Markdown, at once: titles,
/// variants, tags, topics, slugs, section titles, `extra`, the site footer,
/// raw HTML, heading ids and classes, code languages, footnote labels.
const SCRIPT: &str = "<script>alert(1)</script>";

fn script_site() -> Site {
    let site = Site::fixture("basic");
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let attack = quoted(&format!("\"><img src=x onerror=alert(1)>{SCRIPT}"));
    site.write(
        "config.toml",
        format!(
            "title = {}\nbase_url = \"http://example.test/\"\n[extra]\nfooter = {}\n",
            quoted(&format!("站点{SCRIPT}")),
            quoted(&format!("页脚{SCRIPT}<a href=\"javascript:alert(1)\">x</a>"))
        ),
    )
    .write(
        "content/formulations/脚本.md",
        format!(
            "---\ntitle: {attack}\nfull: {attack}\nvariants: [{attack}, \"javascript:alert(1)\"]\ncategory: {attack}\norigin: {attack}\ncollocations: [{attack}]\nslug: {attack}\ndescription: {attack}\ntags: [{attack}]\nextra: {{ footer: {attack}, x: {attack} }}\n---\n正文提到 {SCRIPT} 与 javascript:alert(1)。\n"
        ),
    )
    .write(
        "content/excerpts/x-report/004.md",
        format!(
            "---\ntitle: {attack}\nsource: x-report\nsection_path: [{attack}, {attack}]\norder: 4\npart: measure\ntopics: [{attack}]\n---\n提到“四个意识”，{SCRIPT}。\n"
        ),
    )
    .write(
        "content/sources/y-report.md",
        format!(
            "---\ntitle: {attack}\ndoc_type: {attack}\nlevel: {attack}\nissuer: {attack}\nyear: 2020\n---\n"
        ),
    )
    .write(
        "content/脚本/_index.md",
        format!("---\ntitle: {attack}\ndescription: {attack}\nextra: {{ x: {attack} }}\n---\n{SCRIPT}\n"),
    )
    .write(
        "content/脚本/page.md",
        format!(
            "---\ntitle: {attack}\ndate: 2021-01-01\ntags: [{attack}]\n---\n\
# 标题 {{#x .y}}\n\n\
<script>alert(1)</script>\n\n\
<img src=x onerror=alert(1)>\n\n\
<a href=\"javascript:alert(1)\">raw</a>\n\n\
```js\" onmouseover=\"alert(1)\n{SCRIPT}\n```\n\n\
注[^x\"y]\n\n[^x\"y]: 脚注 {SCRIPT}\n\n\
![img](<x.png> \"\\\" onerror=alert(1)\")\n\n\
<!-- more -->\n\n\
`{SCRIPT}` 和“四个意识”\n"
        ),
    );
    site
}

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "srcset",
];

/// Script the theme did not put there: `<script>` other than the theme's
/// own files, inline handlers, and script URLs, in every HTML output.
fn script_from_content(site: &Site) -> Vec<String> {
    let mut found = Vec::new();
    for rel in site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.html(&rel);
        for element in select(&html, "*") {
            let name = element.value().name();
            if name == "script" {
                let src = element.value().attr("src").unwrap_or_default();
                let theirs = src.ends_with("/tifa.js")
                    || src.ends_with("/search.js")
                    || src.ends_with("/basket.js");
                if !theirs || !text(&element).trim().is_empty() {
                    found.push(format!("{rel}: <script src={src:?}>{}", text(&element)));
                }
            }
            if ["iframe", "object", "embed", "base", "frame"].contains(&name) {
                found.push(format!("{rel}: <{name}>"));
            }
            for (attr, value) in element.value().attrs() {
                let attr = attr.to_ascii_lowercase();
                if attr.starts_with("on") {
                    found.push(format!("{rel}: <{name} {attr}={value:?}>"));
                }
                if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(value) {
                    found.push(format!("{rel}: <{name} {attr}={value:?}>"));
                }
                if name == "meta" && attr == "http-equiv" {
                    found.push(format!("{rel}: <meta http-equiv={value:?}>"));
                }
            }
        }
    }
    found
}

/// `javascript:`, `data:` or `vbscript:`, whatever the case or spacing.
fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

#[test]
fn script_in_front_matter_and_markdown_is_escaped() {
    let site = script_site();
    survives(&site, Expect::Builds);
    let found = script_from_content(&site);
    assert!(
        found.is_empty(),
        "script from content in the output:\n{}",
        found.join("\n")
    );
    // The scan sees the theme's own scripts, so it is not vacuous, and the
    // text authors wrote is shown, not dropped.
    let page = site.html("jiao-ben/page/index.html");
    assert_eq!(select(&page, "script[src$='/tifa.js']").len(), 1);
    assert!(
        page.root_element()
            .html()
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(text(&select(&page, "h1")[0]).contains(SCRIPT));
}

#[test]
fn script_in_output_is_detected() {
    // The scanner itself: each of these must be reported.
    let site = Site::fixture("basic");
    site.build().assert_ok();
    std::fs::write(
        site.path("public/probe.html"),
        "<!DOCTYPE html><title>x</title><script>alert(1)</script><a href=' JaVa\tScRiPt:alert(1)'>x</a><img src=x onerror=alert(1)><a href='data:text/html,x'>d</a><iframe></iframe>",
    )
    .unwrap();
    let found = script_from_content(&site);
    assert_eq!(found.len(), 5, "{found:#?}");
}

/// Each way of writing a script link is refused with the link's position.
#[test]
fn script_links_are_refused_where_they_are_written() {
    let cases = [
        ("inline", "[x](javascript:alert(1))", "5:1"),
        ("cased", "[x]( JaVaScRiPt:alert(1) )", "5:1"),
        ("entity", "[x](&#106;avascript:alert(1))", "5:1"),
        ("named-entity", "[x](javascript&colon;alert(1))", "5:1"),
        ("angle", "[x](<java script:alert(1)>)", "5:1"),
        ("autolink", "<javascript:alert(1)>", "5:1"),
        ("image", "![x](data:text/html,<b>x</b>)", "5:1"),
        ("vbscript", "前文 [x](vbscript:msgbox(1))", "5:4"),
        ("reference", "[x][r]\n\n[r]: javascript:alert(1)", "5:1"),
    ];
    for (name, markdown, position) in cases {
        let site = Site::fixture("basic");
        let file = format!("content/guide/{name}.md");
        site.write(&file, format!("---\ntitle: 链接\n---\n\n{markdown}\n"));
        let at = format!("{file}:{position}");
        survives(
            &site,
            Expect::Fails {
                at: &at,
                message: "would run script",
            },
        );
    }
}

/// pulldown-cmark's `{key=value}` heading attributes let a heading carry
/// `onclick`; they are refused, ids and classes still work.
#[test]
fn heading_attribute_onclick_is_refused() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/attr.md",
        "---\ntitle: 属性\n---\n\n## 标题 {#ok .c onclick=alert(1)}\n",
    );
    survives(
        &site,
        Expect::Fails {
            at: "content/guide/attr.md:5:1",
            message: "onclick",
        },
    );
    site.write(
        "content/guide/attr.md",
        "---\ntitle: 属性\n---\n\n## 标题 {#ok .c}\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/attr/index.html");
    assert_eq!(select(&page, "h2#ok.c").len(), 1);
}

/// Found by the markdown fuzz target: a spelling with a space at its start,
/// matched right after a sentence end, made the sentence trim cut into the
/// match, and the mention's span underflowed (a panic in debug builds, a
/// slicing panic in the formulation page in release). The graph trims
/// spellings, so content could not reach it; the renderer's API could.
#[test]
fn mention_span_with_spaced_term_stays_inside_its_sentence() {
    use tifa::markdown::{Context, Resolve, Target, TermMatcher, TermTarget};
    struct Nothing;
    impl Resolve for Nothing {
        fn wiki(&self, _: &str) -> Option<Target> {
            None
        }
        fn path(&self, _: &str) -> Option<Target> {
            None
        }
    }
    let target = TermTarget {
        formulation: 0,
        url: "/f/".into(),
        title: " 四".into(),
        full: " 四".into(),
        status: "",
        wording: "",
    };
    let terms = TermMatcher::new(
        vec![target],
        &[(" 四".to_string(), 0), ("个 ".to_string(), 0)],
    );
    let context = Context {
        terms: &terms,
        resolve: &Nothing,
        own_formulation: None,
        highlight_code: false,
        link_terms: true,
        file: "content/a.md",
        body_line: 1,
    };
    let rendered = tifa::markdown::render("a。 四个 。\n", &context);
    assert_eq!(rendered.mentions.len(), 2);
    for mention in &rendered.mentions {
        assert_eq!(&mention.sentence[mention.span.clone()], mention.matched);
    }
}

/// Found by the markdown fuzz target: an aligned table column (`|--:|`)
/// came out as `<td style="text-align: right">`, an inline style that the
/// strict Content-Security-Policy the theme is built for blocks.
#[test]
fn table_alignment_is_a_class_not_an_inline_style() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/table.md",
        "---\ntitle: 表格\n---\n\n| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/table/index.html");
    assert!(
        select(&page, "[style]").is_empty(),
        "inline style in the output"
    );
    assert_eq!(select(&page, "th.align-left, td.align-left").len(), 2);
    assert_eq!(select(&page, "th.align-center, td.align-center").len(), 2);
    assert_eq!(select(&page, "th.align-right, td.align-right").len(), 2);
}

// ----------------------------------------------------------------- HTML ids

/// Every id on a page, with the duplicates.
fn duplicate_ids(html: &Html) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    select(html, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .filter(|id| !seen.insert(id.to_string()))
        .map(str::to_string)
        .collect()
}

/// A heading `Main` got the id `main`, which the theme's `<main>` has; a
/// footnote `[^1]` got the id `1`, which a heading `1` had too.
#[test]
fn heading_and_footnote_ids_never_collide_with_the_theme_or_each_other() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/ids.md",
        "---\ntitle: 编号\n---\n\n## Main\n\n## 1\n\n## fn-1\n\n## 1\n\n### A {#x}\n\n### B {#x}\n\n### site-search\n\n注[^1] 与[^a]。\n\n[^1]: 一\n\n[^a]: 二\n\n见 [主](#main-1)。\n",
    );
    survives(&site, Expect::Builds);
    let page = site.html("guide/ids/index.html");
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    let ids: Vec<&str> = select(&page, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert!(
        ids.iter()
            .all(|id| !id.is_empty() && !id.contains(char::is_whitespace)),
        "{ids:?}"
    );
    // Footnote references still point at their definitions.
    for reference in select(&page, ".footnote-reference a") {
        let href = reference.value().attr("href").unwrap();
        let target = &crate::common::percent_decode(href)[1..];
        assert!(ids.contains(&target), "{href} → nothing; ids {ids:?}");
    }
}

/// Every id the default theme's templates write must be reserved, so no
/// heading of content can take it (see `tifa::markdown::THEME_IDS`).
#[test]
fn theme_ids_are_reserved_for_headings() {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(&templates)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for id in template_ids(&source) {
            if !tifa::markdown::THEME_IDS.contains(&id.as_str()) {
                missing.push(format!("{}: {id}", entry.path().display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add these to THEME_IDS in src/markdown/mod.rs: {missing:#?}"
    );
}

/// Literal `id="…"` values of a template; `part-{{ g.part }}` expands to
/// every report part; numbered ids with an underscore are left out.
fn template_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for piece in source.split("id=\"").skip(1) {
        let Some(value) = piece.split('"').next() else {
            continue;
        };
        match value.split_once("{{") {
            None => ids.push(value.to_string()),
            Some(("part-", _)) => {
                ids.extend(
                    tifa::parse::Part::ALL
                        .iter()
                        .map(|p| format!("part-{}", p.as_str())),
                );
            }
            // A numbered id (`x_{{ n }}`): its literal part has an
            // underscore, which no heading id has (slug::heading_id keeps
            // letters, digits, CJK and hyphens).
            Some((prefix, _)) if prefix.contains('_') => {}
            Some(_) => panic!("template id {value:?}: teach template_ids its values"),
        }
    }
    ids
}
