//! Topics (专题) of an item, from trigger words in its section path and text.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

pub(super) const MAX_TOPICS: usize = 3;

/// Topic → trigger words. Order of this table does not matter: topics are
/// ordered by first occurrence in the item.
pub(super) const TOPICS: &[(&str, &[&str])] = &[
    (
        "政治建设",
        &[
            "政治建设",
            "政治站位",
            "两个维护",
            "四个意识",
            "四个自信",
            "党内政治生活",
            "政治生态",
            "讲政治",
            "政治监督",
        ],
    ),
    (
        "思想建设",
        &[
            "思想建设",
            "理想信念",
            "初心使命",
            "党性修养",
            "思想政治",
            "世界观",
            "宗旨意识",
            "精神之钙",
        ],
    ),
    (
        "组织建设",
        &[
            "组织建设",
            "组织生活",
            "三会一课",
            "民主集中制",
            "发展党员",
            "党员发展",
            "战斗堡垒",
            "组织路线",
            "党员教育",
        ],
    ),
    (
        "作风建设",
        &[
            "作风建设",
            "四风",
            "八项规定",
            "形式主义",
            "官僚主义",
            "工作作风",
            "享乐主义",
            "奢靡之风",
            "正风肃纪",
        ],
    ),
    (
        "纪律建设",
        &[
            "纪律建设",
            "纪律处分",
            "六大纪律",
            "政治纪律",
            "纪律规矩",
            "四种形态",
            "监督执纪",
            "执纪问责",
            "纪律和规矩",
        ],
    ),
    (
        "党风廉政建设",
        &["党风廉政", "廉政", "廉洁", "拒腐防变", "反腐倡廉"],
    ),
    (
        "制度建设",
        &[
            "制度建设",
            "制度体系",
            "建章立制",
            "制度执行",
            "制度的笼子",
            "制度机制",
        ],
    ),
    ("意识形态", &["意识形态", "网络舆情", "舆情", "宣传思想"]),
    (
        "基层党建",
        &[
            "基层党建",
            "基层党组织",
            "基层组织",
            "两新",
            "党建引领",
            "支部建设",
            "软弱涣散",
            "党支部",
        ],
    ),
    (
        "选人用人",
        &[
            "选人用人",
            "干部选拔",
            "选拔任用",
            "用人导向",
            "干部队伍",
            "干部考核",
            "年轻干部",
            "任用干部",
        ],
    ),
    (
        "理论学习",
        &[
            "理论学习",
            "理论武装",
            "中心组",
            "学习教育",
            "读原著",
            "学懂弄通",
            "两学一做",
            "政治理论",
        ],
    ),
    ("巡视巡察", &["巡视", "巡察"]),
    (
        "主体责任",
        &[
            "主体责任",
            "两个责任",
            "一岗双责",
            "第一责任人",
            "责任清单",
            "党建工作责任制",
        ],
    ),
    (
        "反腐败",
        &["反腐败", "腐败", "不敢腐", "问题线索", "执纪审查", "惩治"],
    ),
    (
        "民主生活会",
        &["民主生活会", "批评和自我批评", "批评与自我批评"],
    ),
    (
        "为民服务",
        &[
            "以人民为中心",
            "群众路线",
            "为民服务",
            "为人民服务",
            "群众身边",
        ],
    ),
];

pub(super) fn topic_matcher() -> &'static (AhoCorasick, Vec<usize>) {
    static AC: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    AC.get_or_init(|| {
        let mut words = Vec::new();
        let mut owner = Vec::new();
        for (t, (_, ws)) in TOPICS.iter().enumerate() {
            for w in *ws {
                words.push(*w);
                owner.push(t);
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .expect("static topic words build");
        (ac, owner)
    })
}

/// Up to MAX_TOPICS topics whose trigger words occur in the section path or
/// the text, ordered by first occurrence (section path first).
pub(super) fn topics(
    (ac, owner): &(AhoCorasick, Vec<usize>),
    section_path: &[String],
    text: &str,
) -> Vec<String> {
    let mut seen: Vec<usize> = Vec::new();
    let hay = section_path
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(text));
    'outer: for h in hay {
        for m in ac.find_iter(h) {
            let t = owner[m.pattern().as_usize()];
            if !seen.contains(&t) {
                seen.push(t);
                if seen.len() == MAX_TOPICS {
                    break 'outer;
                }
            }
        }
    }
    seen.into_iter().map(|t| TOPICS[t].0.to_string()).collect()
}
