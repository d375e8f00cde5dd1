//! The order writers look formulations up in: by category in the
//! conventional order of 党的建设 (政治、思想、组织、作风、纪律、制度建设),
//! the other categories after them, and by pinyin within a category.

use pinyin::ToPinyin;

use crate::graph::{Graph, PageId};

/// Categories that come first, in this order; the rest follow by pinyin.
pub const CATEGORY_ORDER: [&str; 6] = [
    "政治建设",
    "思想建设",
    "组织建设",
    "作风建设",
    "纪律建设",
    "制度建设",
];

/// What a formulation without a category is listed under (last).
pub const UNCATEGORISED: &str = "未分类";

/// A key that sorts text by pinyin (with tone numbers), as a dictionary
/// does: 八项规定 (ba1) before 两个维护 (liang3). Latin letters sort as the
/// letters they are (G20峰会 under g), digits before letters; punctuation
/// is ignored.
pub fn pinyin_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None if c.is_ascii_alphanumeric() => key.push(c.to_ascii_lowercase()),
            None if c.is_alphanumeric() => key.push(c),
            None => continue,
        }
        key.push(' ');
    }
    key
}

/// Where a category (or a topic: they share the names) goes: its place in
/// [`CATEGORY_ORDER`], then by pinyin, [`UNCATEGORISED`] last.
pub fn category_key(name: &str) -> (usize, String) {
    match CATEGORY_ORDER.iter().position(|c| *c == name) {
        Some(i) => (i, String::new()),
        None if name == UNCATEGORISED => (CATEGORY_ORDER.len() + 1, String::new()),
        None => (CATEGORY_ORDER.len(), pinyin_key(name)),
    }
}

/// The category a formulation is listed under.
pub fn category_of(graph: &Graph, page: PageId) -> &str {
    graph.pages[page]
        .doc
        .fields
        .formulation()
        .map(|f| f.category.trim())
        .filter(|c| !c.is_empty())
        .unwrap_or(UNCATEGORISED)
}

/// Formulations grouped by category, groups and members in order.
pub fn by_category(graph: &Graph, pages: &[PageId]) -> Vec<(String, Vec<PageId>)> {
    let mut keyed: Vec<((usize, String), &str, String, PageId)> = pages
        .iter()
        .map(|&page| {
            let category = category_of(graph, page);
            let title = &graph.pages[page].doc.meta.title;
            let member = format!("{}\u{0}{title}", pinyin_key(title));
            (category_key(category), category, member, page)
        })
        .collect();
    keyed.sort();
    let mut groups: Vec<(String, Vec<PageId>)> = Vec::new();
    for (_, category, _, page) in keyed {
        match groups.last_mut() {
            Some((name, members)) if name == category => members.push(page),
            _ => groups.push((category.to_string(), vec![page])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_orders_like_a_dictionary() {
        let mut titles = vec![
            "两个维护",
            "八项规定",
            "四个意识",
            "一岗双责",
            "G20峰会",
            "三会一课",
        ];
        titles.sort_by_key(|t| pinyin_key(t));
        assert_eq!(
            titles,
            [
                "八项规定",
                "G20峰会",
                "两个维护",
                "三会一课",
                "四个意识",
                "一岗双责"
            ]
        );
    }

    #[test]
    fn conventional_categories_first_then_the_rest_then_uncategorised() {
        let mut names = vec![
            "作风建设",
            "未分类",
            "工作方法",
            "政治建设",
            "党风廉政建设",
            "制度建设",
            "思想建设",
        ];
        names.sort_by_key(|n| category_key(n));
        assert_eq!(
            names,
            [
                "政治建设",
                "思想建设",
                "作风建设",
                "制度建设",
                "党风廉政建设",
                "工作方法",
                "未分类"
            ]
        );
    }
}
