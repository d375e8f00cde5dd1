//! Typed documents: front matter deserialised per page kind.
//!
//! Each kind has its own struct with `deny_unknown_fields`, so a misspelt key
//! is an error that names the key and the allowed ones. Fields every page
//! shares are declared once by [`front_matter!`] and split off into [`Meta`].

use serde::{Deserialize, Serialize};

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
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Formulation => "formulation",
            PageKind::Excerpt => "excerpt",
            PageKind::Source => "source",
            PageKind::Page => "page",
        }
    }

    /// The kind's name on the site (提法 / 摘录 / 来源 / 页面).
    pub fn label(self) -> &'static str {
        match self {
            PageKind::Formulation => "提法",
            PageKind::Excerpt => "摘录",
            PageKind::Source => "来源",
            PageKind::Page => "页面",
        }
    }
}

/// Whether a formulation is the current wording.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Current,
    /// Still valid in substance but reworded; use the successor.
    Adjusted,
    /// No longer used.
    Historical,
}

impl Status {
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
    Achievement,
    Problem,
    Cause,
    Measure,
    Requirement,
    #[default]
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
});

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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fields {
    Formulation(Formulation),
    Excerpt(Excerpt),
    Source(Source),
    Page(Page),
    Section(Section),
}

impl Fields {
    pub fn formulation(&self) -> Option<&Formulation> {
        match self {
            Fields::Formulation(f) => Some(f),
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
