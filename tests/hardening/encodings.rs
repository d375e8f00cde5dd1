//! Encodings: invalid UTF-8, GBK, control characters, BOM, CRLF, binary files.

use super::*;

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
    let page = site.html("guide/gbk/index.html");
    assert_eq!(text(&select(&page, "h1")[0]), "国标编码");
    let body = text(&select(&page, "main p")[0]);
    assert!(body.contains("增强“四个意识”"), "{body}");
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
fn bom_is_stripped_and_crlf_accepted() {
    let site = Site::fixture("basic");
    site.write("content/guide/bom.md", bad("bom.md"));
    site.write(
        "content/guide/crlf.md",
        "\u{feff}---\r\ntitle: 换行\r\n---\r\n第一行\r\n",
    );
    survives(&site, Expect::Builds);
    assert_eq!(
        text(&select(&site.html("guide/bom/index.html"), "h1")[0]),
        "带BOM"
    );
    assert_eq!(
        text(&select(&site.html("guide/crlf/index.html"), "h1")[0]),
        "换行"
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
