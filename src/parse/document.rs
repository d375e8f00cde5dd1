//! Typed documents: front matter deserialised per page kind.
//!
//! Each kind has its own struct with `deny_unknown_fields`, so a misspelt key
//! is an error that names the key and the allowed ones. Fields every page
//! shares are declared once by [`front_matter!`] and split off into [`Meta`].

use serde::{Deserialize, Serialize};

use super::dates::PartialDate;

/// Which kind of knowledge-base page a file is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Formulation,
    Excerpt,
    Source,
    #[default]
    Page,
    /// A list of rules for `tifa check` and the 校稿 page (规则包).
    Rulepack,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Formulation => "formulation",
            PageKind::Excerpt => "excerpt",
            PageKind::Source => "source",
            PageKind::Page => "page",
            PageKind::Rulepack => "rulepack",
        }
    }

    /// The kind's name on the site (提法 / 摘录 / 来源 / 页面).
    pub fn label(self) -> &'static str {
        match self {
            PageKind::Formulation => "提法",
            PageKind::Excerpt => "摘录",
            PageKind::Source => "来源",
            PageKind::Page => "页面",
            PageKind::Rulepack => "规则",
        }
    }
}

/// Whether a formulation is the current wording.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    #[serde(alias = "现行")]
    Current,
    /// Still valid in substance but reworded; use the successor.
    #[serde(alias = "已调整")]
    Adjusted,
    /// No longer used.
    #[serde(alias = "历史", alias = "历史提法")]
    Historical,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Current, Status::Adjusted, Status::Historical];

    /// The value as written in front matter (and in the search index).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Adjusted => "adjusted",
            Status::Historical => "historical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Current => "现行",
            Status::Adjusted => "已调整",
            Status::Historical => "历史提法",
        }
    }
}

/// The part of a report an excerpt comes from.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    #[serde(alias = "成效")]
    Achievement,
    #[serde(alias = "问题")]
    Problem,
    #[serde(alias = "原因")]
    Cause,
    #[serde(alias = "措施")]
    Measure,
    #[serde(alias = "要求")]
    Requirement,
    #[default]
    #[serde(alias = "其他")]
    Other,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Achievement,
        Part::Problem,
        Part::Cause,
        Part::Measure,
        Part::Requirement,
        Part::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Achievement => "achievement",
            Part::Problem => "problem",
            Part::Cause => "cause",
            Part::Measure => "measure",
            Part::Requirement => "requirement",
            Part::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Achievement => "成效",
            Part::Problem => "问题",
            Part::Cause => "原因",
            Part::Measure => "措施",
            Part::Requirement => "要求",
            Part::Other => "其他",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By the `order` of excerpts, then path (the natural reading order).
    #[default]
    Order,
    Title,
    /// Newest first.
    Date,
    Weight,
    /// By file path.
    None,
}

/// Fields every page has, whatever its kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub tags: Vec<String>,
    pub template: Option<String>,
    pub allow: Vec<String>,
    /// Old URLs of the page (renamed or merged entries), kept as redirects.
    pub aliases: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Declares a front-matter struct with the shared fields plus the kind's own,
/// and `split()` to separate the two.
macro_rules! front_matter {
    ($raw:ident => $own:ident { $($(#[$doc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub(crate) struct $raw {
            title: String,
            description: Option<String>,
            slug: Option<String>,
            date: Option<String>,
            updated: Option<String>,
            draft: bool,
            weight: i64,
            tags: Vec<String>,
            template: Option<String>,
            allow: Vec<String>,
            aliases: Vec<String>,
            extra: serde_json::Map<String, serde_json::Value>,
            $($field: $ty,)*
        }

        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct $own {
            $($(#[$doc])* pub $field: $ty,)*
        }

        impl $raw {
            pub(crate) fn split(self) -> (Meta, $own) {
                let meta = Meta {
                    title: self.title,
                    description: self.description,
                    slug: self.slug,
                    date: self.date,
                    updated: self.updated,
                    draft: self.draft,
                    weight: self.weight,
                    tags: self.tags,
                    template: self.template,
                    allow: self.allow,
                    aliases: self.aliases,
                    extra: self.extra,
                };
                (meta, $own { $($field: self.$field,)* })
            }
        }
    };
}

front_matter!(RawFormulation => Formulation {
    /// The exact canonical wording.
    full: String,
    /// Whether `full` is the document's own words, an editor's gloss, or
    /// not yet checked (None: the entry does not say, treated as unchecked).
    wording: Option<Wording>,
    /// The enumerated parts in canonical order (numbered formulations).
    parts: Vec<String>,
    /// Other spellings that mean the same.
    variants: Vec<String>,
    category: String,
    origin: String,
    status: Status,
    /// Title of the formulation that replaced this one.
    superseded_by: Option<String>,
    /// Verbs it is used with.
    collocations: Vec<String>,
    /// Titles of related formulations.
    related: Vec<String>,
    /// Variants that are correct wording in their place: linked, never
    /// reported as misspellings.
    accepted_variants: Vec<String>,
    /// When an adjusted or historical formulation stopped being current.
    changed: Option<PartialDate>,
    /// A past goal or phase (全面建成小康社会, 三大攻坚战) that a later text
    /// may still mention in retrospect (如期全面建成小康社会): it is out of
    /// date only as a current goal or task, so `stale-formulation` reports a
    /// later use without offering the successor as a fix.
    past_mentions: bool,
    /// The one sentence a writer may quote as the formulation's authority.
    authority: Option<Authority>,
    /// 核对截至: the day the entry was last checked against its sources.
    verified: Option<PartialDate>,
    /// 提法演变: the wordings in force over time, oldest first.
    history: Vec<WordingChange>,
    /// Wrong usages `tifa check` reports, each with the right one.
    misuses: Vec<Misuse>,
    /// 问题式表述: standard phrasings for self-criticism materials.
    phrasings: Phrasings,
});

/// Whether a formulation's `full` is quoted or paraphrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wording {
    /// The document's own words, character for character.
    #[serde(alias = "原文")]
    Verbatim,
    /// An editor's summary in the document's spirit, not a quotation.
    #[serde(alias = "概括")]
    Gloss,
    /// Not yet checked against a copy of the document (待核实).
    #[serde(alias = "待核实")]
    Pending,
}

impl Wording {
    pub fn label(self) -> &'static str {
        match self {
            Wording::Verbatim => "原文",
            Wording::Gloss => "概括",
            Wording::Pending => "待核实",
        }
    }
}

/// The authoritative sentence of a formulation and where it stands.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Authority {
    /// One sentence, verbatim.
    pub text: String,
    /// The document's title, without 《》.
    pub document: String,
    /// Who issued or adopted it (中共中央、中共中央办公厅、党的二十大 …).
    pub issuer: String,
    pub date: Option<PartialDate>,
    /// 文号, e.g. 中办发〔2010〕17号.
    pub number: Option<String>,
    /// The article or part (党章: the 2022 edition's, e.g. 第四十条).
    pub article: Option<String>,
    /// The copy the sentence was checked against.
    pub checked_against: Option<String>,
    /// True when the sentence could not be checked (待核实).
    pub pending: bool,
    pub note: Option<String>,
}

/// One wording of a formulation and the date it came into force.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WordingChange {
    pub date: Option<PartialDate>,
    /// The wording in force from `date` until the next entry's.
    pub wording: String,
    /// What changed it (a meeting, a document).
    pub event: String,
    pub source: Option<String>,
    /// Other spellings of this wording that a check should recognise.
    pub also: Vec<String>,
    /// True when the date or wording could not be checked (待核实).
    pub pending: bool,
}

/// A wrong usage and its correction.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Misuse {
    pub wrong: String,
    pub right: String,
    pub note: String,
}

/// Standard phrasings for 对照检查材料, by the part of the material.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Phrasings {
    pub problem: Vec<String>,
    pub cause: Vec<String>,
    pub measure: Vec<String>,
}

impl Phrasings {
    pub fn is_empty(&self) -> bool {
        self.problem.is_empty() && self.cause.is_empty() && self.measure.is_empty()
    }
}

front_matter!(RawExcerpt => Excerpt {
    /// Slug (file stem) or title of the source page.
    source: String,
    /// Headings above the excerpt in its source, outermost first.
    section_path: Vec<String>,
    /// Position in the source, 1-based.
    order: Option<u32>,
    part: Part,
    topics: Vec<String>,
});

front_matter!(RawSource => Source {
    doc_type: String,
    level: String,
    year: Option<i32>,
    issuer: Option<String>,
});

front_matter!(RawPage => Page {});

front_matter!(RawRulePack => RulePack {
    /// When and where the pack's rules apply, unless a rule says otherwise.
    scope: Scope,
    /// The rules, each checked by `tifa check` and the 校稿 page.
    rules: Vec<PackRule>,
});

/// When and in which documents a rule applies. Dates compare
/// conservatively (see [`PartialDate`]): a rule applies to a text only when
/// the text's date is certainly inside `from`..`until`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scope {
    /// The first day (month, year) the rule applies.
    pub from: Option<PartialDate>,
    /// The last day (month, year) the rule applies.
    pub until: Option<PartialDate>,
    /// Document types (`doc_type`) the rule does not apply to.
    pub not_in: Vec<String>,
    /// The only document types the rule applies to.
    pub only_in: Vec<String>,
}

/// What a rule of a pack is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// The exact name of a regulation, document or organisation (规范名称).
    #[serde(alias = "名称")]
    Name,
    /// A word not to be used (禁用词).
    #[serde(alias = "禁用", alias = "禁用词")]
    Forbidden,
    /// A word to use with care (慎用词).
    #[serde(alias = "慎用", alias = "慎用词")]
    Caution,
    /// A house rule of wording (本单位规范).
    #[serde(alias = "规范", alias = "本单位规范")]
    House,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Name => "name",
            RuleKind::Forbidden => "forbidden",
            RuleKind::Caution => "caution",
            RuleKind::House => "house",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RuleKind::Name => "规范名称",
            RuleKind::Forbidden => "禁用词",
            RuleKind::Caution => "慎用词",
            RuleKind::House => "本单位规范",
        }
    }
}

/// One rule of a rule pack.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackRule {
    pub kind: RuleKind,
    /// The right wording: a name's exact title, the preferred word.
    #[serde(default)]
    pub right: String,
    /// Wrong wordings, reported wherever they stand (with `titles_only`,
    /// only as a whole title in 《》).
    #[serde(default)]
    pub wrong: Vec<String>,
    /// The `wrong` forms are wrong only as a title in 《》 (《新党章》); in
    /// running text (学习新党章) they are ordinary prose, not reported.
    #[serde(default)]
    pub titles_only: bool,
    /// Other correct forms (a name's accepted short titles): never reported.
    #[serde(default)]
    pub also: Vec<String>,
    /// Who issued the regulation or document (names).
    #[serde(default)]
    pub issuer: Option<String>,
    /// When it was issued (names).
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// 文号.
    #[serde(default)]
    pub number: Option<String>,
    /// Why, shown with every finding.
    #[serde(default)]
    pub note: Option<String>,
    /// Where the rule was checked (a copy of the document).
    #[serde(default)]
    pub checked_against: Option<String>,
    #[serde(default)]
    pub from: Option<PartialDate>,
    #[serde(default)]
    pub until: Option<PartialDate>,
    #[serde(default)]
    pub not_in: Vec<String>,
    #[serde(default)]
    pub only_in: Vec<String>,
}

front_matter!(RawSection => Section {
    /// The kind of the pages in this section and its sub-folders.
    page_kind: PageKind,
    sort_by: SortBy,
    /// Items per list page; absent = the site default, 0 = one page.
    paginate_by: Option<usize>,
    /// Template for this section's pages.
    page_template: Option<String>,
});

/// The kind-specific part of a document.
// One per document, held in an `Arc<Document>`: a formulation's larger
// variant costs a few hundred bytes per page, less than a box per
// formulation would.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fields {
    /// Boxed: a formulation's fields are several times any other kind's.
    Formulation(Box<Formulation>),
    Excerpt(Excerpt),
    Source(Source),
    Page(Page),
    Section(Section),
    RulePack(RulePack),
}

impl Fields {
    pub fn formulation(&self) -> Option<&Formulation> {
        match self {
            Fields::Formulation(f) => Some(f.as_ref()),
            _ => None,
        }
    }
    pub fn excerpt(&self) -> Option<&Excerpt> {
        match self {
            Fields::Excerpt(e) => Some(e),
            _ => None,
        }
    }
    pub fn source(&self) -> Option<&Source> {
        match self {
            Fields::Source(s) => Some(s),
            _ => None,
        }
    }
    pub fn rule_pack(&self) -> Option<&RulePack> {
        match self {
            Fields::RulePack(r) => Some(r),
            _ => None,
        }
    }
    pub fn section(&self) -> Option<&Section> {
        match self {
            Fields::Section(s) => Some(s),
            _ => None,
        }
    }
}

/// One parsed Markdown file: a page or a section index.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Path relative to `content/`, `/` separators: the document's identity.
    pub rel_path: String,
    /// `_index.md` of a folder.
    pub is_section: bool,
    /// For a page, its kind; for a section, the kind of its pages.
    pub kind: PageKind,
    pub meta: Meta,
    pub fields: Fields,
    /// Markdown after the front matter.
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Top-level front-matter keys and their lines, for later errors.
    pub key_lines: Vec<(String, usize)>,
    /// A hash of the file's text: equal hashes, equal documents.
    pub source_hash: u64,
}

impl Document {
    pub fn display_path(&self) -> String {
        format!("content/{}", self.rel_path)
    }

    /// The line of a front-matter key, or 1 if it is absent.
    pub fn key_line(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line)
    }

    /// The folder this document belongs to (`excerpts/x/1.md` → `excerpts/x`;
    /// a section's own folder for `_index.md`).
    pub fn folder(&self) -> &str {
        self.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// The file name without `.md` (the default slug source).
    pub fn stem(&self) -> &str {
        let name = self
            .rel_path
            .rsplit_once('/')
            .map_or(self.rel_path.as_str(), |(_, n)| n);
        name.strip_suffix(".md").unwrap_or(name)
    }
}
