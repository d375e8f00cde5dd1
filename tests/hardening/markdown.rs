//! Markdown: deep nesting and files too large to read.

use super::*;

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
