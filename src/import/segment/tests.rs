//! Tests of the report splitter: the five seed reports in `reports/`, counted
//! by hand, and small inputs for each rule.

use super::titles::MAX_ITEM_TITLE_SLACK;
use super::topics::MAX_TOPICS;
use super::*;

/// The raw reports in `reports/`.
pub(crate) fn seed(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/reports/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap_or_else(|e| panic!("seed {name}: {e}"))
}

pub(crate) const SEEDS: [&str; 5] = [
    "000_70dc71905a0093a9.txt",
    "001_3389c8fa410888e2.txt",
    "002_9693234d2d34dd10.txt",
    "003_a4626af57913338c.txt",
    "004_c5586a85bf0f57cc.txt",
];

fn run(name: &str) -> Report {
    segment(&seed(name), &SegmentOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn level1(r: &Report) -> Vec<&str> {
    r.headings
        .iter()
        .filter(|h| h.level == 1)
        .map(|h| h.title.as_str())
        .collect()
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !is_space(*c)).collect()
}

/// Every non-blank character of the input, in input order, is in exactly
/// one heading, item text or removed line; item texts are input slices.
fn assert_conserved(input: &str, r: &Report) {
    let line_start: Vec<usize> = std::iter::once(0)
        .chain(input.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    for h in &r.headings {
        assert_eq!(&input[h.span.clone()], h.raw);
        pieces.push((h.span.start, &h.raw));
    }
    for it in &r.items {
        assert_eq!(&input[it.span.clone()], it.text, "item {}", it.order);
        pieces.push((it.span.start, &it.text));
    }
    for rm in &r.removed {
        pieces.push((line_start[rm.line - 1], &rm.text));
    }
    pieces.sort_by_key(|p| p.0);
    let got: String = pieces.iter().map(|p| non_space(p.1)).collect();
    assert_eq!(got, non_space(input));
}

// Counts made by reading each seed (`cat -n`):
// 000: title line 2; level-1 = bare line 5 基本情况和主要工作, line 12 二、,
//      line 26 三、 (3). Items: intro line 4 (1); lines 6-11 are six （X）
//      paragraphs with 一是/二是/三是 (18); line 13 intro (1); lines 14-23 ten
//      paragraphs with three 一是 items each (30); lines 24-25 with four (8);
//      line 27 intro (1); lines 28-33 six （X）heading + body, no 一是 (6).
//      1+18+1+30+8+1+6 = 65. Junk: line 1.
// 001: no title line; level-1 = lines 2, 17 (2). Items: line 1 (1); line 3 (1);
//      six heading lines each followed by one paragraph, lines 5-15 (6);
//      line 16 intro + 一是/二是/三是 (4); line 19 一要…四要 (4); lines 21, 23,
//      25 一要…三要 (9); closing line 26 (1). 1+1+6+4+4+9+1 = 26. No junk.
// 002: title line 16; level-1 = lines 18, 26, 32 (3). Items: line 17 (1);
//      lines 19-25: 3+3+2+3+3+3+3 = 20; lines 27-31 heading + body (5);
//      line 33 (1); lines 34-38: 2+3+3+2+1 = 11. 1+20+5+1+11 = 38.
//      Junk: lines 1-5 and 7-9 (8).
// 003: title line 2; level-1 = lines 5, 10, 14, 18, 22, 26, 36 (7). Items: intro
//      line 4 (1); 4+3+3+3+3 heading+body lines in 一..五 (16); 9 in 六 (9);
//      line 37 + five in 七 (6). 1+16+9+6 = 32. Junk: line 1.
// 004: title line 1 (`# …`); level-1 = bold lines 5, 15, 28 (3). Items: line 3
//      (1); line 7 intro + 六 items (7); line 9 intro + 五 (6); line 11 intro +
//      三 (4); line 13 (1); line 17 (1); lines 19, 21, 23-24 (one paragraph
//      broken over two lines), 26 (4); line 30 (1); lines 32-38 (4).
//      1+7+6+4+1+1+4+1+4 = 29. No junk.
const EXPECTED: [(&str, usize, usize, &[usize]); 5] = [
    (SEEDS[0], 3, 65, &[1]),
    (SEEDS[1], 2, 26, &[]),
    (SEEDS[2], 3, 38, &[1, 2, 3, 4, 5, 7, 8, 9]),
    (SEEDS[3], 7, 32, &[1]),
    (SEEDS[4], 3, 29, &[]),
];

#[test]
fn seed_counts_match_hand_counts() {
    let mut total = 0;
    for (name, l1, items, junk) in EXPECTED {
        let r = run(name);
        assert_eq!(level1(&r).len(), l1, "{name} level-1: {:?}", level1(&r));
        assert_eq!(r.items.len(), items, "{name} items");
        let removed: Vec<usize> = r.removed.iter().map(|l| l.line).collect();
        assert_eq!(removed, junk, "{name} junk");
        total += r.items.len();
    }
    assert!(total >= 150, "{total}");
}

#[test]
fn seeds_conserve_every_character() {
    for name in SEEDS {
        let input = seed(name);
        let r = segment(&input, &SegmentOptions::default()).unwrap();
        assert_conserved(&input, &r);
    }
}

#[test]
fn junk_lines_are_gone_and_reported() {
    let r = run(SEEDS[2]);
    let texts: Vec<&str> = r.removed.iter().map(|l| l.text.as_str()).collect();
    assert!(texts.contains(&"仅供学习 禁止外传"));
    assert!(
        texts.contains(&"酷乐文行"),
        "ad line between junk lines: {texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("会员群：")));
    for it in &r.items {
        for bad in ["会员群", "订阅", "酷乐文行", "倒卖", "禁止外传"] {
            assert!(!it.text.contains(bad), "{bad} in item {}", it.order);
        }
    }
    assert_eq!(r.title, "领导班子巡察整改专题民主生活会对照检查材料");
    for name in [SEEDS[0], SEEDS[3]] {
        let r = run(name);
        assert_eq!(r.removed.len(), 1);
        assert!(r.removed[0].text.contains("仅供学习参考"));
        assert!(r.items.iter().all(|it| !it.text.contains("请勿照搬照抄")));
    }
}

#[test]
fn titles_of_seeds() {
    assert_eq!(run(SEEDS[0]).title, "全面从严治党主体责任情况报告");
    assert_eq!(run(SEEDS[1]).title, "全县自然资源系统全面从严治党工作会议");
    assert_eq!(run(SEEDS[3]).title, "关于落实全面从严治党主体责任情况通报");
    assert_eq!(
        run(SEEDS[4]).title,
        "区委书记巡视整改专题民主生活会对照检查材料"
    );
}

#[test]
fn seed_000_structure() {
    let r = run(SEEDS[0]);
    assert_eq!(
        level1(&r),
        [
            "基本情况和主要工作",
            "存在问题及原因剖析",
            "问题整改思路及措施"
        ]
    );
    let intro = &r.items[0];
    assert_eq!(
        (intro.line, intro.part, intro.section_path.len()),
        (4, Part::Other, 0)
    );
    let first = &r.items[1];
    assert_eq!(
        first.section_path,
        ["基本情况和主要工作", "坚定政治引领，强化使命担当"]
    );
    assert_eq!(first.title, "把准政治方向、夯实政治根基");
    assert!(first.text.starts_with("一是把准政治方向"));
    assert_eq!(first.part, Part::Achievement);
    let p = r
        .items
        .iter()
        .find(|i| i.title == "政治站位不够高")
        .unwrap();
    assert_eq!(p.section_path, ["存在问题及原因剖析", "在政治建设方面"]);
    assert_eq!((p.part, p.line), (Part::Problem, 14));
    assert_eq!(p.topics[0], "政治建设");
    let c = r.items.iter().find(|i| i.line == 15).unwrap();
    assert!(c.text.starts_with("原因分析：一是思想认识有缺位"));
    assert_eq!((c.title.as_str(), c.part), ("思想认识有缺位", Part::Cause));
    assert_eq!(c.section_path, ["存在问题及原因剖析", "在政治建设方面"]);
    // 一是 二是 四是 三是 in seed order
    let l24: Vec<&str> = r
        .items
        .iter()
        .filter(|i| i.line == 24)
        .map(|i| &i.text[..6])
        .collect();
    assert_eq!(l24, ["一是", "二是", "四是", "三是"]);
    let m = r.items.iter().find(|i| i.line == 28).unwrap();
    assert_eq!(m.part, Part::Measure);
    assert_eq!(m.title, "进一步筑牢政治根基，把握政治建设“大方向”");
    let intro3 = r.items.iter().find(|i| i.line == 27).unwrap();
    assert_eq!(intro3.title, "下一步，分局党委将以此次政治巡察为契机");
}

#[test]
fn seed_001_parts_and_items() {
    let r = run(SEEDS[1]);
    assert_eq!(level1(&r), ["2021年工作回顾", "2022年工作要求"]);
    let a = r.items.iter().find(|i| i.line == 5).unwrap();
    assert_eq!(a.section_path, ["2021年工作回顾", "党的政治建设不断增强"]);
    assert_eq!(
        (a.part, a.title.as_str()),
        (Part::Achievement, "党的政治建设不断增强")
    );
    let l16: Vec<(Part, &str)> = r
        .items
        .iter()
        .filter(|i| i.line == 16)
        .map(|i| (i.part, i.title.as_str()))
        .collect();
    assert_eq!(
        l16,
        [
            (Part::Problem, "在充分肯定成绩的同时"),
            (Part::Problem, "思想认识不到位"),
            (Part::Problem, "创新不到位"),
            (Part::Problem, "力度不到位"),
        ]
    );
    let req: Vec<&Item> = r.items.iter().filter(|i| i.line == 19).collect();
    assert_eq!(req.len(), 4);
    assert!(req.iter().all(|i| i.part == Part::Requirement));
    assert_eq!(req[0].title, "加强党的政治建设");
    let last = r.items.last().unwrap();
    assert!(last.text.starts_with("同志们"));
    assert!(last.section_path.is_empty());
}

#[test]
fn seed_002_and_003_parts() {
    let r = run(SEEDS[2]);
    let first = r.items.iter().find(|i| i.line == 19).unwrap();
    assert!(
        first
            .text
            .starts_with("主要表现在：一是党组核心作用发挥不明显")
    );
    assert_eq!(first.title, "党组核心作用发挥不明显");
    assert_eq!(
        first.section_path,
        ["存在的主要问题", "党的领导能力弱化方面"]
    );
    assert_eq!(first.part, Part::Problem);
    let cause = r.items.iter().find(|i| i.line == 31).unwrap();
    assert_eq!(
        cause.part,
        Part::Cause,
        "不足 in a sub-heading must not beat 问题根源剖析"
    );
    let m = r.items.iter().find(|i| i.line == 34).unwrap();
    assert_eq!(
        (m.part, m.title.as_str()),
        (
            Part::Measure,
            "要把加强理论学习作为坚定理想信念，提高理论水平的首要途径"
        )
    );

    let r = run(SEEDS[3]);
    let parts: Vec<Part> = [6, 9, 23, 27, 38]
        .iter()
        .map(|l| r.items.iter().find(|i| i.line == *l).unwrap().part)
        .collect();
    assert_eq!(
        parts,
        [
            Part::Achievement,
            Part::Achievement,
            Part::Achievement,
            Part::Problem,
            Part::Measure
        ]
    );
    let it = r.items.iter().find(|i| i.line == 6).unwrap();
    assert_eq!(it.title, "政治站位进一步提升");
    assert!(it.text.starts_with("全市各级党组织坚持将政治建设摆在首位"));
}

#[test]
fn seed_004_markdown_and_broken_line() {
    let r = run(SEEDS[4]);
    assert_eq!(
        level1(&r),
        ["存在的主要问题", "原因剖析", "努力方向和整改措施"]
    );
    let broken = r.items.iter().find(|i| i.line == 23).unwrap();
    assert!(broken.text.contains("\"各打五十大板\"\n的办法予以办结"));
    assert_eq!(broken.part, Part::Cause);
    let intro = r.items.iter().find(|i| i.line == 7).unwrap();
    assert!(intro.text.starts_with("我始终坚持将党的政治建设摆在首位"));
    assert!(intro.text.ends_with("也还存在一些问题和不足。"));
    assert_eq!(
        intro.section_path[1],
        "关于\"政治站位不够高，落实中央、省委重大决策部署有差距\"方面的问题"
    );
}

#[test]
fn every_item_has_a_real_title() {
    for name in SEEDS {
        for it in run(name).items {
            let n = it.title.chars().count();
            assert!(
                (2..=MAX_ITEM_TITLE_SLACK).contains(&n),
                "{name} {}: {:?}",
                it.order,
                it.title
            );
            assert!(it.title.chars().any(char::is_alphabetic), "{:?}", it.title);
            assert!(it.topics.len() <= MAX_TOPICS);
            assert!(
                it.section_path
                    .iter()
                    .all(|s| !s.is_empty() && !s.contains("**"))
            );
        }
    }
}

#[test]
fn deterministic() {
    for name in SEEDS {
        assert_eq!(run(name), run(name));
    }
}

#[test]
fn one_megabyte_input_scales() {
    let one = seed(SEEDS[0]);
    let single = segment(&one, &SegmentOptions::default())
        .unwrap()
        .items
        .len();
    let reps = 1_000_000 / one.len() + 1;
    let big = format!("{one}\n").repeat(reps);
    assert!(big.len() >= 1_000_000);
    let r = segment(&big, &SegmentOptions::default()).unwrap();
    // Later copies' title lines become bare level-1 headings; item
    // counts per copy stay the same.
    assert_eq!(r.items.len(), reps * single);
    assert_eq!(r.removed.len(), reps);
    assert_conserved(&big, &r);
}

#[test]
fn mixed_markers_and_markdown() {
    let input = "# 某局关于2023年工作的总结\n\n**一、主要工作**\n\n(一）抓学习。第一，学原文。第二，悟原理。\n\n（二)强监督\n\n1.建立台账。按月对账。\n2、压实责任，层层传导。\n\n## 二、下一步打算\n\n加强学习。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    assert_eq!(r.title, "某局关于2023年工作的总结");
    assert_eq!(level1(&r), ["主要工作", "下一步打算"]);
    let got: Vec<(Vec<String>, &str, Part)> = r
        .items
        .iter()
        .map(|i| (i.section_path.clone(), i.title.as_str(), i.part))
        .collect();
    let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            (p(&["主要工作", "抓学习"]), "学原文", Part::Achievement),
            (p(&["主要工作", "抓学习"]), "悟原理", Part::Achievement),
            (
                p(&["主要工作", "强监督", "建立台账"]),
                "建立台账",
                Part::Achievement
            ),
            (
                p(&["主要工作", "强监督"]),
                "压实责任，层层传导",
                Part::Achievement
            ),
            (p(&["下一步打算"]), "加强学习", Part::Measure),
        ]
    );
    assert_conserved(input, &r);
}

#[test]
fn bold_heading_with_body_and_one_line_points() {
    let input = "**一、存在问题。**总体上还有差距。\n（一）学习方面\n1.学习不够深入。\n2.学用结合不紧。\n（二）**落实方面。**执行打了折扣。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let h: Vec<(usize, &str, &str)> = r
        .headings
        .iter()
        .map(|h| (h.level, h.title.as_str(), h.raw.as_str()))
        .collect();
    assert_eq!(
        h,
        [
            (1, "存在问题", "**一、存在问题。**"),
            (2, "学习方面", "（一）学习方面"),
            (2, "落实方面", "（二）**落实方面。**")
        ]
    );
    let got: Vec<(&str, &str, Part)> = r
        .items
        .iter()
        .map(|i| (i.text.as_str(), i.title.as_str(), i.part))
        .collect();
    assert_eq!(
        got,
        [
            ("总体上还有差距。", "总体上还有差距", Part::Problem),
            ("1.学习不够深入。", "学习不够深入", Part::Problem),
            ("2.学用结合不紧。", "学用结合不紧", Part::Problem),
            ("执行打了折扣。", "落实方面", Part::Problem),
        ]
    );
    assert_eq!(r.items[1].section_path, ["存在问题", "学习方面"]);
    assert_conserved(input, &r);
}

#[test]
fn markdown_hard_wrapped_paragraphs_stay_whole() {
    let input = "# 标题报告\n\n## 一、主要问题\n\n第一行写完了。\n第二行接着写。\n\n另一段。\n\n尾部广告：扫码关注公众号\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let texts: Vec<&str> = r.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, ["第一行写完了。\n第二行接着写。", "另一段。"]);
    assert_eq!(level1(&r), ["主要问题"]);
    assert_eq!(r.removed.len(), 1);
    assert_conserved(input, &r);
}

#[test]
fn label_paragraph_without_markers_is_one_cause_item() {
    let input =
        "情况报告\n一、存在问题及原因\n学习不够。\n原因分析：主观上重视不够，客观上任务繁重。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let got: Vec<(&str, Part)> = r.items.iter().map(|i| (i.title.as_str(), i.part)).collect();
    assert_eq!(
        got,
        [
            ("学习不够", Part::Problem),
            ("主观上重视不够，客观上任务繁重", Part::Cause)
        ]
    );
}

/// Random documents built from the pieces the rules react to: no panic,
/// and every character accounted for whenever segmentation succeeds.
#[test]
fn random_documents_never_panic_and_conserve_text() {
    const PIECES: &[&str] = &[
        "一、",
        "（一）",
        "(二）",
        "1.",
        "2、",
        "（3）",
        "第一部分",
        "# ",
        "## ",
        "**",
        "一是",
        "二是",
        "三要",
        "第一，",
        "第二，",
        "原因分析：",
        "主要表现在：",
        "同志们，",
        "。",
        "，",
        "、",
        "；",
        "：",
        "“",
        "”",
        "\"",
        "《",
        "》",
        "（",
        "）",
        "\n",
        "\n\n",
        "  ",
        "\u{3000}",
        "问题",
        "整改措施",
        "政治建设",
        "加强学习",
        "存在不足",
        "会员群",
        "订阅",
        "---",
        "12",
        "x",
        "ｘ",
        "\u{feff}",
        "\t",
        "基本情况",
        "2021年",
        "不够",
        "落实",
        "“两个维护”",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let opts = SegmentOptions::default();
    let mut ok = 0;
    for _ in 0..400 {
        let len = 1 + next(120);
        let doc: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        if let Ok(r) = segment(&doc, &opts) {
            assert_conserved(&doc, &r);
            assert!(r.items.iter().all(|i| !i.title.is_empty()), "{doc:?}");
            ok += 1;
        }
    }
    assert!(ok > 100, "only {ok} random documents segmented");
}

#[test]
fn junk_pattern_needs_a_short_line() {
    let long = "各支部要按时订阅党报党刊，组织党员认真学习，把学习成果转化为推动工作的实际成效，切实提高理论水平和业务能力，推动全面从严治党向纵深发展。";
    let input = format!("标题报告\n{long}\n请订阅本站会员\n");
    let r = segment(&input, &SegmentOptions::default()).unwrap();
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.removed.len(), 1);
    assert_eq!(r.removed[0].line, 3);
}

#[test]
fn unusable_inputs_are_errors() {
    let opts = SegmentOptions::default();
    let e = segment("   \n\n", &opts).unwrap_err();
    assert_eq!((e.line, e.problem), (None, Msg::NoText));
    let e = segment("本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n\n", &opts).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert_eq!(e.problem, Msg::NoTextAfterJunk);
    let e = segment("第一行。\nabc\0def\n", &opts).unwrap_err();
    assert_eq!(e.line, Some(2));
    let e = segment("\u{1}\u{2}\u{3}x\u{fffd}\u{fffd}", &opts).unwrap_err();
    assert_eq!(e.line, Some(1));
    let e = segment("abc\ndef\nghi\n", &opts).unwrap_err();
    assert_eq!(e.line, Some(3));
    let e = segment("一、标题\n二、另一个标题\n", &opts).unwrap_err();
    assert_eq!(e.problem, Msg::OnlyHeadings);
}

#[test]
fn bold_lead_phrases_are_items_and_titles() {
    let input = "情况报告\n一、主要工作\n**一是加强学习。**认真研读原文。**二是严格监督。**开展专项检查。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let got: Vec<(&str, &str)> = r
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("加强学习", "**一是加强学习。**认真研读原文。"),
            ("严格监督", "**二是严格监督。**开展专项检查。"),
        ]
    );
    assert_conserved(input, &r);
}

#[test]
fn markdown_heading_levels_count_from_the_shallowest() {
    // A .docx rendered without a title style: `##` is heading 1.
    let input = "某局工作总结\n## 主要工作\n### 抓学习\n认真学习。\n## 存在问题\n学习不够。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let levels: Vec<(usize, &str)> = r
        .headings
        .iter()
        .map(|h| (h.level, h.title.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (0, "某局工作总结"),
            (1, "主要工作"),
            (2, "抓学习"),
            (1, "存在问题")
        ]
    );
    assert_eq!(r.items[0].section_path, ["主要工作", "抓学习"]);
    assert_eq!(r.items[1].part, Part::Problem);
}

#[test]
fn tables_are_items_of_their_own() {
    let input = "情况报告\n一、主要工作\n指标完成情况如下：\n\n| 指标 | 完成 |\n| --- | --- |\n| 发展党员 | 12名 |\n\n下一段正文。\n";
    let r = segment(input, &SegmentOptions::default()).unwrap();
    let texts: Vec<&str> = r.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "指标完成情况如下：",
            "| 指标 | 完成 |\n| --- | --- |\n| 发展党员 | 12名 |",
            "下一段正文。"
        ]
    );
    assert_eq!(r.items[1].title, "表格：指标、完成");
    assert_eq!(r.items[1].section_path, ["主要工作"]);
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    assert_conserved(input, &r);
}
