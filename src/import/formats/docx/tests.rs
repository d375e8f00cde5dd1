//! The .docx reader on documents made by the tests' OOXML writer.

use super::super::Location;
use super::read;
use crate::import::messages::Msg;

#[path = "../../../../tests/common/docx.rs"]
mod writer;

use writer::{Docx, HEADING, Para, Run, TITLE, WPS_HEADING_2, bold, table, text, text_box};

fn text_of(doc: &Docx) -> String {
    read(&doc.bytes()).unwrap_or_else(|e| panic!("{e}")).text
}

#[test]
fn headings_by_style_numbering_and_bold_leads() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![text("某局2023年工作总结")]).style(TITLE))
        .para(
            Para::new(vec![text("主要工作")])
                .style(HEADING[1])
                .numbered(1, 0),
        )
        .para(
            Para::new(vec![text("抓学习")])
                .style(HEADING[2])
                .numbered(1, 1),
        )
        .para(Para::new(vec![
            bold("一是学原文。"),
            text("逐篇研读。"),
            bold("二是悟原理。"),
            text("联系实际。"),
        ]))
        .para(
            Para::new(vec![text("强监督")])
                .style(WPS_HEADING_2)
                .numbered(1, 1),
        )
        .para(Para::new(vec![text("建立台账。按月对账。")]).numbered(1, 2))
        .para(Para::new(vec![text("压实责任。")]).numbered(1, 2))
        .para(
            Para::new(vec![text("存在问题")])
                .style(HEADING[1])
                .numbered(1, 0),
        )
        .para(Para::new(vec![text("学习不够深入。")]));
    assert_eq!(
        text_of(&doc),
        "# 某局2023年工作总结\n\
         ## 一、主要工作\n\
         ### （一）抓学习\n\
         **一是学原文。**逐篇研读。**二是悟原理。**联系实际。\n\
         ### （二）强监督\n\
         1.建立台账。按月对账。\n\
         2.压实责任。\n\
         ## 二、存在问题\n\
         学习不够深入。\n"
    );
}

#[test]
fn restarted_lists_and_bold_numbered_lines() {
    let mut doc = Docx::new();
    let restart = doc.restart_list(&[(0, 3)]);
    doc.para(Para::new(vec![bold("存在的主要问题")]).numbered(1, 0))
        .para(Para::new(vec![text("整改措施")]).numbered(restart, 0));
    assert_eq!(text_of(&doc), "**一、存在的主要问题**\n三、整改措施\n");
}

#[test]
fn tracked_changes_resolve_to_the_final_text() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![
        text("切实加强"),
        Run::Deleted("党的".into()),
        Run::Inserted("政治".into()),
        text("建设。"),
    ]));
    let extracted = read(&doc.bytes()).unwrap();
    assert_eq!(extracted.text, "切实加强政治建设。\n");
    assert!(extracted.notes.contains(&Msg::ChangesResolved {
        inserted: 1,
        deleted: 1
    }));
}

#[test]
fn footnotes_and_comments_are_dropped_with_a_note() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![
        text("坚持“两个确立”"),
        Run::Footnote("见党的十九届六中全会决议。".into()),
        text("，做到“两个维护”。"),
        Run::Comment("此处请核实。".into()),
    ]));
    let extracted = read(&doc.bytes()).unwrap();
    assert_eq!(extracted.text, "坚持“两个确立”，做到“两个维护”。\n");
    assert!(!extracted.text.contains("决议"));
    assert!(
        extracted
            .notes
            .contains(&Msg::FootnotesDropped { count: 1 })
    );
    assert!(extracted.notes.contains(&Msg::CommentsDropped { count: 1 }));
}

#[test]
fn tables_become_markdown_and_one_column_frames_plain_text() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![text("主要指标完成情况如下：")]))
        .raw(&table(&[
            &["指标", "完成"],
            &["发展党员", "12名"],
            &["a|b", ""],
        ]))
        .raw(&table(&[&["框中的正文第一段。"], &["框中的正文第二段。"]]));
    let extracted = read(&doc.bytes()).unwrap();
    assert_eq!(
        extracted.text,
        "主要指标完成情况如下：\n\n| 指标 | 完成 |\n| --- | --- |\n| 发展党员 | 12名 |\n| a\\|b |  |\n\n框中的正文第一段。\n框中的正文第二段。\n"
    );
    assert!(extracted.notes.contains(&Msg::TablesKept { count: 1 }));
    // Every line knows its paragraph: the table starts at paragraph 2.
    assert_eq!(extracted.location(3), Location::Paragraph(2));
    assert_eq!(extracted.location(1), Location::Paragraph(1));
}

#[test]
fn text_boxes_are_read_once_after_their_paragraph() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![
        text("正文。"),
        text_box(&["框内第一行。", "框内第二行。"]),
    ]))
    .para(Para::new(vec![text("下一段。")]));
    let extracted = read(&doc.bytes()).unwrap();
    assert_eq!(
        extracted.text,
        "正文。\n框内第一行。\n框内第二行。\n下一段。\n"
    );
    assert!(extracted.notes.contains(&Msg::TextBoxesRead { count: 1 }));
}

#[test]
fn hidden_text_breaks_and_fields() {
    let mut doc = Docx::new();
    doc.para(Para::new(vec![
        text("第一行"),
        Run::Break,
        text("第二行"),
        Run::Raw(r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"#.into()),
        Run::Raw(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into()),
        Run::Raw(r#"<w:hyperlink r:id="rId9"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>"#.into()),
    ]));
    assert_eq!(text_of(&doc), "第一行\n第二行3链接文字\n");
}

#[test]
fn broken_files_are_errors_that_say_what_to_do() {
    assert!(matches!(
        read(b"PK\x03\x04 not a zip"),
        Err(Msg::BrokenZip { .. })
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(matches!(read(&bytes), Err(Msg::MissingPart { part }) if part == "word/document.xml"));
    let mut doc = Docx::new();
    doc.raw("<w:p><w:r><w:t>未闭合</w:r></w:p>");
    assert!(
        matches!(read(&doc.bytes()), Err(Msg::BrokenXml { part, .. }) if part == "word/document.xml")
    );
}

/// Random well-formed bodies built from the elements the walker reacts to,
/// with hostile attribute values: never a panic, and every line of the
/// text knows its paragraph.
#[test]
fn random_documents_never_panic() {
    const NAMES: &[&str] = &[
        "p",
        "r",
        "t",
        "tbl",
        "tr",
        "tc",
        "ins",
        "del",
        "moveFrom",
        "hyperlink",
        "sdt",
        "sdtContent",
        "txbxContent",
        "drawing",
        "AlternateContent",
        "Choice",
        "Fallback",
        "pPr",
        "pStyle",
        "numPr",
        "numId",
        "ilvl",
        "outlineLvl",
        "rPr",
        "b",
        "vanish",
        "br",
        "tab",
        "footnoteReference",
        "commentReference",
        "tcPr",
        "gridSpan",
        "vMerge",
        "ruby",
        "rubyBase",
    ];
    const VALUES: &[&str] = &[
        "0",
        "1",
        "2",
        "3",
        "8",
        "9",
        "99999999999999999999",
        "-1",
        "x",
        "",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    fn element(next: &mut dyn FnMut(usize) -> usize, depth: usize, out: &mut String) {
        let name = NAMES[next(NAMES.len())];
        let val = VALUES[next(VALUES.len())];
        out.push_str(&format!(r#"<w:{name} w:val="{val}" w:id="{val}">"#));
        if depth < 6 {
            for _ in 0..next(4) {
                if next(3) == 0 {
                    out.push_str("文字");
                } else {
                    element(next, depth + 1, out);
                }
            }
        }
        out.push_str(&format!("</w:{name}>"));
    }
    for _ in 0..300 {
        let mut doc = Docx::new();
        let mut body = String::new();
        for _ in 0..1 + next(5) {
            element(&mut next, 0, &mut body);
        }
        doc.raw(&body);
        if let Ok(extracted) = read(&doc.bytes()) {
            let lines = extracted.text.lines().count();
            assert_eq!(extracted.origins.map(|o| o.len()), Some(lines), "{body}");
        }
    }
}
