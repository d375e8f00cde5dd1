//! The hardening corpus, round two (issue 17): a wrong type for every
//! field of every kind (formulation with its citable fields, excerpt,
//! source, section, rule pack, every page), config values, contradictions
//! in the graph, and names. Each case is checked fully: after a good
//! build, the bad file makes `tifa build` exit 1 with an error at the
//! file:line:column given and saying what is given, leaves the previous
//! output exactly as it was, and `tifa check` reports the same error;
//! both commands say it in Chinese by default and in English with
//! `--lang en` (`assert_bilingual`).
//! (The HTTP cases are in `http.rs`: they need a running server.)

use super::{assert_reports, assert_untouched, run_bounded};
use crate::common::Site;
use crate::common::languages::assert_bilingual;

/// One bad input: the files it writes, where the error must point and
/// what it must say.
struct Case {
    files: &'static [(&'static str, &'static str)],
    at: &'static str,
    says: &'static str,
}

const fn case(
    files: &'static [(&'static str, &'static str)],
    at: &'static str,
    says: &'static str,
) -> Case {
    Case { files, at, says }
}

const F: &str = "content/formulations/新提法.md";
const E: &str = "content/excerpts/x-report/009.md";
const S: &str = "content/sources/y-report.md";
const G: &str = "content/guide/_index.md";
const P: &str = "content/guide/x.md";
const R: &str = "content/rules/a.md";
const RULES: (&str, &str) = (
    "content/rules/_index.md",
    "---\ntitle: 规则\npage_kind: rulepack\n---\n",
);

/// Runs every case on a fresh copy of the `basic` fixture.
#[track_caller]
fn run_all(cases: &[Case]) {
    for (n, case) in cases.iter().enumerate() {
        let site = Site::fixture("basic");
        site.build().assert_ok();
        let before = site.snapshot();
        for (path, text) in case.files {
            if *path == "config.toml" {
                let config = std::fs::read_to_string(site.path(path)).unwrap();
                site.write(path, config + text);
            } else {
                site.write(path, text);
            }
        }
        let build = run_bounded(&site, &["build"]);
        assert_eq!(
            build.code, 1,
            "case {n} ({}) should fail:\n{}",
            case.says, build.stderr
        );
        assert_reports("build", &build, "error", case.at, case.says);
        assert_untouched(&site, &before);
        let check = run_bounded(&site, &["check"]);
        assert_eq!(check.code, 1, "case {n}: check passed:\n{}", check.stderr);
        assert_reports("check", &check, "error", case.at, case.says);
        for command in ["build", "check"] {
            assert_bilingual(&site, &[command]);
        }
    }
}

#[test]
fn wrong_types_for_every_formulation_field_are_located() {
    run_all(&[
        case(
            &[(F, "---\ntitle: 新提法\nfull: [甲, 乙]\n---\n")],
            "content/formulations/新提法.md:3:7",
            "full: invalid type: sequence, expected a string",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nwording: maybe\n---\n")],
            "content/formulations/新提法.md:4:10",
            "wording: unknown variant `maybe`",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nparts: 甲乙\n---\n")],
            "content/formulations/新提法.md:4:8",
            "parts: invalid type: string",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nvariants: {a: 1}\n---\n")],
            "content/formulations/新提法.md:4:11",
            "variants: invalid type: map",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\ncategory: [a]\n---\n")],
            "content/formulations/新提法.md:4:11",
            "category: invalid type: sequence",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\norigin: {年: 2016}\n---\n")],
            "content/formulations/新提法.md:4:9",
            "origin: invalid type: map",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nstatus: old\n---\n")],
            "content/formulations/新提法.md:4:9",
            "status: unknown variant `old`",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nsuperseded_by: [四风]\n---\n",
            )],
            "content/formulations/新提法.md:4:16",
            "superseded_by: invalid type: sequence",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\ncollocations: {增强: 1}\n---\n",
            )],
            "content/formulations/新提法.md:4:15",
            "collocations: invalid type: map",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nrelated: 四风\n---\n")],
            "content/formulations/新提法.md:4:10",
            "related: invalid type: string",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\naccepted_variants: 7\n---\n",
            )],
            "content/formulations/新提法.md:4:20",
            "accepted_variants: invalid type: integer `7`",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nchanged: 去年\n---\n")],
            "content/formulations/新提法.md:4:10",
            "changed: `去年` is not a date",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nverified: [2024]\n---\n")],
            "content/formulations/新提法.md:4:11",
            "verified: invalid type: sequence, expected a date",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nverified: 2024.5\n---\n")],
            "content/formulations/新提法.md:4:11",
            "is a decimal number, not a date",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nauthority: 党章第一条\n---\n",
            )],
            "content/formulations/新提法.md:4:12",
            "authority: invalid type: string",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nauthority:\n  text: 甲。\n  document: 党章\n  issuer: 中共中央\n  date: 明天\n---\n",
            )],
            "content/formulations/新提法.md:8:9",
            "authority.date: `明天` is not a date",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nauthority:\n  text: 甲。\n  pending: 也许\n---\n",
            )],
            "content/formulations/新提法.md:6:12",
            "authority.pending: invalid type: string",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nauthority:\n  text: 甲。\n  page: 3\n---\n",
            )],
            "content/formulations/新提法.md:6:3",
            "authority: unknown field `page`",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nhistory: {2016: 甲}\n---\n",
            )],
            "content/formulations/新提法.md:4:10",
            "history: invalid type: map",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nhistory:\n  - date: 2016\n    wording: [甲]\n---\n",
            )],
            "content/formulations/新提法.md:6:14",
            "history[0].wording: invalid type: sequence",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nmisuses: 坚定两个维护\n---\n",
            )],
            "content/formulations/新提法.md:4:10",
            "misuses: invalid type: string",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nmisuses:\n  - wrong: 乙\n    right: [甲]\n---\n",
            )],
            "content/formulations/新提法.md:6:12",
            "misuses[0].right: invalid type: sequence",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nphrasings: [问题]\n---\n")],
            "content/formulations/新提法.md:4:12",
            "phrasings: invalid type: sequence",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nphrasings:\n  problem: {a: b}\n---\n",
            )],
            "content/formulations/新提法.md:5:12",
            "phrasings.problem: invalid type: map",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\naliases: {old: x}\n---\n")],
            "content/formulations/新提法.md:4:10",
            "aliases: invalid type: map",
        ),
    ]);
}

#[test]
fn wrong_types_for_excerpt_source_section_page_and_rule_pack_fields_are_located() {
    run_all(&[
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: [x-report]\norder: 9\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:3:9",
            "source: invalid type: sequence",
        ),
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: x-report\norder: 第九\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:4:8",
            "order: invalid type: string",
        ),
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: x-report\norder: 9\npart: summary\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:5:7",
            "part: unknown variant `summary`",
        ),
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: x-report\norder: 9\ntopics: {政治建设: 1}\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:5:9",
            "topics: invalid type: map",
        ),
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: x-report\norder: 9\nsection_path: 存在问题\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:5:15",
            "section_path: invalid type: string",
        ),
        case(
            &[(S, "---\ntitle: Y报告\ndoc_type: [主体责任报告]\n---\n")],
            "content/sources/y-report.md:3:11",
            "doc_type: invalid type: sequence",
        ),
        case(
            &[(S, "---\ntitle: Y报告\nlevel: {区县: 1}\n---\n")],
            "content/sources/y-report.md:3:8",
            "level: invalid type: map",
        ),
        case(
            &[(S, "---\ntitle: Y报告\nyear: 二〇一九年\n---\n")],
            "content/sources/y-report.md:3:7",
            "year: invalid type: string",
        ),
        case(
            &[(S, "---\ntitle: Y报告\nissuer: [甲, 乙]\n---\n")],
            "content/sources/y-report.md:3:9",
            "issuer: invalid type: sequence",
        ),
        case(
            &[(G, "---\ntitle: 指南\npage_kind: blog\n---\n")],
            "content/guide/_index.md:3:12",
            "page_kind: unknown variant `blog`",
        ),
        case(
            &[(G, "---\ntitle: 指南\npaginate_by: 很多\n---\n")],
            "content/guide/_index.md:3:14",
            "paginate_by: invalid type: string",
        ),
        case(
            &[(G, "---\ntitle: 指南\nsort_by: random\n---\n")],
            "content/guide/_index.md:3:10",
            "sort_by: unknown variant `random`",
        ),
        case(
            &[RULES, (R, "---\ntitle: 规则包\nscope: [2020]\n---\n")],
            "content/rules/a.md:3:8",
            "scope: invalid type: sequence",
        ),
        case(
            &[
                RULES,
                (R, "---\ntitle: 规则包\nscope:\n  from: 很久以前\n---\n"),
            ],
            "content/rules/a.md:4:9",
            "scope.from: `很久以前` is not a date",
        ),
        case(
            &[RULES, (R, "---\ntitle: 规则包\nrules: {kind: name}\n---\n")],
            "content/rules/a.md:3:8",
            "rules: invalid type: map",
        ),
        case(
            &[
                RULES,
                (
                    R,
                    "---\ntitle: 规则包\nrules:\n  - kind: banned\n    right: 甲\n---\n",
                ),
            ],
            "content/rules/a.md:4:11",
            "rules[0].kind: unknown variant `banned`",
        ),
        case(
            &[
                RULES,
                (
                    R,
                    "---\ntitle: 规则包\nrules:\n  - kind: name\n    right: 甲\n    wrong: {乙: 1}\n---\n",
                ),
            ],
            "content/rules/a.md:6:12",
            "rules[0].wrong: invalid type: map",
        ),
        case(
            &[
                RULES,
                (
                    R,
                    "---\ntitle: 规则包\nrules:\n  - kind: forbidden\n    wrong: [乙]\n    until: 下个月\n---\n",
                ),
            ],
            "content/rules/a.md:6:12",
            "rules[0].until: `下个月` is not a date",
        ),
        case(
            &[(P, "---\ntitle: 页\nweight: 很重\n---\n")],
            "content/guide/x.md:3:9",
            "weight: invalid type: string",
        ),
        case(
            &[(P, "---\ntitle: 页\ndraft: 也许\n---\n")],
            "content/guide/x.md:3:8",
            "draft: invalid type: string",
        ),
        case(
            &[(P, "---\ntitle: 页\ntags: {a: 1}\n---\n")],
            "content/guide/x.md:3:7",
            "tags: invalid type: map",
        ),
        case(
            &[(P, "---\ntitle: 页\nslug: [a, b]\n---\n")],
            "content/guide/x.md:3:7",
            "slug: invalid type: sequence",
        ),
        case(
            &[(P, "---\ntitle: 页\nextra: [1, 2]\n---\n")],
            "content/guide/x.md:3:8",
            "extra: invalid type: sequence",
        ),
        case(
            &[(P, "---\ntitle: 页\ndate: 明天\n---\n")],
            "content/guide/x.md:3:7",
            "`date: 明天` is not a date",
        ),
        case(
            &[(P, "---\ntitle: [页]\n---\n")],
            "content/guide/x.md:2:8",
            "title: invalid type: sequence",
        ),
        case(
            &[(P, "---\ntitle: 页\nallow: variant-spelling\n---\n")],
            "content/guide/x.md:3:8",
            "allow: invalid type: string",
        ),
        case(
            &[(P, "---\ntitle: 页\nrelated: [四风]\n---\n")],
            "content/guide/x.md:3:1",
            "unknown field `related`",
        ),
    ]);
}

#[test]
fn wrong_config_values_are_located_in_config_toml() {
    run_all(&[
        case(
            &[("config.toml", "feed_limit = \"ten\"\n")],
            "config.toml:4:14",
            "invalid type: string \"ten\", expected usize",
        ),
        case(
            &[("config.toml", "slugify = \"ascii\"\n")],
            "config.toml:4:11",
            "unknown variant `ascii`",
        ),
        case(
            &[("config.toml", "theme = [\"a\"]\n")],
            "config.toml:4:9",
            "invalid type: sequence, expected a string",
        ),
        case(
            &[("config.toml", "language = 7\n")],
            "config.toml:4:12",
            "invalid type: integer `7`",
        ),
        case(
            &[("config.toml", "[markdown]\nhighlight_code = \"yes\"\n")],
            "config.toml:5:18",
            "expected a boolean",
        ),
        case(
            &[(
                "config.toml",
                "[check]\nallow = \"half-width-punctuation\"\n",
            )],
            "config.toml:5:9",
            "expected a sequence",
        ),
        case(
            &[("config.toml", "[security]\ntrust = [1]\n")],
            "config.toml:5:10",
            "invalid type: integer `1`",
        ),
        case(
            &[("config.toml", "[[taxonomies]]\nname = \"colour\"\n")],
            "config.toml:5:9",
            "unknown taxonomy `colour`",
        ),
        case(
            &[("config.toml", "[search]\nindex = \"no\"\n")],
            "config.toml:5:9",
            "expected a boolean",
        ),
        case(
            &[("config.toml", "title = \"again\"\n")],
            "config.toml:4:1",
            "duplicate key",
        ),
    ]);
}

#[test]
fn contradictions_in_the_graph_name_the_files() {
    run_all(&[
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nrelated: [没有这个]\n---\n",
            )],
            "content/formulations/新提法.md:4:10",
            "related: `没有这个` not found",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nsuperseded_by: 没有这个\n---\n",
            )],
            "content/formulations/新提法.md:4:16",
            "superseded_by: `没有这个` not found",
        ),
        case(
            &[(F, "---\ntitle: 新提法\nfull: 甲\nvariants: [四风]\n---\n")],
            "content/formulations/新提法.md:4:1",
            "`四风` is already a title or variant of content/formulations/四风.md",
        ),
        case(
            &[(
                F,
                "---\ntitle: 新提法\nfull: 甲\nhistory:\n  - date: 2020\n    wording: 乙\n  - date: 2010\n    wording: 甲\n---\n",
            )],
            "content/formulations/新提法.md:4:1",
            "history is not oldest first: entry 2 (2010) comes after entry 1 (2020)",
        ),
        case(
            &[(
                E,
                "---\ntitle: 九\nsource: 没有的来源\norder: 9\n---\n正文。\n",
            )],
            "content/excerpts/x-report/009.md:3:9",
            "source: `没有的来源` not found",
        ),
        case(
            &[(E, "---\ntitle: 九\norder: 9\n---\n正文。\n")],
            "content/excerpts/x-report/009.md:1:1",
            "an excerpt needs `source:`",
        ),
        case(
            &[(E, "---\ntitle: 九\nsource: \"\"\norder: 9\n---\n正文。\n")],
            "content/excerpts/x-report/009.md:3:1",
            "`source` is empty",
        ),
        case(
            &[(
                P,
                "---\ntitle: 页\naliases: [/formulations/si-feng/]\n---\n",
            )],
            "content/guide/x.md:3:1",
            "alias /formulations/si-feng/ is also the URL of content/formulations/四风.md",
        ),
        case(
            &[(P, "---\ntitle: 页\nslug: markdown\n---\n")],
            "content/guide/x.md:3:1",
            "URL /guide/markdown/ is also produced by content/guide/markdown.md",
        ),
        case(
            &[(P, "---\ntitle: 页\n---\n见[[没有这个提法]]。\n")],
            "content/guide/x.md:4:2",
            "`[[没有这个提法]]` names no formulation or page",
        ),
        case(
            &[(
                P,
                "---\ntitle: 页\n---\n见[四风](@/formulations/四风.md#没有这个标题)。\n",
            )],
            "content/guide/x.md:4:2",
            "has no heading `#没有这个标题`",
        ),
    ]);
}

#[test]
fn names_that_cannot_be_outputs_are_located() {
    run_all(&[
        case(
            &[(P, "---\ntitle: 页\naliases: [\"../../x/\"]\n---\n")],
            "content/guide/x.md:3:1",
            "may not contain `.` or `..` segments",
        ),
        case(
            &[(P, "---\ntitle: 页\ntemplate: nope.html\n---\n")],
            "content/guide/x.md:3:1",
            "`template: nope.html` names no template",
        ),
        case(
            &[
                ("content/guide/x.md", "---\ntitle: 页\n---\n"),
                ("static/guide/x", "a file named like the page's folder"),
            ],
            "content/guide/x.md:1:1",
            "static/guide/x makes the file guide/x",
        ),
        case(
            &[("static/robots.txt", "User-agent: *\n")],
            "static/robots.txt",
            "two outputs claim robots.txt: tifa's own robots.txt and static/robots.txt",
        ),
    ]);
}
