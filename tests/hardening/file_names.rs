//! File names: spaces, Chinese, emoji, collisions, slugs that climb.

use super::*;

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
