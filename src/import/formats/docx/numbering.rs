//! Automatic numbering of a .docx (`word/numbering.xml`): the labels Word
//! draws in front of numbered paragraphs (一、 （一） 1. （1）), which are not
//! in the paragraphs' text and must be rendered to read the report's
//! structure.
//!
//! A paragraph names a list instance (`w:numId`) and a level (`w:ilvl`); the
//! instance points at an abstract definition whose level gives the start
//! value, the number format (`chineseCounting`, `decimal` …) and the label
//! pattern (`%1、`, `（%2）`). As Word does, instances of one abstract
//! definition continue one count unless an instance restarts it
//! (`w:startOverride`), and a level restarts when a higher level advances.

use std::collections::{HashMap, HashSet};

use super::super::xml::Element;

const LEVELS: usize = 9;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    start: u32,
    /// `w:numFmt`, e.g. `decimal`, `chineseCounting`, `bullet`.
    format: String,
    /// `w:lvlText`, e.g. `%1、`.
    pattern: String,
    /// `w:suff` is `nothing`: no tab or space after the label.
    no_suffix: bool,
    /// `w:isLgl`: every number in the label in decimal.
    legal: bool,
    /// `w:lvlRestart` is 0: never restarts.
    never_restarts: bool,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a start value that restarts the count, and/or a level
    /// that replaces the abstract one.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// The list definitions of one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Vec<Option<Level>>>,
    instances: HashMap<String, Instance>,
}

impl Numbering {
    pub fn parse(root: &Element) -> Numbering {
        let mut numbering = Numbering::default();
        for el in root.elements() {
            match el.name.as_str() {
                "abstractNum" => {
                    let Some(id) = el.attr("abstractNumId") else {
                        continue;
                    };
                    let mut levels = vec![None; LEVELS];
                    for lvl in el.elements().filter(|e| e.name == "lvl") {
                        if let Some(i) = level_index(lvl) {
                            levels[i] = Some(parse_level(lvl));
                        }
                    }
                    numbering.abstracts.insert(id.to_string(), levels);
                }
                "num" => {
                    let (Some(id), Some(abstract_id)) =
                        (el.attr("numId"), el.child_val("abstractNumId"))
                    else {
                        continue;
                    };
                    let mut instance = Instance {
                        abstract_id: abstract_id.to_string(),
                        ..Instance::default()
                    };
                    for o in el.elements().filter(|e| e.name == "lvlOverride") {
                        let Some(i) = level_index(o) else { continue };
                        let start = o.child_val("startOverride").and_then(|v| v.parse().ok());
                        let level = o.child("lvl").map(parse_level);
                        instance.overrides.insert(i, (start, level));
                    }
                    numbering.instances.insert(id.to_string(), instance);
                }
                _ => {}
            }
        }
        numbering
    }

    fn level<'a>(&'a self, instance: &'a Instance, i: usize) -> Option<&'a Level> {
        if let Some((_, Some(level))) = instance.overrides.get(&i) {
            return Some(level);
        }
        self.abstracts.get(&instance.abstract_id)?.get(i)?.as_ref()
    }
}

fn level_index(el: &Element) -> Option<usize> {
    el.attr("ilvl")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&i| i < LEVELS)
}

fn parse_level(lvl: &Element) -> Level {
    Level {
        start: lvl
            .child_val("start")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        format: lvl.child_val("numFmt").unwrap_or("decimal").to_string(),
        pattern: lvl.child_val("lvlText").unwrap_or_default().to_string(),
        no_suffix: lvl.child_val("suff") == Some("nothing"),
        legal: lvl
            .child("isLgl")
            .is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off"))),
        never_restarts: lvl.child_val("lvlRestart") == Some("0"),
    }
}

/// The running counts of a document's lists while its paragraphs are read
/// in order.
pub(crate) struct Counters<'a> {
    numbering: &'a Numbering,
    /// Per abstract definition, the last value of each level.
    values: HashMap<String, [Option<u32>; LEVELS]>,
    /// Instances already seen (a start override applies once, at the first).
    seen: HashSet<String>,
}

impl<'a> Counters<'a> {
    pub fn new(numbering: &'a Numbering) -> Self {
        Counters {
            numbering,
            values: HashMap::new(),
            seen: HashSet::new(),
        }
    }

    /// Advances the count of `num_id` at `level` and returns the label of a
    /// paragraph numbered so (`一、`), or None for no numbering, a bullet or
    /// an undefined list.
    pub fn next_label(&mut self, num_id: &str, level: usize) -> Option<String> {
        let numbering = self.numbering;
        let instance = numbering.instances.get(num_id)?;
        let this = numbering.level(instance, level)?;
        let values = self
            .values
            .entry(instance.abstract_id.clone())
            .or_insert([None; LEVELS]);
        if self.seen.insert(num_id.to_string()) {
            for (&i, (start, _)) in &instance.overrides {
                if let Some(start) = start {
                    values[i] = Some(start.saturating_sub(1));
                }
            }
        }
        let value = values[level].map_or(this.start, |v| v + 1);
        values[level] = Some(value);
        for (deeper, value) in values.iter_mut().enumerate().skip(level + 1) {
            let restarts = numbering
                .level(instance, deeper)
                .is_none_or(|l| !l.never_restarts);
            if restarts {
                *value = None;
            }
        }
        if this.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = this.pattern.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=LEVELS as u32).contains(d));
            let Some(d) = placeholder else {
                label.push(c);
                continue;
            };
            chars.next();
            let i = d as usize - 1;
            let Some(l) = numbering.level(instance, i) else {
                continue;
            };
            let n = values[i].unwrap_or(l.start);
            let format = if this.legal { "decimal" } else { &l.format };
            label.push_str(&format_number(n, format));
        }
        if label.is_empty() {
            return None;
        }
        if !this.no_suffix && !label.ends_with(is_label_punctuation) {
            // Word separates the label with a tab; a label that ends in
            // punctuation (一、) needs nothing in text, others (第一章) a space.
            label.push(' ');
        }
        Some(label)
    }
}

fn is_label_punctuation(c: char) -> bool {
    matches!(
        c,
        '、' | '．' | '.' | '）' | ')' | '：' | ':' | '，' | ',' | '」' | '】' | ']' | '>' | '》'
    )
}

/// A number in one of Word's number formats; unknown formats as decimal.
pub(crate) fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese_number(n, &CHINESE_DIGITS, &CHINESE_UNITS),
        "chineseLegalSimplified" | "japaneseLegal" => {
            chinese_number(n, &LEGAL_DIGITS, &LEGAL_UNITS)
        }
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|d| {
                ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
                    [d as usize - '0' as usize]
            })
            .collect(),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            offset_char(n, 20, '①')
        }
        "decimalEnclosedParen" => offset_char(n, 20, '⑴'),
        "decimalEnclosedFullstop" => offset_char(n, 20, '⒈'),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerLetter" => letters(n),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

const CHINESE_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CHINESE_UNITS: [char; 4] = ['十', '百', '千', '万'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_UNITS: [char; 4] = ['拾', '佰', '仟', '万'];

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 99 999;
/// larger numbers in decimal: no report numbers its headings that far).
fn chinese_number(n: u32, digits: &[char; 10], units: &[char; 4]) -> String {
    if n == 0 || n > 99_999 {
        return n.to_string();
    }
    let places = [n / 10_000, n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let unit_of = [
        Some(units[3]),
        Some(units[2]),
        Some(units[1]),
        Some(units[0]),
        None,
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (k, &d) in places.iter().enumerate() {
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push(digits[0]);
            pending_zero = false;
        }
        // 十二, not 一十二, when the tens are the leading place.
        let leading_ten = out.is_empty() && k == 3 && d == 1;
        if !leading_ten {
            out.push(digits[d as usize]);
        }
        if let Some(unit) = unit_of[k] {
            out.push(unit);
        }
    }
    out
}

fn cycle(n: u32, symbols: &str) -> String {
    let symbols: Vec<char> = symbols.chars().collect();
    match n.checked_sub(1) {
        Some(i) if (i as usize) < symbols.len() => symbols[i as usize].to_string(),
        _ => n.to_string(),
    }
}

fn offset_char(n: u32, max: u32, first: char) -> String {
    if (1..=max).contains(&n) {
        char::from_u32(first as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
    } else {
        n.to_string()
    }
}

/// a, b, … z, aa, bb, … (Word repeats the letter).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::xml;

    #[test]
    fn number_formats() {
        let cn = |n| format_number(n, "chineseCounting");
        assert_eq!(
            [1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 1000, 1001, 10_010].map(cn),
            [
                "一",
                "九",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零五",
                "一百一十",
                "一千",
                "一千零一",
                "一万零一十"
            ]
        );
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(105, "ideographDigital"), "一〇五");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "ordinal"), "7");
    }

    fn numbering() -> Numbering {
        let xml = r#"<w:numbering xmlns:w="w">
          <w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
            <w:lvl w:ilvl="3"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%4"/><w:isLgl/></w:lvl>
            <w:lvl w:ilvl="4"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
            <w:lvl w:ilvl="5"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%6章"/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
        </w:numbering>"#;
        Numbering::parse(&xml::parse("word/numbering.xml", xml.as_bytes()).unwrap())
    }

    #[test]
    fn labels_count_restart_and_continue() {
        let numbering = numbering();
        let mut c = Counters::new(&numbering);
        let mut next = |id: &str, lvl| c.next_label(id, lvl).unwrap_or_default();
        assert_eq!(next("1", 0), "一、");
        assert_eq!(next("1", 1), "（一）");
        assert_eq!(next("1", 2), "1.");
        assert_eq!(next("1", 2), "2.");
        assert_eq!(next("1", 1), "（二）");
        assert_eq!(next("1", 2), "1.", "a deeper level restarts");
        // Another instance of the same list continues its count.
        assert_eq!(next("2", 0), "二、");
        assert_eq!(next("2", 3), "2.1 ", "isLgl: decimal, and a space after it");
        assert_eq!(next("2", 4), "", "bullets have no label");
        assert_eq!(next("2", 5), "第一章 ");
        // A start override restarts the count at its first paragraph.
        assert_eq!(next("3", 2), "5.");
        assert_eq!(next("3", 2), "6.");
        assert_eq!(next("9", 0), "", "an undefined list has no label");
    }
}
