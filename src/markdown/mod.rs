//! Markdown to HTML, with the knowledge base's linking rules.
//!
//! `render` runs pulldown-cmark and rewrites its event stream before HTML is
//! written: text is merged (it arrives split), formulation mentions become
//! links (never inside code, links or headings), `[[提法]]` and `@/path.md`
//! links are resolved, headings get readable ids, code is highlighted and raw
//! HTML is escaped. It returns facts, not just HTML: the outline, the plain
//! text (for search), the mentions with their sentences (for backlinks) and
//! the internal links (for anchor checks).

pub mod highlight;
pub mod terms;

use rustc_hash::FxHashSet;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, line_col, rule};
use crate::i18n::Text;
use crate::t;
pub use terms::{TermMatch, TermMatcher, TermTarget, too_short};

/// A link target the caller resolved: a page URL and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub title: String,
    pub rel_path: String,
}

/// How links in a body are resolved; implemented by the graph.
pub trait Resolve: Sync {
    /// `[[四个意识]]`: a formulation title or variant, or a page title.
    fn wiki(&self, name: &str) -> Option<Target>;
    /// `@/excerpts/x/1.md`: a path relative to `content/`.
    fn path(&self, rel_path: &str) -> Option<Target>;
    /// Whether a path that [`Resolve::path`] does not find is a draft,
    /// left out of this build (so a link to it can say so).
    fn is_draft(&self, _rel_path: &str) -> bool {
        false
    }
}

/// What a body is rendered with.
pub struct Context<'a> {
    pub terms: &'a TermMatcher,
    pub resolve: &'a dyn Resolve,
    /// The formulation whose own page this is: its mentions are not linked.
    pub own_formulation: Option<usize>,
    pub highlight_code: bool,
    pub link_terms: bool,
    /// Shown in diagnostics (`content/…`).
    pub file: &'a str,
    /// Line of the body's first line in the file.
    pub body_line: usize,
}

/// A heading of the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// One mention of a formulation in running text. Its words are not copied:
/// the sentence and the words before it are ranges of the page's plain text
/// (200,000 mentions at 100,000 pages would otherwise hold their sentences
/// twice), read with [`Mention::sentence`], [`Mention::matched`] and
/// [`Mention::before`] given that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into the matcher's targets.
    pub target: usize,
    /// Byte range of the sentence it stands in, as plain text, cut to at
    /// most [`MENTION_CONTEXT_CHARS`] characters either side of the match:
    /// text with no sentence break (a list run together with commas, text
    /// pasted from a PDF) would otherwise make every mention carry the
    /// whole paragraph.
    sentence: Range<u32>,
    /// Byte range of the match inside the sentence.
    pub span: Range<usize>,
    /// Whether the sentence goes on before / after what `sentence` keeps.
    pub cut_before: bool,
    pub cut_after: bool,
    /// Where the words before the mention start (up to 8 characters, the
    /// collocation verb), in the same text as `sentence`.
    before_start: u32,
    /// The text the ranges point into when it is not the page's plain text
    /// (a block whose text is not one run of it: a heading or a code block
    /// inside a list item): the words around the mention, owned.
    own: Option<Box<str>>,
}

impl Mention {
    /// The text the ranges point into.
    fn text<'a>(&'a self, plain_text: &'a str) -> &'a str {
        self.own.as_deref().unwrap_or(plain_text)
    }

    /// The sentence it stands in (see the field); `plain_text` is the
    /// plain text of the page it was found on.
    pub fn sentence<'a>(&'a self, plain_text: &'a str) -> &'a str {
        let range = self.sentence.start as usize..self.sentence.end as usize;
        &self.text(plain_text)[range]
    }

    /// The spelling found (title or variant).
    pub fn matched<'a>(&'a self, plain_text: &'a str) -> &'a str {
        &self.sentence(plain_text)[self.span.clone()]
    }

    /// Up to 8 characters of text before the mention (the collocation verb).
    pub fn before<'a>(&'a self, plain_text: &'a str) -> &'a str {
        let end = self.sentence.start as usize + self.span.start;
        &self.text(plain_text)[self.before_start as usize..end]
    }

    /// The mention once the page's plain text is trimmed (`lead` bytes
    /// cut at its start, `len` bytes left): its ranges shifted back, or its
    /// words copied out of `untrimmed` when they leave the trimmed text (a
    /// match may start or end with a space).
    fn trimmed(mut self, lead: usize, len: usize, untrimmed: &str) -> Mention {
        if self.own.is_some() {
            return self;
        }
        let start = self.before_start.min(self.sentence.start);
        let end = self.sentence.end;
        let from = if start as usize >= lead && end as usize <= lead + len {
            lead as u32
        } else {
            self.own = Some(untrimmed[start as usize..end as usize].into());
            start
        };
        self.sentence = self.sentence.start - from..end - from;
        self.before_start -= from;
        self
    }
}

/// A link or image by plain path (`chart.png`, `../x/`, `/kb/static/a.pdf`),
/// for checking that the build writes what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    /// The destination as written, without `?query` or `#fragment`.
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// A link to another page of the site, for anchor checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub rel_path: String,
    pub anchor: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// Everything rendering one body produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// HTML before `<!-- more -->`, if the body has the marker.
    pub summary_html: Option<String>,
    pub toc: Vec<Heading>,
    pub plain_text: String,
    /// A hash of `plain_text` (what lists show of a page changes with it).
    pub plain_text_hash: u64,
    pub mentions: Vec<Mention>,
    pub links: Vec<InternalLink>,
    pub local_links: Vec<LocalLink>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// The first [`SUMMARY_CHARS`] characters of `plain_text`, what lists
    /// and links show of a page: worked out when shown (a few hundred
    /// bytes) rather than kept for every page of the site.
    pub fn summary(&self) -> String {
        text_summary(&self.plain_text, SUMMARY_CHARS)
    }
}

const MORE_MARKER: &str = "<!-- more -->";

/// Ids the default theme's templates give their own elements. A heading or
/// footnote of content never takes one (it gets `-1` appended instead), so
/// every id on a page stays unique; a test keeps this list in step with
/// `themes/default/templates/`.
pub const THEME_IDS: &[&str] = &[
    "authority",
    "authority-citation",
    "authority-text",
    "basket-empty",
    "basket-items",
    "basket-status",
    "check-apply-all",
    "check-copy",
    "check-count",
    "check-date",
    "check-date-tip",
    "check-doc-type",
    "check-drop",
    "check-export",
    "check-file",
    "check-findings",
    "check-form",
    "check-input",
    "check-marked",
    "check-quote-count",
    "check-quote-list",
    "check-quotes",
    "check-results",
    "check-run",
    "check-status",
    "excerpt-citation",
    "excerpt-text",
    "full-wording",
    "h-basket",
    "h-browse",
    "h-categories",
    "h-check",
    "h-check-draft",
    "h-check-findings",
    "h-check-quotes",
    "h-cited",
    "h-outline",
    "h-related",
    "h-search",
    "h-sources",
    "h-topics",
    "h-usage",
    "h-uses",
    "history",
    "home-search",
    "main",
    "misuses",
    "part-achievement",
    "part-problem",
    "part-cause",
    "part-measure",
    "part-requirement",
    "part-other",
    "phrasings",
    "search-clear-filters",
    "search-empty",
    "search-facets",
    "search-filter-box",
    "search-input",
    "search-more",
    "search-page-form",
    "search-results",
    "search-status",
    "search-tips",
    "search-verify",
    "site-menu",
    "site-search",
];

/// The Markdown extensions tifa enables (also used by `check`, so both see
/// the same blocks).
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Renders one Markdown body.
pub fn render(body: &str, context: &Context) -> Rendered {
    let mut renderer = Renderer::new(body, context);
    let merged = merge_text(Parser::new_ext(body, parser_options()).into_offset_iter());
    for (event, range) in merged {
        renderer.event(event, range);
    }
    renderer.finish()
}

/// Merges adjacent text and soft breaks (pulldown-cmark splits text at every
/// special character) so terms are matched across the splits. A line break
/// between two Chinese characters is dropped: it would show as a space.
fn merge_text<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in events {
        let text = match event {
            Event::Text(text) => text,
            Event::SoftBreak => CowStr::Borrowed("\n"),
            other => {
                out.push((other, range));
                continue;
            }
        };
        if let Some((Event::Text(previous), previous_range)) = out.last_mut() {
            let mut joined = previous.to_string();
            joined.push_str(&text);
            *previous = CowStr::from(joined);
            previous_range.end = range.end;
        } else {
            out.push((Event::Text(text), range));
        }
    }
    for (event, _) in &mut out {
        if let Event::Text(text) = event
            && text.contains('\n')
        {
            *text = CowStr::from(join_cjk_lines(text));
        }
    }
    out
}

fn join_cjk_lines(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n'
            && i > 0
            && i + 1 < chars.len()
            && is_wide(chars[i - 1])
            && is_wide(chars[i + 1])
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// Characters set solid in Chinese typesetting: ideographs and full-width punctuation.
fn is_wide(c: char) -> bool {
    crate::slug::is_cjk(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2014..=0x201D | 0x2026)
}

/// Sentence ends in Chinese and Western text.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Characters of context a mention keeps on each side of its match, at
/// most (within its sentence): a usage list shows the sentence around a
/// mention, and a sentence of ordinary prose is shorter than this.
pub const MENTION_CONTEXT_CHARS: usize = 60;

/// Characters before a mention kept to find its verb (增强“…”).
const VERB_CONTEXT_CHARS: usize = 8;

/// Where the context before byte `at` starts: after the sentence break
/// before it, or `limit` characters back if there is none that close
/// (then `true`: the sentence was cut).
fn context_start(text: &str, at: usize, limit: usize) -> (usize, bool) {
    let mut start = at;
    for (taken, (i, c)) in text[..at].char_indices().rev().enumerate() {
        if is_sentence_end(c) {
            return (i + c.len_utf8(), false);
        }
        if taken == limit {
            return (start, true);
        }
        start = i;
    }
    (start, false)
}

/// Where the context after byte `at` ends: after the sentence's closing
/// punctuation (before a line break), or `limit` characters on (then
/// `true`: the sentence was cut).
fn context_end(text: &str, at: usize, limit: usize) -> (usize, bool) {
    for (taken, (i, c)) in text[at..].char_indices().enumerate() {
        if is_sentence_end(c) {
            let end = at + i + if c == '\n' { 0 } else { c.len_utf8() };
            return (end, false);
        }
        if taken == limit {
            return (at + i, true);
        }
    }
    (text.len(), false)
}

/// Where the sentence holding byte `at` of `text` starts.
pub(crate) fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_sentence_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// A heading being read: its start tag's parts, inner events and text.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

struct Renderer<'a, 'c> {
    body: &'a str,
    context: &'c Context<'c>,
    out: Vec<Event<'a>>,
    more_at: Option<usize>,
    /// Inside an HTML comment that began in an earlier chunk of raw HTML.
    in_comment: bool,
    toc: Vec<Heading>,
    ids: FxHashSet<String>,
    plain_text: String,
    mentions: Vec<Mention>,
    links: Vec<InternalLink>,
    local_links: Vec<LocalLink>,
    diagnostics: Vec<Diagnostic>,
    /// Nesting depth of places where terms are not linked.
    in_link: usize,
    in_image: usize,
    heading: Option<OpenHeading<'a>>,
    code: Option<(String, String)>,
    /// Plain text of the current block and the matches in it, for sentences.
    block_text: String,
    block_matches: Vec<(usize, Range<usize>)>,
}

impl<'a, 'c> Renderer<'a, 'c> {
    fn new(body: &'a str, context: &'c Context<'c>) -> Self {
        Renderer {
            body,
            context,
            out: Vec::new(),
            more_at: None,
            in_comment: false,
            toc: Vec::new(),
            ids: THEME_IDS.iter().map(|id| id.to_string()).collect(),
            plain_text: String::new(),
            mentions: Vec::new(),
            links: Vec::new(),
            local_links: Vec::new(),
            diagnostics: Vec::new(),
            in_link: 0,
            in_image: 0,
            heading: None,
            code: None,
            block_text: String::new(),
            block_matches: Vec::new(),
        }
    }

    /// Where `needle` starts within `range` of the body (a link's
    /// destination inside its Markdown), or the range's start.
    fn offset_of(&self, needle: &str, range: &Range<usize>) -> usize {
        self.body[range.clone()]
            .find(needle)
            .map_or(range.start, |i| range.start + i)
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, column) = line_col(self.body, offset);
        (line + self.context.body_line - 1, column)
    }

    fn error(&mut self, rule: &str, offset: usize, chars: usize, message: Text, hint: Text) {
        let (line, column) = self.position(offset);
        let snippet = self
            .body
            .lines()
            .nth(line - self.context.body_line)
            .map(str::to_string);
        let mut diagnostic = Diagnostic::error(rule, self.context.file, message)
            .at(line, column)
            .span(chars)
            .hint(hint);
        diagnostic.snippet = snippet;
        self.diagnostics.push(diagnostic);
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push(event),
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.refuse_heading_attributes(&attrs, range.start);
                self.heading = Some(OpenHeading {
                    level,
                    id,
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_link += 1;
                let dest = self.link_destination(link_type, &dest_url, &range);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.emit(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_image += 1;
                let dest = self.link_destination(link_type, &dest_url, &range);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.in_image = self.in_image.saturating_sub(1);
                self.emit(Event::End(TagEnd::Image));
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.push_plain(&code);
                self.emit(Event::Code(code));
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html),
            Event::End(end) => {
                if matches!(
                    end,
                    TagEnd::Paragraph
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::BlockQuote(_)
                        | TagEnd::FootnoteDefinition
                ) {
                    self.end_block();
                }
                self.emit(Event::End(end));
            }
            Event::HardBreak => {
                self.push_plain("\n");
                self.emit(Event::HardBreak);
            }
            other => self.emit(other),
        }
    }

    /// Raw HTML is shown as text (authors write Markdown; this keeps script
    /// out of the site), except comments: `<!-- more -->` marks the end of
    /// the summary, and any other comment is an author's note, not for
    /// readers, so it is left out (a block comment arrives in several
    /// chunks, one per line).
    fn raw_html(&mut self, html: CowStr<'a>) {
        if html.trim() == MORE_MARKER {
            if self.more_at.is_none() {
                self.more_at = Some(self.out.len());
            }
            return;
        }
        let visible = self.without_comments(&html);
        if visible.trim().is_empty() {
            return;
        }
        let text = match visible.len() == html.len() {
            true => html,
            false => CowStr::from(visible),
        };
        self.push_plain(&text);
        self.emit(Event::Text(text));
    }

    /// `html` with its comments (and the rest of one left open) removed.
    fn without_comments(&mut self, html: &str) -> String {
        let mut visible = String::with_capacity(html.len());
        let mut rest = html;
        loop {
            if self.in_comment {
                let Some(end) = rest.find("-->") else {
                    return visible;
                };
                rest = &rest[end + 3..];
                self.in_comment = false;
            }
            match rest.find("<!--") {
                Some(start) => {
                    visible.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    self.in_comment = true;
                }
                None => {
                    visible.push_str(rest);
                    return visible;
                }
            }
        }
    }

    fn push_plain(&mut self, text: &str) {
        self.plain_text.push_str(text);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        } else {
            self.block_text.push_str(text);
        }
    }

    fn text(&mut self, text: CowStr<'a>) {
        // An image's text is its alt text: not what a reader sees on the
        // page, so neither searched (Ctrl+F does not find it) nor a mention.
        if self.in_image > 0 {
            self.emit(Event::Text(text));
            return;
        }
        let block_offset = self.block_text.len();
        self.push_plain(&text);
        let linkable = self.heading.is_none() && self.in_link == 0 && self.in_image == 0;
        if !linkable {
            self.emit(Event::Text(text));
            return;
        }
        let mut last = 0;
        let matches: Vec<TermMatch> = self.context.terms.find_iter(&text).collect();
        for m in matches {
            let target = &self.context.terms.targets[m.target];
            if self.context.own_formulation == Some(target.formulation) {
                continue;
            }
            self.block_matches
                .push((m.target, block_offset + m.start..block_offset + m.end));
            if !self.context.link_terms {
                continue;
            }
            if m.start > last {
                self.emit(Event::Text(CowStr::from(text[last..m.start].to_string())));
            }
            // Only what names the formulation: its wording, status and
            // kind of wording are looked up by the hover card from the
            // formulation's `card.json` (see `crate::render::card`), so an
            // edit of the wording changes one small file, not every page
            // that mentions it. Without script the link itself leads there.
            let anchor = format!(
                "<a class=\"term\" href=\"{}\" data-term=\"{}\">",
                escape_html(&target.url),
                escape_html(&target.title)
            );
            self.emit(Event::InlineHtml(CowStr::from(anchor)));
            self.emit(Event::Text(CowStr::from(text[m.start..m.end].to_string())));
            self.emit(Event::InlineHtml(CowStr::Borrowed("</a>")));
            last = m.end;
        }
        if last == 0 {
            self.emit(Event::Text(text));
        } else if last < text.len() {
            self.emit(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }

    /// Turns the matches of the finished block into mentions with their
    /// sentences. Each looks at most [`MENTION_CONTEXT_CHARS`] characters
    /// either side of its match, so a block costs time and memory in
    /// proportion to its length, however many mentions it has and however
    /// long its sentences are.
    fn end_block(&mut self) {
        let text = std::mem::take(&mut self.block_text);
        let in_plain_text = self
            .plain_text
            .ends_with(text.as_str())
            .then(|| self.plain_text.len() - text.len());
        self.plain_text.push('\n');
        for (target, range) in std::mem::take(&mut self.block_matches) {
            let (start, cut_before) = context_start(&text, range.start, MENTION_CONTEXT_CHARS);
            let (end, cut_after) = context_end(&text, range.end, MENTION_CONTEXT_CHARS);
            // Trim the sentence, but never into the match: a spelling passed
            // to the matcher may itself start or end with a space.
            let raw = &text[start..end];
            let leading = (raw.len() - raw.trim_start().len()).min(range.start - start);
            let trailing = (raw.len() - raw.trim_end().len()).min(end - range.end);
            let sentence = start + leading..end - trailing;
            let before_start = text[start..range.start]
                .char_indices()
                .rev()
                .nth(VERB_CONTEXT_CHARS - 1)
                .map_or(start, |(i, _)| start + i);
            let span = (range.start - sentence.start)..(range.end - sentence.start);
            // The block's text is usually the end of the page's plain text:
            // the mention then points into that instead of copying it.
            let (own, plus, minus) = match in_plain_text {
                Some(base) => (None, base, 0),
                None => {
                    let from = before_start.min(sentence.start);
                    (Some(text[from..sentence.end].into()), 0, from)
                }
            };
            let offset = |at: usize| (at + plus - minus) as u32;
            self.mentions.push(Mention {
                target,
                sentence: offset(sentence.start)..offset(sentence.end),
                span,
                cut_before,
                cut_after,
                before_start: offset(before_start),
                own,
            });
        }
    }

    /// `{key=value}` heading attributes would let content set `onclick` or
    /// `style`; only `{#id}` and `{.class}` are kept, the rest is an error.
    fn refuse_heading_attributes(
        &mut self,
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        offset: usize,
    ) {
        for (key, _) in attrs {
            self.error(
                rule::MARKDOWN,
                offset,
                1,
                t!(
                    "标题不能有属性 `{key}`",
                    "heading attribute `{key}` is not allowed"
                ),
                t!(
                    "标题只能带一个 id `{{#id}}` 和若干类名 `{{.class}}`",
                    "headings take only an id `{{#id}}` and classes `{{.class}}`"
                ),
            );
        }
    }

    fn end_heading(&mut self) {
        let Some(OpenHeading {
            level,
            id,
            classes,
            events,
            text,
        }) = self.heading.take()
        else {
            return;
        };
        let title = text.trim().to_string();
        // An explicit `{#id}` is made unique too: two headings, or a heading
        // and the theme, may not share an id.
        let id = self.unique_id(match id {
            Some(explicit) => explicit.to_string(),
            None => crate::slug::heading_id(&title),
        });
        self.ids.insert(id.clone());
        self.toc.push(Heading {
            level: level as u8,
            id: id.clone(),
            title,
        });
        self.plain_text.push('\n');
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs: Vec::new(),
        }));
        self.out.extend(events);
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    fn unique_id(&self, base: String) -> String {
        if !self.ids.contains(&base) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.ids.contains(candidate))
            .unwrap_or(base)
    }

    fn end_code_block(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        self.plain_text.push_str(&code);
        self.plain_text.push('\n');
        let html = highlight::highlight(&code, &lang, self.context.highlight_code);
        self.out.push(Event::Html(CowStr::from(html)));
    }

    /// pulldown-cmark uses a footnote's label as its id (`[^1]` → `id="1"`),
    /// which can equal a heading's or the theme's id and can contain spaces.
    /// Each label gets a `fn-` id made unique against every heading id;
    /// labels match case-insensitively, as CommonMark's do.
    fn rename_footnotes(&mut self) {
        let labels: Vec<String> = self.out.iter().filter_map(footnote_label).collect();
        let mut renamed: std::collections::HashMap<String, String> = Default::default();
        for label in labels {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                renamed.entry(label.to_lowercase())
            {
                let id = self.unique_id(format!("fn-{}", crate::slug::heading_id(&label)));
                self.ids.insert(id.clone());
                slot.insert(id);
            }
        }
        for event in &mut self.out {
            if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) =
                event
                && let Some(id) = renamed.get(&label.to_lowercase())
            {
                *label = CowStr::from(id.clone());
            }
        }
    }

    /// Resolves `[[…]]` and `@/…` links and refuses script URLs.
    fn link_destination(
        &mut self,
        link_type: LinkType,
        dest: &str,
        range: &Range<usize>,
    ) -> CowStr<'a> {
        if matches!(link_type, LinkType::WikiLink { .. }) {
            return match self.context.resolve.wiki(dest.trim()) {
                Some(target) => CowStr::from(target.url),
                None => {
                    self.error(
                        rule::LINK,
                        range.start,
                        dest.chars().count() + 4,
                        t!(
                            "`[[{dest}]]` 不是任何提法或页面的名称",
                            "`[[{dest}]]` names no formulation or page"
                        ),
                        t!(
                            "请写某个提法的标题或变体，或某个页面的标题",
                            "use the title or a variant of a formulation, or the title of a page"
                        ),
                    );
                    CowStr::Borrowed("#")
                }
            };
        }
        if let Some(path) = dest.strip_prefix("@/") {
            let (file, anchor) = match path.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor.to_string())),
                None => (path, None),
            };
            return match self.context.resolve.path(file) {
                Some(target) => {
                    let (line, column) = self.position(range.start);
                    self.links.push(InternalLink {
                        rel_path: target.rel_path.clone(),
                        anchor: anchor.clone(),
                        line,
                        column,
                    });
                    match anchor {
                        Some(anchor) => CowStr::from(format!("{}#{}", target.url, anchor)),
                        None => CowStr::from(target.url),
                    }
                }
                None => {
                    let offset = self.offset_of("@/", range);
                    if self.context.resolve.is_draft(file) {
                        self.error(
                            rule::LINK,
                            offset,
                            dest.chars().count(),
                            t!(
                                "链接 `{dest}`：content/{file} 是草稿（`draft: true`），这次构建不包括它",
                                "link to `{dest}`: content/{file} is a draft (`draft: true`), which this build leaves out"
                            ),
                            t!(
                                "加上 --drafts 构建就会包括草稿；或者在那个文件写好后删去 `draft: true`",
                                "build with --drafts to include drafts, or remove `draft: true` from that file when it is ready"
                            ),
                        );
                        return CowStr::Borrowed("#");
                    }
                    self.error(
                        rule::LINK,
                        offset,
                        dest.chars().count(),
                        t!(
                            "链接 `{dest}`：没有 content/{file} 这个文件",
                            "link to `{dest}`: there is no content/{file}"
                        ),
                        t!(
                            "`@/` 链接写的是相对于 content/ 的文件路径，例如 @/formulations/四个意识.md",
                            "`@/` links name a file relative to content/, e.g. @/formulations/四个意识.md"
                        ),
                    );
                    CowStr::Borrowed("#")
                }
            };
        }
        if is_script_url(dest) {
            self.error(
                rule::LINK,
                range.start,
                1,
                t!(
                    "链接 `{dest}` 会运行脚本",
                    "link to `{dest}` would run script"
                ),
                t!(
                    "请改为链接到一个页面或一个 http(s) 网址",
                    "link to a page or an http(s) address instead"
                ),
            );
            return CowStr::Borrowed("#");
        }
        if let Some(file) = markdown_file_link(self.context.file, dest) {
            // `[见](other.md)`, as on GitHub: the site has no .md files, so
            // the link would be broken on every page; name the `@/` form.
            let offset = self.offset_of(dest, range);
            self.error(
                rule::LINK,
                offset,
                dest.chars().count(),
                t!(
                    "链接 `{dest}`：网站上没有 Markdown 文件，这样链接到 Markdown 文件是断的",
                    "link to `{dest}`: a link to a Markdown file is broken on the site"
                ),
                t!(
                    "请用 `@/` 按文件链接，它会变成那一页的网址：({})",
                    "link by file with `@/`, which becomes the page's address: ({})",
                    file.suggestion
                ),
            );
            return CowStr::Borrowed("#");
        }
        if let Some(path) = local_path(dest) {
            let offset = self.offset_of(dest, range);
            let (line, column) = self.position(offset);
            self.local_links.push(LocalLink {
                path: path.to_string(),
                line,
                column,
            });
        }
        CowStr::from(dest.to_string())
    }

    fn finish(mut self) -> Rendered {
        self.end_block();
        self.rename_footnotes();
        let summary_html = self.more_at.map(|at| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, self.out[..at].iter().cloned());
            html
        });
        let mut html = String::with_capacity(self.body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        let mut html = alignment_classes(html);
        // Every page's body stays in the graph for the whole build: room
        // reserved for the worst case would double it (200 MB at 100,000
        // pages).
        html.shrink_to_fit();
        let summary_html = summary_html.map(alignment_classes);
        let plain_text = self.plain_text.trim().to_string();
        let lead = self.plain_text.len() - self.plain_text.trim_start().len();
        let mentions = self
            .mentions
            .into_iter()
            .map(|m| m.trimmed(lead, plain_text.len(), &self.plain_text))
            .collect();
        Rendered {
            html,
            summary_html,
            toc: self.toc,
            plain_text_hash: crate::hash::hash_of(&plain_text),
            plain_text,
            mentions: shrunk(mentions),
            links: shrunk(self.links),
            local_links: shrunk(self.local_links),
            diagnostics: self.diagnostics,
        }
    }
}

/// A vector without the room left over from growing it (kept per page).
fn shrunk<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

/// pulldown-cmark aligns table cells (`|--:|`) with `style="text-align: …"`,
/// which a strict Content-Security-Policy blocks; the theme styles these
/// classes instead. Content cannot write the replaced text itself: its `<`
/// is always escaped.
fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut html = html;
    for align in ["left", "center", "right"] {
        html = html.replace(
            &format!(" style=\"text-align: {align}\">"),
            &format!(" class=\"align-{align}\">"),
        );
    }
    html
}

/// The label of a footnote reference or definition.
fn footnote_label(event: &Event) -> Option<String> {
    match event {
        Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
            Some(label.to_string())
        }
        _ => None,
    }
}

/// The path part of a destination on this site written as a plain path
/// (`chart.png`, `../x/?a=1`, `/kb/static/a.pdf#page=2`); None for URLs
/// with a scheme, `//host/…`, `@/…` and bare `#fragment`s.
fn local_path(dest: &str) -> Option<&str> {
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let local =
        !path.is_empty() && !has_scheme(path) && !path.starts_with("//") && !path.starts_with("@/");
    local.then_some(path)
}

/// Whether a destination starts with a URL scheme (`http:`, `mailto:`).
fn has_scheme(path: &str) -> bool {
    path.split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'))
}

/// A link to a Markdown file by a plain path (`other.md`, `../x/1.md#标题`,
/// `/guide/a.md`): what it names, relative to `content/`.
struct MarkdownFileLink {
    /// The `@/` form: `@/guide/other.md#标题`.
    suggestion: String,
}

/// Whether `dest` is a relative or root-relative path to a `.md` file
/// (no scheme, not `@/`); `file` is the linking file (`content/guide/a.md`).
fn markdown_file_link(file: &str, dest: &str) -> Option<MarkdownFileLink> {
    let path = local_path(dest).filter(|path| path.to_lowercase().ends_with(".md"))?;
    let anchor = dest.split_once('#').map(|(_, anchor)| anchor);
    let folder = file
        .strip_prefix("content/")
        .unwrap_or(file)
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let anchor = anchor.map_or(String::new(), |a| format!("#{a}"));
    Some(MarkdownFileLink {
        suggestion: format!("@/{}{anchor}", parts.join("/")),
    })
}

/// `javascript:`, `vbscript:` and `data:` URLs, however they are cased or spaced.
pub fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| compact.starts_with(s))
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters of a page's text that lists show as its summary.
pub const SUMMARY_CHARS: usize = 120;

/// A summary for pages without `<!-- more -->`: the first characters of the text.
pub fn text_summary(plain_text: &str, max_chars: usize) -> String {
    // Steps from character to character by the width its first byte
    // gives, without decoding, and only over the characters kept (a
    // paragraph with no line break can be many kilobytes); lines are
    // copied whole: lists call this for every page they show.
    let bytes = plain_text.as_bytes();
    let mut out = String::with_capacity(bytes.len().min(max_chars * 3) + 3);
    let (mut at, mut line_start, mut count) = (0, 0, 0);
    while let Some(&first) = bytes.get(at) {
        if first == b'\n' {
            out.push_str(&plain_text[line_start..at]);
            line_start = at + 1;
            at += 1;
            continue;
        }
        if count == max_chars {
            out.push_str(&plain_text[line_start..at]);
            out.push('…');
            return out;
        }
        count += 1;
        at += utf8_width(first);
    }
    out.push_str(&plain_text[line_start..]);
    out
}

/// The length in bytes of the UTF-8 character that starts with `first`
/// (the text is a `str`, so `first` starts one).
fn utf8_width(first: u8) -> usize {
    match first {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests;
