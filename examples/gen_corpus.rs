//! Synthetic knowledge-base generator for the tifa benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N DIR [--formulations F]
//! rustc -O --edition 2021 examples/gen_corpus.rs -o /tmp/gen_corpus   # without building tifa
//! ```
//!
//! Writes a knowledge base of N pages (formulations + sources + excerpts; the
//! four `_index.md` section files come on top) into DIR, in the shape of the
//! real one (see docs/content-model.md). Uses only `std` and an inline
//! splitmix64 PRNG seeded from N and F, so the same arguments always give a
//! byte-identical corpus. It does not use the `tifa` library, so it compiles
//! while the library is being changed.
//!
//! Shape:
//! - F formulations (default 500 when N >= 10000, else N/20, at least 20),
//!   made-up numbered terms (三个坚持, 五项监督 …) plus a few unnumbered ones;
//!   titles and variants never contain one another, except a few deliberate
//!   pairs X / X问题 that exercise longest-match linking;
//! - N/50 sources;
//! - the rest excerpts, 150–600 characters each, with 0–5 formulation mentions
//!   drawn from a Zipf–Mandelbrot distribution (the most used formulation is
//!   mentioned on several hundred pages at N=10000); ~1% have a table or list,
//!   ~1% a fenced code block.
//!
//! Prints a short summary on stdout, including `serve_target=`: the current
//! formulation (not one of the deliberate overlap pairs) whose mention count
//! is closest to 200 pages, the one a serve benchmark should edit. Mention
//! counts are exact: filler clauses that contain a title or variant are
//! dropped, and tifa's own counts on the built site agree.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::exit;

// ---------------------------------------------------------------- PRNG

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// splitmix64
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Index drawn with the given integer weights.
    fn weighted(&mut self, w: &[u32]) -> usize {
        let total: u64 = w.iter().map(|&x| x as u64).sum();
        let mut r = (self.next_u64() % total) as i64;
        for (i, &x) in w.iter().enumerate() {
            r -= x as i64;
            if r < 0 {
                return i;
            }
        }
        w.len() - 1
    }
    /// `k` distinct indices from 0..n, in random order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- vocabulary

const NUMS: &[(&str, usize, u32)] = &[
    ("两", 2, 4),
    ("三", 3, 6),
    ("四", 4, 6),
    ("五", 5, 5),
    ("六", 6, 3),
    ("七", 7, 2),
    ("八", 8, 2),
    ("九", 9, 1),
    ("十", 10, 1),
];
const MEASURES: &[&str] = &["个", "项", "大", "条", "种", "重", "类"];
const STEMS: &[&str] = &[
    "意识", "坚持", "自信", "维护", "监督", "服从", "攻坚", "责任", "清单", "规范", "原则", "工程",
    "行动", "体系", "能力", "作风", "纪律", "服务", "保障", "引领", "治理", "担当", "忠诚", "廉洁",
    "融合", "联动", "协同", "统筹", "落实", "示范", "覆盖", "闭环", "共治", "提质", "强基", "铸魂",
    "聚力", "看齐", "优先", "转变", "结合", "衔接", "到位", "过硬", "严守", "带头", "表率", "同步",
    "倾斜", "下沉", "兜底", "并重", "联系", "走访", "谈话", "关口", "底线", "红线", "短板", "导向",
    "机遇", "风险", "矛盾", "任务", "效能", "作为",
];
const SUFFIXES: &[&str] = &["机制", "工程", "行动", "要求", "任务", "制度", "格局"];
const PREFIXES: &[&str] = &[
    "清廉", "平安", "法治", "数字", "红色", "阳光", "绿色", "基层", "党建", "智慧", "效能", "模范",
    "先锋",
];
const NOUNS: &[&str] = &[
    "机关", "村居", "社区", "校园", "医院", "企业", "窗口", "队伍", "支部", "网格",
];
const PLAIN_SUFFIXES: &[&str] = &["建设", "工程", "行动", "计划", "模式", "品牌"];
const LONG_SUFFIXES: &[(&str, u32)] = &[
    ("问题", 4),
    ("教育", 2),
    ("专项整治", 1),
    ("学习教育", 1),
    ("主题实践", 1),
];
const MODIFIERS: &[&str] = &[
    "政治", "思想", "组织", "作风", "纪律", "制度", "大局", "核心", "责任", "服务", "法治", "群众",
    "发展", "安全", "创新", "协调", "开放", "共享", "队伍", "目标", "问题", "结果", "系统", "战略",
    "底线", "实践", "理论", "历史", "文化", "生态",
];
const VERBS: &[&str] = &[
    "增强",
    "牢固树立",
    "坚定",
    "做到",
    "落实",
    "坚持",
    "践行",
    "贯彻",
    "推进",
    "深化",
    "强化",
    "压实",
    "健全",
    "完善",
    "严格执行",
    "扎实开展",
    "持续推进",
    "全面落实",
    "认真落实",
    "始终坚持",
    "自觉践行",
    "深入推进",
    "履行",
    "树牢",
    "筑牢",
];
const ADVERBS: &[&str] = &["切实", "始终", "进一步", "自觉", "坚决", "不断"];
const CATEGORIES: &[&str] = &[
    "政治建设",
    "思想建设",
    "组织建设",
    "作风建设",
    "纪律建设",
    "制度建设",
    "反腐败斗争",
    "意识形态",
    "基层治理",
    "经济发展",
];
const ORIGIN_EVENTS: &[&str] = &[
    "中央政治局会议",
    "全国组织工作会议",
    "党的十九大报告",
    "中央纪委全会",
    "全国宣传思想工作会议",
    "中央经济工作会议",
    "省委全会",
    "全国党建工作会议",
    "中央全面深化改革委员会会议",
];
const TOPICS: &[&str] = &[
    "政治建设",
    "思想建设",
    "组织建设",
    "作风建设",
    "纪律建设",
    "制度建设",
    "党风廉政建设",
    "意识形态",
    "基层党建",
    "干部队伍",
    "巡视巡察整改",
    "主体责任",
];
const TAGS: &[&str] = &[
    "典型表述",
    "金句",
    "开头",
    "结尾",
    "排比",
    "数据",
    "对照检查",
    "整改",
    "警示教育",
    "调研",
    "谈心谈话",
    "民主集中制",
    "学习教育",
    "群众路线",
    "基层减负",
    "考核评价",
];
const PLACES: &[&str] = &[
    "甲市",
    "乙县",
    "丙区",
    "丁镇",
    "东城区",
    "西湖县",
    "南山区",
    "北塘镇",
    "江东区",
    "河西县",
    "青山市",
    "白云区",
    "石桥镇",
    "临江县",
    "新城区",
    "高新区",
    "滨海县",
    "长宁区",
    "松林镇",
    "平湖市",
];
const DEPTS: &[(&str, &str)] = &[
    ("财政局", "党组"),
    ("税务局", "党委"),
    ("教育局", "党组"),
    ("卫生健康委", "党组"),
    ("公安分局", "党委"),
    ("审计局", "党组"),
    ("自然资源局", "党组"),
    ("交通运输局", "党组"),
    ("市场监管局", "党组"),
    ("城管局", "党组"),
    ("人民医院", "党委"),
    ("街道", "党工委"),
    ("国资公司", "党委"),
    ("职业学院", "党委"),
];
const LEVELS: &[(&str, u32)] = &[
    ("中央", 1),
    ("省级", 3),
    ("市级", 6),
    ("区县", 8),
    ("基层", 5),
];
/// A document type: name, title stem, sections (heading, part; "mix" = problem or cause).
type DocType = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
const DOC_TYPES: &[DocType] = &[
    (
        "主体责任报告",
        "全面从严治党主体责任情况报告",
        &[
            ("基本情况和主要工作", "achievement"),
            ("存在问题及原因剖析", "mix"),
            ("下一步工作措施", "measure"),
        ],
    ),
    (
        "对照检查材料",
        "巡视整改专题民主生活会对照检查材料",
        &[
            ("存在的主要问题", "problem"),
            ("问题产生的原因", "cause"),
            ("今后努力方向和整改措施", "measure"),
        ],
    ),
    (
        "工作会议讲话",
        "全面从严治党工作会议上的讲话",
        &[
            ("过去一年工作回顾", "achievement"),
            ("清醒认识存在的问题", "problem"),
            ("今年重点任务", "measure"),
            ("几点工作要求", "requirement"),
        ],
    ),
    (
        "情况通报",
        "关于落实全面从严治党主体责任情况的通报",
        &[
            ("总体情况", "achievement"),
            ("存在的问题", "problem"),
            ("下一步工作要求", "requirement"),
        ],
    ),
    (
        "巡察整改报告",
        "关于巡察整改情况的报告",
        &[
            ("整改工作开展情况", "achievement"),
            ("反馈问题整改落实情况", "measure"),
            ("尚需持续整改的问题", "problem"),
            ("下一步打算", "requirement"),
        ],
    ),
    (
        "述职述廉报告",
        "领导班子述职述廉报告",
        &[
            ("履职尽责情况", "achievement"),
            ("廉洁自律情况", "achievement"),
            ("存在的不足", "problem"),
            ("努力方向", "measure"),
        ],
    ),
];
const INDICATORS: &[&str] = &[
    "开展谈心谈话（人次）",
    "召开专题会议（次）",
    "整改问题（个）",
    "建立完善制度（项）",
    "开展警示教育（场）",
    "党员干部培训（人次）",
    "立案审查（件）",
    "督查检查（次）",
    "走访群众（户）",
    "收集意见建议（条）",
];
const PROBLEM_MARKERS: &[&str] = &[
    "不够",
    "不足",
    "不强",
    "不到位",
    "不严",
    "缺乏",
    "不高",
    "不深",
    "不实",
    "欠缺",
    "薄弱",
    "差距",
    "偏差",
    "不力",
    "滞后",
    "弱化",
    "松懈",
    "不多",
    "不准",
    "不主动",
    "存在",
];
const ORDINALS: &[&str] = &["一是", "二是", "三是", "四是", "五是", "六是"];

/// Excerpts of the largest source (fewer when the corpus is small: about a
/// quarter of the excerpts).
const GIANT_SOURCE_EXCERPTS: usize = 25_000;
/// The topic on a third of all pages.
const WIDE_TOPIC: &str = "全面从严治党";
/// Mentions in the one paragraph that is nothing but a comma-separated list.
const MENTION_LIST_LENGTH: usize = 2_000;

// ---------------------------------------------------------------- model

struct Formulation {
    title: String,
    full: String,
    parts: Option<Vec<String>>,
    variant: Option<String>,
    category: &'static str,
    origin: String,
    status: &'static str,
    superseded_by: Option<usize>,
    collocations: Vec<&'static str>,
    related: Vec<usize>,
    /// Zipf–Mandelbrot weight of being mentioned
    weight: f64,
    /// one of a deliberate X / X问题 pair
    overlap: bool,
}

struct Source {
    slug: String,
    title: String,
    doc_type: usize,
    level: &'static str,
    year: usize,
    issuer: Option<String>,
    /// number of excerpts
    count: usize,
}

/// Mention counts, as pages (each page counted once per formulation).
struct Counter {
    pages: Vec<usize>,
    mentions: Vec<usize>,
    last_page: Vec<usize>,
}

impl Counter {
    fn hit(&mut self, f: usize, page: usize) {
        self.mentions[f] += 1;
        if self.last_page[f] != page {
            self.last_page[f] = page;
            self.pages[f] += 1;
        }
    }
}

struct Terms {
    all: Vec<String>,
    set: HashSet<String>,
}

impl Terms {
    /// `allowed` is a term that the new term may contain (deliberate overlap).
    fn fits(&self, t: &str, allowed: Option<&str>) -> bool {
        !self.set.contains(t)
            && self
                .all
                .iter()
                .all(|o| Some(o.as_str()) == allowed || !(o.contains(t) || t.contains(o.as_str())))
    }
    fn add(&mut self, t: &str) {
        self.all.push(t.to_string());
        self.set.insert(t.to_string());
    }
}

fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn qlist<S: AsRef<str>>(xs: &[S]) -> String {
    let items: Vec<String> = xs.iter().map(|x| q(x.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

fn clen(s: &str) -> usize {
    s.chars().count()
}

fn usage(msg: &str) -> ! {
    eprintln!("gen_corpus: {msg}");
    eprintln!("usage: gen_corpus N DIR [--formulations F]");
    exit(2)
}

// ---------------------------------------------------------------- formulations

fn make_formulations(rng: &mut Rng, f_count: usize) -> Vec<Formulation> {
    let mut terms = Terms {
        all: Vec::new(),
        set: HashSet::new(),
    };
    let long_count = if f_count >= 20 {
        (f_count / 50).max(2)
    } else {
        0
    };
    let base_count = f_count - long_count;
    let num_weights: Vec<u32> = NUMS.iter().map(|n| n.2).collect();
    // (title, number index, measure, stem) — number index None for unnumbered
    let mut bases: Vec<(String, Option<usize>, &str, &str)> = Vec::new();
    let mut attempts = 0usize;
    while bases.len() < base_count {
        attempts += 1;
        if attempts > 1_000_000 {
            usage(&format!(
                "cannot make {f_count} distinct formulation titles"
            ));
        }
        if rng.chance(0.1) {
            let t = format!(
                "{}{}{}",
                rng.pick(PREFIXES),
                rng.pick(NOUNS),
                rng.pick(PLAIN_SUFFIXES)
            );
            if terms.fits(&t, None) {
                terms.add(&t);
                bases.push((t, None, "", ""));
            }
        } else {
            let ni = rng.weighted(&num_weights);
            let m = *rng.pick(MEASURES);
            let stem = *rng.pick(STEMS);
            let mut t = format!("{}{}{}", NUMS[ni].0, m, stem);
            if rng.chance(0.25) {
                let suf = *rng.pick(SUFFIXES);
                if suf != stem {
                    t.push_str(suf);
                }
            }
            if terms.fits(&t, None) {
                terms.add(&t);
                bases.push((t, Some(ni), m, stem));
            }
        }
    }

    let mut forms: Vec<Formulation> = Vec::with_capacity(f_count);
    for (title, ni, m, stem) in &bases {
        let (full, parts, variant) = match ni {
            Some(ni) => {
                let n = NUMS[*ni].1;
                let parts: Vec<String> = rng
                    .distinct(MODIFIERS.len(), n)
                    .into_iter()
                    .map(|i| format!("{}{}", MODIFIERS[i], stem))
                    .collect();
                let full = parts.join("、");
                let mut variant = None;
                if rng.chance(0.3) {
                    let swap = match *m {
                        "个" => "项",
                        "项" => "个",
                        "大" => "项",
                        "条" => "项",
                        "种" => "类",
                        "类" => "种",
                        _ => "个",
                    };
                    let v = title.replacen(m, swap, 1);
                    if terms.fits(&v, None) {
                        terms.add(&v);
                        variant = Some(v);
                    }
                }
                (full, Some(parts), variant)
            }
            None => {
                let full = format!(
                    "以{}为抓手、以{}为目标的{}",
                    title,
                    rng.pick(MODIFIERS),
                    rng.pick(PLAIN_SUFFIXES)
                );
                (full, None, None)
            }
        };
        forms.push(Formulation {
            title: title.clone(),
            full,
            parts,
            variant,
            category: "",
            origin: String::new(),
            status: "current",
            superseded_by: None,
            collocations: Vec::new(),
            related: Vec::new(),
            weight: 0.0,
            overlap: false,
        });
    }

    // Deliberate overlaps: X and X问题 (X教育 …), to exercise longest-match.
    let long_weights: Vec<u32> = LONG_SUFFIXES.iter().map(|l| l.1).collect();
    let mut used_base = HashSet::new();
    let mut attempts = 0usize;
    while forms.len() < f_count {
        attempts += 1;
        if attempts > 100_000 {
            usage("cannot make the deliberate long formulations");
        }
        let b = rng.below(base_count);
        if bases[b].1.is_none() || used_base.contains(&b) {
            continue;
        }
        let suf = LONG_SUFFIXES[rng.weighted(&long_weights)].0;
        let t = format!("{}{}", forms[b].title, suf);
        if !terms.fits(&t, Some(&forms[b].title)) {
            continue;
        }
        terms.add(&t);
        used_base.insert(b);
        forms[b].overlap = true;
        let full = format!("{}方面的{}", forms[b].title, suf);
        forms.push(Formulation {
            title: t,
            full,
            parts: None,
            variant: None,
            category: "",
            origin: String::new(),
            status: "current",
            superseded_by: None,
            collocations: Vec::new(),
            related: vec![b],
            weight: 0.0,
            overlap: true,
        });
    }

    // Shuffle so that file numbers and ranks are not correlated with the kind.
    let mut order: Vec<usize> = (0..forms.len()).collect();
    rng.shuffle(&mut order);
    let mut new_index = vec![0; forms.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Formulation>> = forms.into_iter().map(Some).collect();
    let mut forms: Vec<Formulation> = order
        .iter()
        .map(|&old| slots[old].take().unwrap())
        .collect();
    for f in forms.iter_mut() {
        for r in f.related.iter_mut() {
            *r = new_index[*r];
        }
    }
    let n = forms.len();

    // Attributes.
    let n_adjusted = (n * 5 / 100).max(1);
    let n_historical = (n / 100).max(if n >= 50 { 1 } else { 0 });
    let changed = rng.distinct(n, n_adjusted + n_historical);
    let changed_set: HashSet<usize> = changed.iter().copied().collect();
    for (k, &i) in changed.iter().enumerate() {
        forms[i].status = if k < n_adjusted {
            "adjusted"
        } else {
            "historical"
        };
        loop {
            let s = rng.below(n);
            if s != i && !changed_set.contains(&s) {
                forms[i].superseded_by = Some(s);
                break;
            }
        }
    }
    // Zipf–Mandelbrot weights over a random ranking: weight = 1 / (rank + 5).
    let mut ranking: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut ranking);
    for (rank, &i) in ranking.iter().enumerate() {
        forms[i].weight = 1.0 / (rank as f64 + 6.0);
    }
    for (i, f) in forms.iter_mut().enumerate() {
        let year = rng.range(2012, 2023);
        let month = rng.range(1, 12);
        f.origin = format!("{}年{}月{}首次提出", year, month, rng.pick(ORIGIN_EVENTS));
        f.category = *rng.pick(CATEGORIES);
        let k = rng.range(2, 3);
        f.collocations = rng
            .distinct(VERBS.len(), k)
            .into_iter()
            .map(|v| VERBS[v])
            .collect();
        let want = rng.range(1, 3);
        while f.related.len() < want {
            let r = rng.below(n);
            if r != i && !f.related.contains(&r) {
                f.related.push(r);
            }
        }
    }
    forms
}

/// How a formulation is written into running text.
fn mention(rng: &mut Rng, f: &Formulation, part: &str) -> String {
    let term = match &f.variant {
        Some(v) if rng.chance(0.15) => v.as_str(),
        _ => f.title.as_str(),
    };
    let roll = rng.unit();
    if roll < 0.70 {
        let verb = *rng.pick(&f.collocations);
        let adv = if clen(verb) == 2 && rng.chance(0.3) {
            *rng.pick(ADVERBS)
        } else {
            ""
        };
        format!("{adv}{verb}“{term}”")
    } else if roll < 0.80 {
        let verb = *rng.pick(VERBS);
        format!("{verb}“{term}”")
    } else if roll < 0.90 {
        if part == "problem" || part == "cause" {
            let tail = *rng.pick(&[
                "落实不到位",
                "的要求理解不深",
                "方面还有差距",
                "贯彻不够有力",
            ]);
            format!("“{term}”{tail}")
        } else {
            let t = *rng.pick(&[
                "对照“{}”要求",
                "按照“{}”的要求",
                "把“{}”落到实处",
                "围绕“{}”",
            ]);
            t.replace("{}", term)
        }
    } else {
        // unquoted, always followed by a comma or full stop
        let verb = *rng.pick(&f.collocations);
        format!("{verb}{term}")
    }
}

fn formulation_page(
    rng: &mut Rng,
    forms: &[Formulation],
    i: usize,
    counter: &mut Counter,
    page: usize,
) -> String {
    let f = &forms[i];
    let mut s = String::new();
    s.push_str("---\n");
    writeln!(s, "title: {}", q(&f.title)).unwrap();
    writeln!(s, "full: {}", q(&f.full)).unwrap();
    if let Some(parts) = &f.parts {
        writeln!(s, "parts: {}", qlist(parts)).unwrap();
    }
    let variants: Vec<&str> = f.variant.iter().map(|v| v.as_str()).collect();
    writeln!(s, "variants: {}", qlist(&variants)).unwrap();
    writeln!(s, "category: {}", q(f.category)).unwrap();
    writeln!(s, "origin: {}", q(&f.origin)).unwrap();
    writeln!(s, "status: {}", q(f.status)).unwrap();
    if let Some(sb) = f.superseded_by {
        writeln!(s, "superseded_by: {}", q(&forms[sb].title)).unwrap();
    }
    writeln!(s, "collocations: {}", qlist(&f.collocations)).unwrap();
    let related: Vec<&str> = f.related.iter().map(|&r| forms[r].title.as_str()).collect();
    writeln!(s, "related: {}", qlist(&related)).unwrap();
    s.push_str("---\n");

    let mut lines: Vec<String> = Vec::new();
    lines.push(format!("“{}”的规范表述为：{}。", f.title, f.full));
    let coll: Vec<String> = f
        .collocations
        .iter()
        .map(|v| format!("{v}“{}”", f.title))
        .collect();
    lines.push(format!("常见搭配：{}。", coll.join("、")));
    lines.push(format!(
        "该提法{}，使用时应以规范表述为准，不得随意增减字词或改变顺序。",
        f.origin
    ));
    if let Some(v) = &f.variant {
        lines.push(format!("也写作“{v}”，正式文稿中宜统一使用“{}”。", f.title));
    }
    if let Some(sb) = f.superseded_by {
        lines.push(format!(
            "该提法已{}，现行表述为“{}”。",
            if f.status == "adjusted" {
                "调整"
            } else {
                "不再使用"
            },
            forms[sb].title
        ));
        counter.hit(sb, page);
    }
    // a deliberate long form's `full` names its base (X问题 → X方面的问题)
    for &r in &f.related {
        if f.full.contains(forms[r].title.as_str()) {
            counter.hit(r, page);
        }
    }
    if lines.len() < 6 && rng.chance(0.6) {
        let rel: Vec<String> = f
            .related
            .iter()
            .map(|&r| format!("“{}”", forms[r].title))
            .collect();
        for &r in &f.related {
            counter.hit(r, page);
        }
        lines.push(format!("相关提法：{}。", rel.join("")));
    }
    for l in &lines {
        s.push('\n');
        s.push_str(l);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------- excerpts

struct Pools {
    problem: Vec<&'static str>,
    general: Vec<&'static str>,
    short_problem: Vec<&'static str>,
    short_general: Vec<&'static str>,
}

fn make_pools(forms: &[Formulation]) -> Pools {
    let mut terms: Vec<&str> = Vec::new();
    for f in forms {
        terms.push(&f.title);
        if let Some(v) = &f.variant {
            terms.push(v);
        }
    }
    let mut p = Pools {
        problem: vec![],
        general: vec![],
        short_problem: vec![],
        short_general: vec![],
    };
    for line in CLAUSES.lines() {
        for c in line.split('|') {
            let c = c.trim();
            if c.is_empty() || terms.iter().any(|t| c.contains(t)) {
                continue;
            }
            let is_problem = PROBLEM_MARKERS.iter().any(|m| c.contains(m));
            let short = clen(c) <= 14;
            match (is_problem, short) {
                (true, true) => {
                    p.problem.push(c);
                    p.short_problem.push(c)
                }
                (true, false) => p.problem.push(c),
                (false, true) => {
                    p.general.push(c);
                    p.short_general.push(c)
                }
                (false, false) => p.general.push(c),
            }
        }
    }
    p
}

fn filler<'a>(rng: &mut Rng, pools: &'a Pools, problemish: bool) -> &'a str {
    if problemish && rng.chance(0.6) {
        pools.problem[rng.below(pools.problem.len())]
    } else {
        pools.general[rng.below(pools.general.len())]
    }
}

fn table_or_list(rng: &mut Rng, pools: &Pools, year: usize) -> String {
    if rng.chance(0.5) {
        let mut s = format!(
            "主要工作数据如下：\n\n| 指标 | {}年 | {}年 |\n| --- | ---: | ---: |\n",
            year - 1,
            year
        );
        let rows = rng.range(3, 5);
        for i in rng.distinct(INDICATORS.len(), rows) {
            let a = 5 + (i * 7 + year) % 40;
            writeln!(s, "| {} | {} | {} |", INDICATORS[i], a, a + (year % 9) + 1).unwrap();
        }
        s
    } else {
        let ordered = rng.chance(0.5);
        let k = rng.range(3, 5);
        let mut s = String::from("具体措施：\n\n");
        for j in 0..k {
            let c = filler(rng, pools, false);
            let end = if j + 1 == k { "。" } else { "；" };
            if ordered {
                writeln!(s, "{}. {}{}", j + 1, c, end).unwrap();
            } else {
                writeln!(s, "- {}{}", c, end).unwrap();
            }
        }
        s
    }
}

fn code_block(rng: &mut Rng, pools: &Pools, title: &str, year: usize) -> String {
    let a = filler(rng, pools, false);
    let b = filler(rng, pools, true);
    match rng.below(4) {
        0 => format!(
            "材料模板（YAML）：\n\n```yaml\n标题: \"{title}\"\n年份: {year}\n要点:\n  - \"{a}\"\n  - \"{b}\"\n```\n"
        ),
        1 => format!(
            "数据交换格式示例：\n\n```json\n{{\n  \"title\": \"{title}\",\n  \"year\": {year},\n  \"points\": [\"{a}\", \"{b}\"]\n}}\n```\n"
        ),
        2 => format!(
            "配置示例：\n\n```toml\n[report]\ntitle = \"{title}\"\nyear = {year}\npoints = [\"{a}\", \"{b}\"]\n```\n"
        ),
        _ => format!("提纲格式：\n\n```\n一、{a}\n二、{b}\n三、{title}\n```\n"),
    }
}

/// What shapes an excerpt's body takes beyond the ordinary.
#[derive(Clone, Copy, Default)]
struct BodyShape {
    /// Mention this formulation (the one used on half of all pages).
    hot: Option<usize>,
    /// One paragraph with no sentence break (text pasted from a PDF, a
    /// list run together with commas).
    no_breaks: bool,
    /// Instead of prose, this many formulation mentions separated by
    /// commas, in one paragraph.
    mention_list: usize,
}

#[allow(clippy::too_many_arguments)]
fn excerpt_body(
    rng: &mut Rng,
    pools: &Pools,
    forms: &[Formulation],
    cum: &[f64],
    part: &str,
    title: &str,
    year: usize,
    counter: &mut Counter,
    page: usize,
    shape: BodyShape,
) -> String {
    if shape.mention_list > 0 {
        return mention_list(rng, forms, cum, shape.mention_list, counter, page);
    }
    let problemish = part == "problem" || part == "cause";
    // mentions
    let k = rng.weighted(&[12, 30, 26, 16, 10, 6]);
    let mut chosen: Vec<usize> = Vec::new();
    if let Some(hot) = shape.hot {
        chosen.push(hot);
    }
    let mut tries = 0;
    while chosen.len() < k && tries < 50 {
        tries += 1;
        let x = rng.unit() * cum[cum.len() - 1];
        let i = cum.partition_point(|&c| c <= x).min(cum.len() - 1);
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    let mut mention_clauses: Vec<String> = Vec::new();
    let mut idx = 0;
    while idx < chosen.len() {
        let left = chosen.len() - idx;
        if left >= 2 && rng.chance(0.3) {
            // 增强“…”、坚定“…”、做到“…”
            let take = if left >= 3 && rng.chance(0.5) { 3 } else { 2 };
            let parts: Vec<String> = chosen[idx..idx + take]
                .iter()
                .map(|&f| {
                    let verb = *rng.pick(&forms[f].collocations);
                    format!("{verb}“{}”", forms[f].title)
                })
                .collect();
            mention_clauses.push(parts.join("、"));
            idx += take;
        } else {
            mention_clauses.push(mention(rng, &forms[chosen[idx]], part));
            idx += 1;
        }
    }
    for &f in &chosen {
        counter.hit(f, page);
    }
    let mention_len: usize = mention_clauses.iter().map(|m| clen(m) + 1).sum();

    // filler clauses up to the target length
    let target = if shape.no_breaks {
        rng.range(1_000, 3_000)
    } else {
        rng.range(150, 560)
    };
    let mut clauses: Vec<String> = Vec::new();
    let mut len = clen(title) + 1 + mention_len;
    while len < target {
        // avoid repeating a clause within one excerpt
        let mut c = filler(rng, pools, problemish);
        for _ in 0..8 {
            if !clauses.iter().any(|x| x == c) && c != title {
                break;
            }
            c = filler(rng, pools, problemish);
        }
        len += clen(c) + 1;
        clauses.push(c.to_string());
    }
    for m in mention_clauses {
        let at = rng.below(clauses.len() + 1);
        clauses.insert(at, m);
    }

    if shape.no_breaks {
        // One run-on paragraph: commas and enumeration commas only, not
        // even a full stop at the end.
        let mut body = String::new();
        for (j, c) in clauses.iter().enumerate() {
            if j > 0 {
                body.push_str(if rng.chance(0.2) { "、" } else { "，" });
            }
            body.push_str(c);
        }
        body.push('\n');
        return body;
    }
    // sentences and paragraphs
    let ordinals = (part == "problem" || part == "measure" || part == "cause") && rng.chance(0.35);
    let mut sentences: Vec<String> = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let n = rng.range(1, 4).min(clauses.len() - i);
        let mut s = String::new();
        if ordinals && sentences.len() < ORDINALS.len() {
            s.push_str(ORDINALS[sentences.len()]);
        }
        s.push_str(&clauses[i..i + n].join("，"));
        s.push('。');
        sentences.push(s);
        i += n;
    }
    let paragraphs = rng.range(1, 3).min(sentences.len().max(1));
    let mut body = format!("{title}。");
    let per = sentences.len().div_ceil(paragraphs).max(1);
    for (j, s) in sentences.iter().enumerate() {
        if j > 0 && j % per == 0 {
            body.push_str("\n\n");
        }
        body.push_str(s);
    }
    body.push('\n');
    let roll = rng.below(100);
    if roll == 0 {
        body.push('\n');
        body.push_str(&table_or_list(rng, pools, year));
    } else if roll == 1 {
        body.push('\n');
        body.push_str(&code_block(rng, pools, title, year));
    }
    body
}

/// A paragraph of `count` mentions separated by commas and nothing else
/// (a list pasted from a table), every formulation drawn as usual.
fn mention_list(
    rng: &mut Rng,
    forms: &[Formulation],
    cum: &[f64],
    count: usize,
    counter: &mut Counter,
    page: usize,
) -> String {
    let mut body = String::new();
    for j in 0..count {
        let x = rng.unit() * cum[cum.len() - 1];
        let f = cum.partition_point(|&c| c <= x).min(cum.len() - 1);
        if j > 0 {
            body.push('，');
        }
        let verb = *rng.pick(&forms[f].collocations);
        write!(body, "{verb}“{}”", forms[f].title).unwrap();
        counter.hit(f, page);
    }
    body.push('\n');
    body
}

/// Whether item `i` of `total` is one of `wanted` spread evenly over them
/// (`wanted` ≤ `total`): exactly `wanted` items are.
fn spread(i: usize, total: usize, wanted: usize) -> bool {
    total > 0 && (i + 1) * wanted / total > i * wanted / total
}

// ---------------------------------------------------------------- main

fn write(path: &Path, text: &str, bytes: &mut u64, files: &mut usize) {
    if let Some(dir) = path.parent() {
        if let Err(e) = fs::create_dir_all(dir) {
            eprintln!("gen_corpus: cannot create {}: {e}", dir.display());
            exit(1);
        }
    }
    if let Err(e) = fs::write(path, text) {
        eprintln!("gen_corpus: cannot write {}: {e}", path.display());
        exit(1);
    }
    *bytes += text.len() as u64;
    *files += 1;
}

fn width(n: usize, min: usize) -> usize {
    n.to_string().len().max(min)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional: Vec<String> = Vec::new();
    let mut f_arg: Option<usize> = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--formulations" || a == "-f" {
            let v = it
                .next()
                .unwrap_or_else(|| usage("--formulations needs a number"));
            f_arg = Some(
                v.parse()
                    .unwrap_or_else(|_| usage(&format!("bad --formulations value `{v}`"))),
            );
        } else if let Some(v) = a.strip_prefix("--formulations=") {
            f_arg = Some(
                v.parse()
                    .unwrap_or_else(|_| usage(&format!("bad --formulations value `{v}`"))),
            );
        } else if a == "-h" || a == "--help" {
            println!("usage: gen_corpus N DIR [--formulations F]");
            return;
        } else if a.starts_with('-') && a.len() > 1 {
            usage(&format!("unknown option `{a}`"));
        } else {
            positional.push(a);
        }
    }
    if positional.len() != 2 {
        usage("expected N and DIR");
    }
    let n: usize = positional[0]
        .parse()
        .unwrap_or_else(|_| usage(&format!("N must be a number, got `{}`", positional[0])));
    let dir = PathBuf::from(&positional[1]);
    let f_count = f_arg.unwrap_or(if n >= 10_000 { 500 } else { (n / 20).max(20) });
    let s_count = (n / 50).max(1);
    if f_count < 1 || n < f_count + s_count + 1 {
        usage(&format!(
            "N={n} is too small for {f_count} formulations and {s_count} sources plus at least one excerpt"
        ));
    }
    let e_count = n - f_count - s_count;
    if dir.exists() {
        let non_empty = match fs::read_dir(&dir) {
            Ok(mut rd) => rd.next().is_some(),
            Err(_) => true,
        };
        if non_empty {
            usage(&format!(
                "{} exists and is not empty; refusing to write into it",
                dir.display()
            ));
        }
    }

    let mut rng = Rng::new(
        0x7469_6661_0000_0000 ^ (n as u64).wrapping_mul(0x1000_0001) ^ ((f_count as u64) << 40),
    );
    let forms = make_formulations(&mut rng, f_count);
    let pools = make_pools(&forms);
    let mut cum = Vec::with_capacity(forms.len());
    let mut acc = 0.0;
    for f in &forms {
        acc += f.weight;
        cum.push(acc);
    }
    let mut counter = Counter {
        pages: vec![0; forms.len()],
        mentions: vec![0; forms.len()],
        last_page: vec![usize::MAX; forms.len()],
    };
    let mut bytes = 0u64;
    let mut files = 0usize;
    let mut page = 0usize;
    let content = dir.join("content");

    write(
        &dir.join("config.toml"),
        // Lists 50 to a page, as the Hugo layout of the same pages
        // (bench/hugo_site.py, pagerSize 50), so both write the same lists.
        "title = \"合成知识库\"\nbase_url = \"http://127.0.0.1:1111/\"\npaginate_by = 50\n",
        &mut 0,
        &mut 0,
    );
    write(
        &content.join("_index.md"),
        "---\ntitle: \"首页\"\ndescription: \"合成的政策知识库，用于性能测试\"\n---\n本知识库由 gen_corpus 生成，内容为合成文本，仅用于测试。\n",
        &mut bytes,
        &mut files,
    );
    write(
        &content.join("formulations/_index.md"),
        "---\ntitle: \"提法\"\ndescription: \"标准提法的规范表述、出处与用法\"\npage_kind: formulation\nsort_by: title\npaginate_by: 50\nweight: 1\n---\n标准提法的规范表述、出处与用法。\n",
        &mut bytes,
        &mut files,
    );
    write(
        &content.join("sources/_index.md"),
        "---\ntitle: \"来源\"\ndescription: \"摘录所出自的文稿\"\npage_kind: source\npaginate_by: 50\nweight: 3\n---\n摘录所出自的文稿。\n",
        &mut bytes,
        &mut files,
    );
    write(
        &content.join("excerpts/_index.md"),
        "---\ntitle: \"摘录\"\ndescription: \"按来源、主题和部分整理的范文段落\"\npage_kind: excerpt\npaginate_by: 50\nweight: 2\n---\n按来源、主题和部分整理的范文段落。\n",
        &mut bytes,
        &mut files,
    );

    // formulations
    let fw = width(forms.len(), 4);
    let mut form_files = Vec::with_capacity(forms.len());
    for i in 0..forms.len() {
        let text = formulation_page(&mut rng, &forms, i, &mut counter, page);
        let name = format!("formulations/f{:0w$}.md", i + 1, w = fw);
        write(&content.join(&name), &text, &mut bytes, &mut files);
        form_files.push(name);
        page += 1;
    }

    // sources
    let sw = width(s_count, 4);
    let level_weights: Vec<u32> = LEVELS.iter().map(|l| l.1).collect();
    let mut sources: Vec<Source> = Vec::with_capacity(s_count);
    let mut used_titles = HashSet::new();
    for i in 0..s_count {
        let doc_type = rng.below(DOC_TYPES.len());
        let year = rng.range(2016, 2023);
        let (dept, org) = *rng.pick(DEPTS);
        let mut place = *rng.pick(PLACES);
        let mut tries = 0;
        let mut title = format!("{place}{dept}{org}{year}年{}", DOC_TYPES[doc_type].1);
        while used_titles.contains(&title) && tries < 20 {
            place = *rng.pick(PLACES);
            title = format!("{place}{dept}{org}{year}年{}", DOC_TYPES[doc_type].1);
            tries += 1;
        }
        used_titles.insert(title.clone());
        let issuer = if rng.chance(0.7) {
            Some(format!("{place}{dept}{org}"))
        } else {
            None
        };
        sources.push(Source {
            slug: format!("s{:0w$}", i + 1, w = sw),
            title,
            doc_type,
            level: LEVELS[rng.weighted(&level_weights)].0,
            year,
            issuer,
            count: 0,
        });
    }
    // distribute excerpts over sources: the first is a giant (a whole
    // year's compilation: 25,000 excerpts at N = 100,000), the rest share
    // what is left
    let giant = if s_count >= 2 {
        (e_count * 26 / 100).min(GIANT_SOURCE_EXCERPTS)
    } else {
        0
    };
    let weights: Vec<usize> = (0..s_count).map(|_| rng.range(50, 150)).collect();
    let wsum: usize = weights.iter().skip(usize::from(giant > 0)).sum();
    let mut assigned = 0;
    for (i, (s, w)) in sources.iter_mut().zip(&weights).enumerate() {
        s.count = match (i, giant) {
            (0, g) if g > 0 => g,
            _ => (e_count - giant) * w / wsum,
        };
        assigned += s.count;
    }
    let mut j = 0;
    while assigned < e_count {
        let s = if giant > 0 {
            1 + j % (s_count - 1)
        } else {
            j % s_count
        };
        sources[s].count += 1;
        assigned += 1;
        j += 1;
    }
    // the formulation used on half of all pages: the most used one that is
    // current and not one of the deliberate overlap pairs
    let hot = (0..forms.len())
        .filter(|&i| !forms[i].overlap && forms[i].status == "current")
        .max_by(|&a, &b| forms[a].weight.total_cmp(&forms[b].weight))
        .unwrap_or(0);
    let hot_pages = n / 2;
    let wide_topic_pages = n / 3;
    for s in &sources {
        let mut t = String::from("---\n");
        writeln!(t, "title: {}", q(&s.title)).unwrap();
        writeln!(t, "doc_type: {}", q(DOC_TYPES[s.doc_type].0)).unwrap();
        writeln!(t, "level: {}", q(s.level)).unwrap();
        writeln!(t, "year: {}", s.year).unwrap();
        if let Some(iss) = &s.issuer {
            writeln!(t, "issuer: {}", q(iss)).unwrap();
        }
        t.push_str("---\n");
        writeln!(
            t,
            "\n本文为{}年的{}，共整理摘录{}条。原文中的单位名称和人名已作匿名化处理。",
            s.year, DOC_TYPES[s.doc_type].0, s.count
        )
        .unwrap();
        if rng.chance(0.5) {
            writeln!(
                t,
                "\n文稿结构：{}。",
                DOC_TYPES[s.doc_type]
                    .2
                    .iter()
                    .map(|x| x.0)
                    .collect::<Vec<_>>()
                    .join("、")
            )
            .unwrap();
        }
        write(
            &content.join(format!("sources/{}.md", s.slug)),
            &t,
            &mut bytes,
            &mut files,
        );
        page += 1;
    }

    // excerpts
    let mut excerpt_files = 0usize;
    let mut body_chars_min = usize::MAX;
    let mut body_chars_max = 0usize;
    let mut with_table = 0usize;
    let mut with_code = 0usize;
    let mut excerpt_index = 0usize;
    let mut no_part = 0usize;
    let mut no_breaks = 0usize;
    let mut wide_topic = 0usize;
    for (source_index, s) in sources.iter().enumerate() {
        let sections = DOC_TYPES[s.doc_type].2;
        let ew = width(s.count, 3);
        // per source: a topic order and how many sub-sections each section has
        let mut topic_order: Vec<usize> = (0..TOPICS.len()).collect();
        rng.shuffle(&mut topic_order);
        let subs: Vec<usize> = sections
            .iter()
            .map(|_| if rng.chance(0.7) { rng.range(2, 6) } else { 0 })
            .collect();
        let sec_start: Vec<usize> = (0..=sections.len())
            .map(|k| k * s.count / sections.len())
            .collect();
        for k in 0..s.count {
            let sec = (k * sections.len() / s.count.max(1)).min(sections.len() - 1);
            let (heading, sec_part) = sections[sec];
            let in_sec = k - sec_start[sec];
            let sec_len = (sec_start[sec + 1] - sec_start[sec]).max(1);
            let mut part = match sec_part {
                "mix" => {
                    if in_sec * 2 < sec_len {
                        "problem"
                    } else {
                        "cause"
                    }
                }
                p => p,
            };
            if rng.chance(0.08) {
                part = "other";
            }
            let mut section_path = vec![heading.to_string()];
            let mut topics: Vec<&str> = Vec::new();
            if subs[sec] > 0 {
                let sub = in_sec * subs[sec] / sec_len;
                let topic = TOPICS[topic_order[sub % TOPICS.len()]];
                section_path.push(format!("在{}方面", topic));
                topics.push(topic);
            }
            let extra = rng.weighted(&[5, 3, 1]) + if topics.is_empty() { 1 } else { 0 };
            while topics.len() < extra.clamp(1, 3) {
                let t = *rng.pick(TOPICS);
                if !topics.contains(&t) {
                    topics.push(t);
                }
            }
            if spread(excerpt_index, e_count, wide_topic_pages) && !topics.contains(&WIDE_TOPIC) {
                topics.push(WIDE_TOPIC);
                wide_topic += 1;
            }
            let ntags = rng.weighted(&[50, 35, 15]);
            let tags: Vec<&str> = rng
                .distinct(TAGS.len(), ntags)
                .into_iter()
                .map(|i| TAGS[i])
                .collect();
            let problemish = part == "problem" || part == "cause";
            let title = *rng.pick(if problemish {
                &pools.short_problem
            } else {
                &pools.short_general
            });

            let shape = BodyShape {
                hot: spread(excerpt_index, e_count, hot_pages).then_some(hot),
                no_breaks: rng.chance(0.01),
                mention_list: if excerpt_index == e_count / 2 {
                    MENTION_LIST_LENGTH
                } else {
                    0
                },
            };
            no_breaks += usize::from(shape.no_breaks || shape.mention_list > 0);
            let body = excerpt_body(
                &mut rng,
                &pools,
                &forms,
                &cum,
                part,
                title,
                s.year,
                &mut counter,
                page,
                shape,
            );
            // the giant's excerpts, and one in twenty others, have no `part`
            // (the draw only happens for the others, as before)
            let in_giant = source_index == 0 && giant > 0;
            let has_part = !in_giant && !rng.chance(0.05);
            if body.contains("```") {
                with_code += 1;
            } else if body.contains("| 指标") || body.contains("具体措施：") {
                with_table += 1;
            } else {
                let c = clen(&body);
                body_chars_min = body_chars_min.min(c);
                body_chars_max = body_chars_max.max(c);
            }
            let mut t = String::from("---\n");
            writeln!(t, "title: {}", q(title)).unwrap();
            writeln!(t, "source: {}", q(&s.slug)).unwrap();
            writeln!(t, "section_path: {}", qlist(&section_path)).unwrap();
            writeln!(t, "order: {}", k + 1).unwrap();
            if has_part {
                writeln!(t, "part: {}", q(part)).unwrap();
            } else {
                no_part += 1;
            }
            writeln!(t, "topics: {}", qlist(&topics)).unwrap();
            if !tags.is_empty() {
                writeln!(t, "tags: {}", qlist(&tags)).unwrap();
            }
            t.push_str("---\n");
            t.push_str(&body);
            let name = format!("excerpts/{}/{:0w$}.md", s.slug, k + 1, w = ew);
            write(&content.join(name), &t, &mut bytes, &mut files);
            excerpt_files += 1;
            excerpt_index += 1;
            page += 1;
        }
    }

    // summary
    let (top, _) = counter
        .pages
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| (**p, usize::MAX - i))
        .unwrap();
    let (near, _) = counter
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| !forms[*i].overlap && forms[*i].status == "current")
        .min_by_key(|(i, p)| ((**p as i64 - 200).abs(), *i))
        .unwrap();
    let over100 = counter.pages.iter().filter(|&&p| p >= 100).count();
    let total_mentions: usize = counter.mentions.iter().sum();
    println!("dir={}", dir.display());
    println!(
        "pages={} formulations={} sources={} excerpts={} sections=4 files={} markdown_bytes={}",
        forms.len() + sources.len() + excerpt_files,
        forms.len(),
        sources.len(),
        excerpt_files,
        files,
        bytes
    );
    println!(
        "mentions={} formulations_on_100plus_pages={} excerpt_chars={}..{} tables_or_lists={} code_blocks={}",
        total_mentions, over100, body_chars_min, body_chars_max, with_table, with_code
    );
    println!(
        "most_mentioned=content/{} title={} pages={} mentions={}",
        form_files[top], forms[top].title, counter.pages[top], counter.mentions[top]
    );
    println!(
        "serve_target=content/{} title={} pages={}",
        form_files[near], forms[near].title, counter.pages[near]
    );
    let (near_1pct, _) = counter
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| !forms[*i].overlap && forms[*i].status == "current" && *i != hot)
        .min_by_key(|(i, p)| ((**p as i64 - (n / 100) as i64).abs(), *i))
        .unwrap();
    println!(
        "serve_target_1pct=content/{} title={} pages={}",
        form_files[near_1pct], forms[near_1pct].title, counter.pages[near_1pct]
    );
    println!(
        "hard_shapes: largest_source=content/sources/{}.md excerpts={} no_part={} wide_topic={} wide_topic_pages={} hot=content/{} hot_pages={} no_sentence_breaks={} longest_mention_list={}",
        sources[0].slug,
        sources.iter().map(|s| s.count).max().unwrap_or(0),
        no_part,
        WIDE_TOPIC,
        wide_topic,
        form_files[hot],
        counter.pages[hot],
        no_breaks,
        MENTION_LIST_LENGTH
    );
}

// ---------------------------------------------------------------- filler text
//
// Clauses taken from the seed reports in reports/ (split at punctuation,
// 6–24 CJK characters, names and placeholders dropped), one `|`-separated
// group per line. Clauses that contain a generated title or variant are left
// out at run time, so mention counts are exact.
const CLAUSES: &str = "\
一些主要干部在重大事项讨论时集体失声|一些党员干部担当作为意识不够\n\
一些领导干部由于接受党内教育不足|一定程度上存在重业务轻党建\n\
一并纳入此轮巡视反馈意见整改工作中|一条一条明确问题的整改措施\n\
一要加强党的政治建设|一项一项持续推进|三要优化营商环境|三要增强不敢腐的自觉\n\
上级重视就重视|上面布置什么就学什么|不动产发证等关键环节的腐败问题\n\
不开展活动就松一阵|不愿黑脸批评|不断丰富理论宣讲的方式方法|不断净化政治生态\n\
不断增强工作实效|不断强化为民服务的宗旨意识|不断提高制度执行力\n\
不断筑牢拒腐防变思想防线|不是主动摆进去|不能体现治病救人的宗旨\n\
不能完全做到知行合一|不能起到较好的威慑作用|不讲大局意识|与业务工作同部署\n\
与党中央始终如一保持高度一致|与各部门负责人签订作风建设责任书|专业水准较低\n\
专题学习不同时期|业务工作中的不足|严守纪律规矩|严把党员纳新关\n\
严明报告有关事项工作纪律|严查腐败案件|严格审核把关相关材料\n\
严格执行《党政领导干部选拔任用工作条例》|严格执行个人有关事项报告制度\n\
严格执行八项规定|严格执行民主集中制等党内系列重要制度|严格执行请示报告制度\n\
严格按照中央关于意识形态工作责任制要求|严格按照规定的程序进行\n\
严格按规章制度办事|严格落实《党内监督条例》|严格落实中央八项规定\n\
严格落实党建工作责任制|严格落实干部考核评价机制|严格落实权力清单和服务清单\n\
严格落实组织生活会|严格谈话制度|严格贯彻执行民主集中制|严肃党内政治生活\n\
严肃查处享乐主义|严肃查处违纪违规行为|严要求的意识形态工作\n\
个别党员干部队伍执行力不强|个别基层党组织党建阵地建设不够规范\n\
中央扫黑除恶督导组反馈的意见|为人民服务的宗旨意识有所松懈\n\
为全局各项工作稳步开展提供了坚强的政治保障|为全面建成小康社会收官打下决定性基础\n\
为官不为问题还要继续大力整治|为建设高素质专业化干部队伍奠定基础\n\
为民服务意识不强|为民解决实际困难等方面的工作还存在差距\n\
为规范干部职工日常工作行为和提升工作效能提供依据|主体责任考核多为定性考量\n\
主动作为能力不强|主动抓党建的意识不强|主动谋事创业|主要整改思路和措施如下\n\
主要是部分工程项目招投标形同虚设|主要领导与班子成员|主观世界改造不彻底\n\
主题党日活动为抓手|主题教育指定学习的内容|主题活动和日常工作六个方面明确标准\n\
也及时进行了通报|也围绕推进全面从严治党制定了一系列规章制度|也还存在一些问题\n\
习惯于直接核实|习惯用老方法开展工作|乡镇党政正职任职未满三年异动\n\
争取尽早解决历史遗留问题|事业单位存量编制盘活|二要强化扎牢不敢腐的笼子\n\
二要抓牢制度落实|亲自解决一批上级关注|人员流失严重|人民群众的烦心事\n\
人生观的精神内涵尚没有内化为自己的身心自觉|仍有一定差距\n\
从严从实落实党风廉政责任|从严落实主体责任|从思想上遏制腐败\n\
从而导致在对领导班子和领导干部进行届中|从而忽视了对政治理论学习的重视\n\
以党的建设高质量推动经济发展高质量|以加强监督检查和查处通报为抓手\n\
以及犯罪入刑人员的现身说法来保持警钟长鸣|以岗位廉政教育为主要载体\n\
以强有力的政治监督|以永远在路上的执着把全面从严治党不断引向深入\n\
以系统化思维谋划全系统党建工作|以迎接党的二十大召开为契机\n\
以高度的政治责任感和严肃认真的态度|任职回避制度执行不到位\n\
会影响基层干部工作积极性|会议记录不规范|传达贯彻上级机关作风建设的有关部署要求\n\
但个别党组织对待此项工作制度重视程度不够|但仍有一些问题需要花较长时间去解决\n\
但仍选择等待上级作出指示要求|但从整体效果来看|但从近年查处的干部来看\n\
但到目前为止|但在党建引领企业发展方面探索创新不够|但在实际执行过程中\n\
但在深入学习上做得还不够好|但对照党章和全面从严治党的要求|但对照新要求新标准\n\
但意识形态领域仍然存在党员信教|但是在实际工作中|但是对质量的把控仍然不到位\n\
但是所占权重太小|但是没有注重教育的精准度|但是针对性和实行性不高\n\
但由于落实执行不到位|但缺乏迅速的行动|但认真回顾总结这几年的学习教育\n\
但还是将问题解决寄托于上级和市场|体现主流意识形态要求|体现对党绝对忠诚\n\
作为切实履行主体责任的实际行动|作风不实情况不同程度存在|作风建设仍需进一步加强\n\
作风建设持续巩固深化|作风方面不扎实群众不满意的干部\n\
使之成为党员干部教育学习的主阵地|使全体党员干部坚定不移把维护核心\n\
使广大党员干部明是非|依托城市小游园打造党建文化广场|侥幸心理仍然存在\n\
促进点上问题逐个突破|保证使用上有梯队|保证学习效果|修订完善了学习制度\n\
倡树新风等方面创新手段|倾向性问题批评教育蜻蜓点水|倾向性问题重视不够\n\
偏向满足于强调了|做出相应党纪政纪处理|做到党委班子成员|做到实时掌握党员的个人\n\
做到警钟长鸣|做好巡视后半篇文章|做好贯彻落实|健全党风廉政建设机制体系\n\
健全完善党组工作规则|健全检查考核机制|充分做好前期考察|充分发扬民主\n\
充分发挥党员的先锋模范作用|充分发挥全面从严治党的引领保障作用\n\
充分发挥领导小组牵头抓总和统筹谋划作用|先后多次对公车停放和使用情况开展明察暗访\n\
先后邀请全国人大代表|克难求进的新思想|党内政治生活进一步严肃\n\
党内监督和行政监督|党员先锋模范作用没有彰显|党员活动不够经常\n\
党员的身份意识淡薄|党员职工对党建工作参与热情不高\n\
党员领导干部一定程度上还存在重业务|党委工作条例等党内法规\n\
党委班子成员带头参加年度考核|党建主体责任落实不到位|党建工作发展还不够平衡\n\
党建工作由室内向室外全面拓展|党建文化广场为载体强化政治引领|党建示范点的带动作\n\
党性修养不高|党支部书记与全体党员分别签订党风廉政建设责任书\n\
党政主要负责人与领导班子成员谈|党校专家学者进行十九大精神解读\n\
党校封闭式教学培训班|党的基层组织日常监督和党员民主监督的作用\n\
党组书记要切实履行第一责任人职责|党组对重大事项决策的研究决定不够\n\
党组织活动开展不经常|党组织的凝聚力战斗力不足|党风廉政建设\n\
党风廉政建设有力推进|党风廉政建设永远在路上|党风廉政建设责任制工作纪实制度\n\
党风廉政责任制制度不健全|全力抓好落实中央八项规定精神执行情况的监督检查\n\
全力支持纪检监察强化执纪监督|全区总体政治生态逐年向好\n\
全市各级党组织严明政治纪律和政治规矩|全市各级党组织坚持将政治建设摆在首位\n\
全市各级党组织狠抓意识形态工作责任落实|全面从严治党\n\
全面从严治党的政治意识的弦绷得还不够紧|全面从严治党落实不力\n\
全面加强从严治党责任落实|全面加强基层党建工作|全面实施政务公开\n\
全面建强基层组织|全面查找党建|全面落实领导干部重大事项报告制度\n\
全面贯彻落实中央|公务接待问题也很突出|公务用车管理不严格\n\
关于本地区本部门本单位重要指示批示精神|关心干部职工的力度不大\n\
净化政治生态任重道远|凝聚党组织的紧迫感和恒心还不强|凡涉及到三重一大的决策\n\
出台《党建考核细则》|出现严重问题的|出现时紧时松现象|分管领导与部门负责人谈\n\
切实做到党风廉政建设全面留痕|切实加强党员党性教育\n\
切实加强系统干部职工作风纪律的明查暗访力度|切实增强党内政治生活的政治性\n\
切实将全面从严治党主体责任扛稳|切实履行党委主体责任\n\
切实把党支部建设成坚强战斗堡垒|切实把政治建设摆在首位|切实提出具体措施\n\
切实提升党委班子理论水平深度|切实提高审批服务效率|切实改进工作作风\n\
切实解决突出问题|切断利益输送链条|创新实施党建工作机制|创新服务方式\n\
创新选人用人工作机制|利益联结机制不完善|制定《党支部标准化建设工作手册》\n\
制定实施方案|制定推进情况一览表|制定日常管理制度|制度制定完成了\n\
制度建设不断规范完善|制度的制订和监督落实不够|办事效率不高|办公用房相关规定\n\
加大土地利用规划计划管控力度|加大对公务用车和公款吃喝的监督管理\n\
加大平时考核力度|加大机关党组织监督力度|加大统筹力度|加强党员教育和管理\n\
加强党建工作绩效管理|加强党建系统引领|加强党支部的战斗堡垒作用|加强党的建设\n\
加强内控管理|加强制度建设|加强对党员干部的日常管理和监督\n\
加强对全面从严治党的调查研究和分析研判|加强对学习活动的管理\n\
加强对年轻干部的培育|加强对权力运行的制约和监督|加强对重大工程项目的管理\n\
加强意识形态工作|加强机关群团组织队伍建设\n\
加强理论武装和党性锤炼的主动性和实效性不强|加强统筹协调|加强重点领域\n\
加快巡视移交信访件的办理进度和办理成效|动真碰硬有顾虑|努力实现以整改促进发展\n\
努力方向和整改措施|勇于担当作为|区政府和广大干部职工交上一份满意答卷\n\
十九大会议精神以及中央|升降去留相关性不强|协调联动机制作用未能真正发挥\n\
印发《应知应会知识题库》|危废经营许可证久办不下|压力传导不够彻底\n\
压紧压实各级党组织主体责任|厚植共产党人理想信念的基础和底蕴|县政府各项决策部署\n\
及时传达学习典型案例通报|及时化解和有效管控意识形态的矛盾风险点\n\
及时将学习成果传达到各自分管的业务科室|及时校准思想之标\n\
及时通报各级纪委查处的案例|反复调度却仍然存在|反腐败工作有没有到边到位询问过少\n\
发展积极健康的党内政治文化|发挥党建引领作用|发文件来部署工作|取得了一些成效\n\
受害者最开始向市场监管局反映时未受理\n\
另外自己人或多或少存在圈子文化和好人主义思想\n\
只走访了自己联系的乡镇以及各省市贫困村|可复制的基层党建品牌和党建工作法\n\
台下听的灌输式教育|各成员单位切实明确工作任务分工|各项工作部署是及时的\n\
同时在以后的项目管理过程中不断加强管理|同等条件下加大对学历|听取意见建设不够\n\
吸引力和凝聚力不够|善用网络媒体|四要严肃党内政治生活|团结协作意识缺乏\n\
围绕党建责任|围绕公务接待|围绕加强班子政治理论学习|围绕流程优化再造\n\
固化形成制度|土地开发整理|土地矿产交易|在丰富教育载体|在做一些决策的时候\n\
在党风廉政建设方面|在分析潜在问题|在制度制定和执行上一手硬一手软\n\
在听取汇报时照单全收|在大是大非问题上政治清醒|在对问题线索的处置上\n\
在干部管理过程中还存在失之于宽|在强化读原著|在执行中央八项规定方面有不足\n\
在推进复工复产中|在政治建设方面|在理论联系实际|在社区挂靠设立小微企业党支部\n\
在组织建设方面|在落实全面从严治党要求|在跟踪问效的制度建设上还有欠缺\n\
坚决做到党中央号召的坚决响应|坚决抵制和纠正用人上的不正之风\n\
坚决贯彻落实上级各项重大决策部署|坚决防止反弹回潮\n\
坚定不移推进党风廉政建设和反腐败斗争|坚定理想信念|坚持严的主基调|坚持事业为上\n\
坚持以上率下|坚持党建带团建|坚持和加强党的全面领导|坚持学习制度|坚持定期调度\n\
坚持德才兼备|坚持把党的政治建设摆在首位|坚持把思想政治建设摆在首位\n\
坚持标本兼治|坚持正确的选人用人导向|坚持民主集中制|坚持用制度管人\n\
坚持用最新理论成果武装头脑|坚持融入经常|坚持问题导向|坚持领导带头\n\
基层党建工作开展不规范|基层党支部战斗堡垒作用发挥不充分\n\
基层单位从事意识形态工作的负责人往往身兼数职|基层组织带头人队伍建设有待提升\n\
基本情况和主要工作|增加覆盖度上做了很多积极的探索|增强自身免疫力\n\
复产不达效的现象|多数单位文件存在明显的格式错误|大力倡导忠诚老实\n\
大力整治群众身边的腐败和作风问题|大额资金分配等管理权限的监督|夯实基层基础\n\
夯实政治根基|奢靡主义和违规收受礼金|始终保持克难攻坚姿态\n\
始终坚定正确的政治方向|始终坚持廉洁修身|婚丧喜庆报备|存在上热下冷现象\n\
存在加油量超高且原始审批资料缺失现象|存在固定资产卡片式管理不规范\n\
存在流于形式的倾向|存在的主要问题|存在老好人现象|存在餐费超标|学习心得笔记\n\
学习成果转化不明显|学习教育创新仍显不足|学习教育没有达到预期的效果\n\
学出使命担当|学历层次进一步优化|学用结合用力不足|完善工会经费使用管理办法\n\
完善考核激励机制|完善长效机制|宗教场所管理不够规范等问题|宗旨观念淡薄\n\
官僚主义问题依然存在|官场术等庸俗腐朽现象|定期召开支部书记座谈会\n\
定期开展关爱提醒谈心活动|实干担当精神不足|实施带头人队伍优化工程\n\
实现了年龄结构|实现第一个百年奋斗目标|实际督促检查较少|审核把关不严等情况\n\
宣传部门组织协调|对《中国共产党纪律处分条例》提出的政治纪律|对一些纪律问题\n\
对一些错误言论不够重视|对于从严治党取得的初步成效固步自封\n\
对于查摆的问题也缺乏相应的严惩措施|对作风建设的长期性|对党员干部世界观\n\
对党员干部管理监督失之于宽|对党员的思想教育缺乏针对性\n\
对全面从严治党的紧迫性和重要性认识依然不够\n\
对出入境管理范围的人员变动以及回执单管理不规范|对加强主观世界的改造不够\n\
对单位存在的一些问题没有站在加强党的领导|对历史遗留问题\n\
对各党支部履行党建工作职责进行细化|对培养和发展党员工作不够重视\n\
对基层党支部党建责任制落实的指导监督不经常|对基层情况了解得不准\n\
对实践过程中凸显的短板和不足缺乏敏感性|对巡视全面整改负首责|对干部的监督不到位\n\
对思想建设考核少|对意识形态工作部署和落实深度不够|对扶贫专项资金使用\n\
对抓党建工作的激励作用不明显|对抓好党风廉政建设的认识不到位\n\
对政治理论的学习缺乏系统性|对新形势下加强机关党建的重要性和必要性认识不足\n\
对新理论新观念新问题的内涵知之不全|对明确时间节点|对机关党员干部不够了解\n\
对没有按时序要求完成的目标任务及时做好跟踪问效|对照巡察中发现的问题\n\
对监督执纪整体把握和综合运用能力不足|对社会主义核心价值观缺乏深入持久的教育引导\n\
对纪律建设的极端重要性认识还不到位|对纪律规矩的理解和掌握不够深入系统\n\
对群众关心关注的政策文件|对群众集中反映的问题解决力度还不够\n\
对解决党组织战斗堡垒作用不强|对违反规定用人等失职渎职行为\n\
对部分干部平常存在的苗头性|对重点问题亲自抓|对问题研究不深入\n\
对顶风违纪的抓住不放|对马列主义经典研读不多\n\
导致与大融资大建设相对应的民生项目进度缓慢|导致党建工作缺乏吸引力\n\
导致区内出现两起集聚性疫情|导致对全面从严治党在思想上\n\
导致管党治党责任意识和落实力度层层递减|导致调研走马观花|导致部分党员干部世界观\n\
将做好巡视整改工作作为旗帜鲜明讲政治的具体体现\n\
将党建工作考核纳入了年度目标考核体系|将干部监督工作贯穿在选拔任用过程中\n\
尊崇和维护党章|尚未形成比较系统|尤其要加快解决新旧动能转换|就正确履行职责\n\
局主要领导与机关股室|局党支部活动阵地建设不到位|局党组始终强化政治建设\n\
局党组虽然高度重视纪律规矩执行和落实|局党组高度重视思想政治工作\n\
层层传导责任压力|层层带动的良好竞进氛围不浓厚|层层签订党风廉政建设责任状\n\
届末和年度考核时|履职不尽责现象时有发生|履行好主体责任上存在差距\n\
巡察专职人员配备也不足|巡视巡察等发现的政治方面不忠诚不守规矩\n\
工会经费使用不规范|工作力度有所松懈|工作效率低下|工作方面不胜任不担当\n\
工作氛围欠佳|工作能力有待进一步提升|工作被动应付\n\
工程量和预算随意变更增加问题较突出|市纪委十届四次全会精神|带头攻坚克难\n\
带头认真贯彻党章|带头遵纪守法|帮助党员解决实际困难|常态化机制还不完善\n\
干事创业积极性不高|干部作风得到进一步提升|干部谈心谈话制度\n\
年终对领导班子成员的德能勤绩廉进行民主测评|并向软弱涣散和后进社区倾斜\n\
并强化监督指导|并没有充分发挥指导|并通过积极探索同级监督|庸俗政治文化依然存在\n\
廉政文化氛围不够浓厚|廉政风险防控不足|建好履责清单|建立了整改工作台账\n\
建立健全廉政风险制度|建立完善全面从严治党主体责任清单|建立问题整改销号制度\n\
建设忠诚干净担当的高素质专业化干部队伍|开会讨论干部\n\
开展党建工作创新的主动性和原创力不够|开展活动就紧一阵|开展重温入党誓词\n\
引导党员干部切实强化纪律观念和规矩意识|强力推进党支部标准化|强化党性锻炼\n\
强化党风廉政建设责任制执行情况督查和考核|强化制度执行|强化巡察利剑作用\n\
强化干部选拔任用责任追究|强化意识形态管控|强化政治担当|强化教育管理监督\n\
强化理论武装|强化管党治党政治责任|强化落实主体责任|强化部署落实\n\
形成《党建工作要点》|形成了社区党组织|形成本民主生活会对照检查材料\n\
往往出现会议布置多|往往是需要开会了才到基层去|必须清醒认识作风建设的长期性\n\
思想教育工作亟待加强|思想认识不够充分|悟原理上下功夫\n\
意识形态协调联动成员单位重视程度不够|意识形态工作责任制还需进一步夯实\n\
成果显现不明显的错误思想仍然一定程度的存在|战斗力仍然不强\n\
扎实推进各领域党建工作|打赢三大攻坚战仍有短板|打造过硬队伍|执法监察等重点领域\n\
执行上下班和请休假各项工作制度不够严格|执行中央八项规定精神不够坚决\n\
执行组织人事制度不严格|扶贫帮困行动|批评变相为夸奖|把严肃党内政治生活\n\
把准政治方向|把意识形态工作纳入党建工作责任制|把政治建设作为党的根本性建设\n\
抓基层党建的持续性|抓好党建是最大政绩理念树得不牢|抓好教育培训等方式\n\
抓好职责范围内的党建工作|抓好队伍建设|抓实工作落地|抓工作不痛不痒\n\
抓纪律建设的整体合力有待加强|抓队伍教育力度不够|报告工作制度重视不够\n\
报销程序不规范等现象|担当履职有所弱化|担当精神为标杆|拿出的奖励办法还不够多\n\
持之以恒地加以推进|持之以恒推动党纪党规的落实|持之以恒狠抓作风建设责任落实\n\
持续优化营商环境|持续做好公务用车管理|持续加大力度落实全面从严治党要求\n\
持续加大执纪办案和巡视巡察交办问题线索处置力度\n\
持续对机关学校党建工作进行规范提升|持续推动全面从严治党工作向纵深发展\n\
持续深化家风建设|持续进行思想发动|指导实践就足够了|按照党风廉政责任制要求\n\
挤出空闲时间|探索建立区域化党建工作机制|接受社会监督\n\
推动党的路线方针政策和中央|推动全面从严治党向基层延伸|推动制度上墙\n\
推动局各项工作|推动政治谈话全覆盖|推动责任落实的制度和手段还相对单一\n\
推诿扯皮的方式|推进巡察工作向纵深发展|提升人民群众满意度\n\
提升干部担当作为能力和干事创业热情|提升组织凝聚力|提升街道社区党群服务中心功能\n\
提高巡察整改的高度政治自觉|提高政治站位|搞好班子团结|操心事还有不少\n\
支部战斗堡垒作用发挥不明显|改变以往工作心态和方式|政治坚定性不够\n\
政治敏感性缺乏|政治站位进一步提升|政策等主要精神|教育党员遵党章\n\
教育内容缺乏针对性|教育实效性打折扣|教育形式创新不足|教育活动缺乏靶向思维\n\
敬业热情不高涨|整合辖区红色资源打造开放式组织生活基地|整治四风问题\n\
新举措和取得的新成效|新兴领域党建还比较薄弱|新理念了解不够|方式方法单一\n\
旗帜鲜明坚持党对一切工作的全面领导|旗帜鲜明抵制庸俗腐朽政治文化\n\
无论是工作还是生活中|日常工作中不善于从政治的高度思考和认识问题|时刻对标对表\n\
明确和细化责任主体|明确提出了今后的努力方向和整改措施|明确整治重点\n\
春节等重要节日|普通群众熟视无睹|更加注重务实管用\n\
更多时候还是缺少了一股干工作的韧劲|最大限度防止党员干部身上的小问题演变成大错误\n\
最讲忠诚的地方|有些党员干部对自上而下开展的作风建设工作\n\
有力促进了管党治党政治责任落地生根|有多名在编干部和编外人员离职|有打折扣现象\n\
有效手段不多|有效确保作风纪律效能督查的公正性和实效性|有时候因为业务工作忙\n\
有时听到了一笑了之|有时虽然能较早发现问题|有畏难逃避心理\n\
有的单位党建阵地建设不够规范|有的单位存在党务工作|有的单位报告只讲成绩不提问题\n\
有的单位概念不清|有的单位面上提要求多|有的放矢得学习贯彻新的理念和新的思想\n\
有的违反中央八项规定精神明目张胆|未严格执行工会经费使用的相关规定\n\
未发现违纪违规现象|未把党建与业务放在同等重要的位置\n\
未能每年对固定资产进行全面清查盘点|机关党建特色亮点不够突出\n\
村级党组织队伍建设不稳定|树立正确的用人导向|树立鲜明选人用人导向|根据工作分工\n\
检查落实不够|正在开展的整改|每季度对副科级以上领导干部及人\n\
每年对固定资产进行全面清查盘点|每年年初第一时间召开全系统机关作风建设大会\n\
比如一些区直机关把党建工作与业务工作割裂开来|比如传达学习十九大\n\
比如因新一轮产业发展规划和环评规划尚未最终获批|比如帮扶工作履职不到位\n\
比如未能完全贯彻落实严的主基调|毫不松加强党性修养|民主生活会质量切实提高\n\
民主评议党员等制度|永葆政治本色|污染防治建设体系不完善\n\
没有严格执行上级有关部门的规定|没有充分处理好民主和集中的关系|没有全面总结工作\n\
没有完全破除本位主义|没有就如何贯彻落实提出具体要求|没有形成拿得出手的成果转化\n\
没有把自己摆到全党一员的位置上|没有按照省市关于要求做好设施建设\n\
没有留给班子成员足够的思考时间|没有紧扣群众最关心|没有结合实际提出具体落实措施\n\
没有行动的具体化|没有设立专门的党组会|没能充分引起重视\n\
没能把理论指导实践贯穿始终|注重把行之有效的整改措施和工作机制|注重政治标准\n\
注重日常教育宣传|注重落实的要求|津补贴发放等违纪违规行为|活动效果不明显等问题\n\
消化吸收不及时不到位|深入学习贯彻落实党的十九大|深入开展党风廉政警示教育\n\
深入开展形式主义|深入推进土地综合整治工作|深刻剖析问题根源|深化区域化党建\n\
深化干部人事制度改革|清清白白做人|演变成为网络舆情事件\n\
激励机制运用仅体现在精神和物质层面|激发了党员干部学习的热情\n\
灵活科学设置党的组织|热衷责任外推下移|牢固树立党的一切工作到支部的鲜明导向\n\
牢固树立群众观点不够|牢牢把握意识形态主动权|牢牢掌控意识形态主动权\n\
牢记使命制度|特别是一些苗头性问题|特别是针对部分群众反映强烈的办证难问题\n\
狠抓关键节点|狠抓青年队伍建设|环保督查等整改不彻底|现将有关情况报告如下\n\
班子成员与分管科室负责人|班子成员按要求做好学习记录\n\
班子成员每人都联系一个基层党支部|班子成员要把自己摆进去\n\
理想信念和党性修养也得到了很好的锤炼和提升|理论学习不够规范系统\n\
理论学习中心组不严谨|理论学习缺乏刚性要求|理论素养提升不明显\n\
用心开展党内谈心谈话|用理论成果指导实践和实际工作方面还有很大的差距\n\
用纪律管住大多数的效果|畅通监督渠道|的办法予以办结|监察监督和舆论监督\n\
监督制约就跟到哪里|监督指导不经常|监督网络还未形成|监督考评体系不完善\n\
监督问责手段偏软|目前在管党治党宽松软问题依然存在|直到销号清零\n\
省纪委十届三次全会|真正要义等把握还不够准确|着力以学习来指导工作\n\
着力抓好党风廉政建设和反腐败斗争|着力整治发生在群众身边的不正之风和腐败问题\n\
着力解决一些党员党性意识弱化|着重发展村集体经济|督促指导党建工作力度不够大\n\
督查落实跟不上|研判党风廉政建设形势|破格提拔等未按规定报批\n\
确保党中央和行业上级各项决策部署落在实处|确保全面从严治党力度越来越大\n\
确保始终把政治纪律和政治规矩挺在前面|确保目标任务落实\n\
社会主义先进文化宣传缺乏系统性|社区党建优于农村党建\n\
科学民主决策的水平还有待进一步提高|积极主动作为|积极协调相关单位\n\
积极委托第三方抓作风纪律效能督查|积极践行以人民为中心的发展理念\n\
积极践行全心全意为人民服务的根本宗旨|突出党建引领|突出巡视整改工作的严肃性\n\
突出政治建设|筑牢拒腐防线|签订《严守政治纪律和政治规矩承诺书》\n\
管党治党履职不够|管理服务提质|精心组织学习宣传活动\n\
系统领导组织全体党员赴井冈山|约谈的机制手段还不健全|纪律督查的高压态势不够\n\
组织党员干部观看警示教育片|组织干部学习业务|组织开展扫雪除冰\n\
组织机关党员职工开展群团活动|组织生活的吸引力明显增强|组织生活落实不严格\n\
经历和优秀年轻干部的考虑比重|经常性开展主体责任落实的自查自纠\n\
经济开发区接待公函大多由园区内企业出具|结合实际制定整改方案和问题责任清单\n\
结合工作实际|结合自身业务工作不够|统一思想认识|统筹推进各领域党建工作\n\
统筹运用好各种资源|继续做好中心组学习服务保障|维护党中央权威体现在思想行动上\n\
综合运用多种宣传方式|缺乏严抓的决心|缺乏奉献精神|缺乏持之以恒的韧劲\n\
缺乏生机和活力|缺乏组织领导意识形态工作的专业知识|缺乏结合实际|缺乏迎难而上\n\
缺乏长效的支撑体系|缺少提前征求意见等情况|群众反映强烈的问题|老经验开展工作\n\
考核内容上把完成次数作为指标|考核机制缺失|考核标准不够科学|考核激励机制不完善\n\
考核结果全部应用于干部选拔使用|而对党员干部最关心的政治待遇|职位长期空缺\n\
聚焦形式主义|脱贫攻坚一线干部的关心关爱力度|自觉对标对表\n\
自觉接受社会各界的监督|苗头性问题的干部员工及时给予提醒教育|落实党内激励\n\
落实基本制度|落实好职务与职级并行|落实机制体制不完善|落实谈心谈话制度\n\
虽然也开展了一系列教育活动|虽然开展经常性的督查和定期通报\n\
虽然有一些客观因素的影响|虽然积极推行党务政务公开\n\
虽然能及时传达学习中省市重要会议\n\
虽然能够坚持每年定期研究党风廉政建设和反腐败工作|虽然自己高度重视作风建设\n\
虽然都会排定党委理论中心组学习计划|行动上存在一些偏差|行政会议记录本\n\
补足了党员干部精神之钙|要加快重点领域的制度建设|要常态化开展警示教育\n\
要把巡察整改成果与业务工作|要推动以案为鉴|要树立和坚持正确选人用人导向\n\
要聚焦群众反映的突出问题|规矩意识不强|规范会议记录|规范卡片式管理\n\
规范权力运行|规范选人用人工作程序|解决了一系列群众反映强烈的问题|解决好世界观\n\
解决成效不够明显|解决问题还缺乏长远性的研究|认为政治建设是虚工作\n\
认真开展自查自纠|认真排查廉政风险点|认真落实土地出让金专项审计中发现的问题\n\
认真落实领导干部述职述廉|认识不足缺乏担当|认识到不能的制约\n\
讨论的三段式教育过多|讲究圆滑处世|话语权和主动权|调动各方力量\n\
谈心内容根据谈心对象因材施教|谋思路缺乏全局思维全局意识和大局观\n\
财务管理制度执行不力|责任状签过了|责任领导和责任单位\n\
贯彻落实《关于新形势下党内政治生活的若干准则》|贯彻责任制的积极性不高\n\
资源富集的重点部门一把手的监督|起到了一定震慑作用|轻党建的思想|较高的政治站位\n\
迅速制定了《整改落实方案》和《整改工作分工方案》|过多强调干部的不容易\n\
还不能及时转变思想观念和工作方式|还习惯把自己等同于单纯的业务干部\n\
还存在诸多问题和不足|还是没能彻底坚持好群众路线\n\
还有区城公共配套休闲文化设施数量和面积不足的问题|还缺少一定温度\n\
进一步严肃作风纪律|进一步加强制度约束|进一步加强政治学习\n\
进一步压实领导班子集体责任|进一步坚定理想信念\n\
进一步增强领导干部如实报告的自觉性|进一步完善招标管理制度\n\
进一步强化党的政治建设|进一步强化责任担当|进一步提升站位|进一步明纪律\n\
进一步树立重实干重实绩用人导向|进一步筑牢政治根基|进一步织密基层组织之网\n\
进一步规范党员发展工作|进行领导班子讲党课|违背核心意识|选人用人工作不规范\n\
逐条认领整改任务|通过一系列制度措施|通过党委班子带头上党课|通过听取汇报\n\
通过建立《党建四责协同责任清单》|通过开展业务技能比武|通过开展红色实践活动\n\
通过抓早抓小|造成部分干部职工还存在侥幸心理|遇到得罪人的情况有意回避\n\
邀请了行风政风监督员进行督查|部分党支部书记抓党建工作思路不宽\n\
部分党组织班子成员对主体责任落实浮于表面|部分批次干部调整方案\n\
部分非公企业党组织引领企业发展的作用不明显|部分领导近亲提拔任用\n\
部署意识形态工作的事项少|部负责人与员工谈\n\
采取以会代训的形式对支部书记进行专题培训|重制度轻执行|重大事项的监督检查\n\
重大事项面前|重大项目推进缓慢|重形式轻效果的现象|重点围绕招投标工作\n\
重点抓好工作作风改进|重点突出了土地矿权审批|重要案件亲自督办|针对存在的问题\n\
铸就了一批新时代忠诚担当队伍|问责手段相对缺乏|问题整改思路及措施\n\
问题解决实效离预期有一定距离|队伍建设还需进一步加强|防疫斗争一线\n\
防范政治风险的能力|随着从严治党成为新常态|非法排废等现象|面对新形势新任务\n\
项目过程历时久|领导把关不严|领导班子在政治理论学习方面\n\
领导班子成员要切实担当好为民服务的带头人\n\
领导班子要找准党建工作和中心工作的结合点|风廉政教育力度不够|餐饮浪费等歪风陋习\n\
驻区单位参与社区建设的积极性还不高|高位推动不够";
