//! Front matter: empty, unterminated, YAML bombs, templates it names.

use super::*;

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
    // `check` does not render, but finds it as the build does.
    let check = run_bounded(&site, &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_reports(
        "check",
        &check,
        "error",
        "content/guide/tpl.md:3:1",
        "`template: ../../../../etc/passwd` names no template",
    );
    for command in ["build", "check"] {
        crate::common::languages::assert_bilingual(&site, &[command]);
    }
}
