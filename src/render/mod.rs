//! Render stage: the graph into output files, in memory.
//!
//! `render` turns every [`Job`] of a plan into bytes (HTML through Tera 2
//! templates, plus sitemap, feed, JSON export and static assets) without
//! touching the disk, so a failing template never leaves a half-written site.

pub mod card;
pub mod citation;
pub mod export;
pub mod templates;
pub mod views;
pub mod workbench;

use tera::{Context, Value};

use crate::diagnostic::{Diagnostic, rule};
use crate::graph::links::USES_PER_PAGE;
use crate::graph::reads::{Dep, record};
use crate::graph::{Graph, PageId, SectionId};
use crate::i18n::error_chain;
use crate::load::Asset;
use crate::output::Output;
use crate::parse::PageKind;
use crate::t;
pub use templates::Templates;
use views::{PagerLink, Paginator, page_summary};

/// One unit of output work. A full build runs them all; `serve` runs the
/// ones a change affects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Page(PageId),
    /// A formulation's hover card data (`card.json`, see [`card`]), by its
    /// index in [`Graph::formulations`].
    Card(usize),
    /// One page of a section's list.
    Section(SectionId, ListPage),
    /// The list of a taxonomy's terms.
    TaxonomyIndex(TaxonomyId),
    /// One page of a taxonomy term's list.
    TaxonomyTerm(TermId, ListPage),
    /// One page of a formulation's usage list of one part of reports.
    Uses(UsesId, ListPage),
    NotFound,
    /// The page at an old URL (`aliases:`) that leads to the page's URL.
    Alias(AliasId),
    /// The search results page (`search/`), if the theme has `search.html`.
    Search,
    /// The 校稿 page (`check/`), if the theme has `check.html`.
    Check,
    Sitemap,
    Feed,
    Robots,
    /// `redirects.map`: every alias and its page, for the web server.
    Redirects,
    Export(export::Export),
    Asset(AssetId),
    /// Topic × part lists, whole-document views, the 素材篮, print.css.
    Workbench(workbench::WorkbenchJob),
}

/// A taxonomy: its index in [`Graph::taxonomies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxonomyId(pub usize);

/// One term of a taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    pub taxonomy: TaxonomyId,
    /// Its index in the taxonomy's `terms`.
    pub term: usize,
}

/// A formulation's usage list: the formulation (its index in
/// [`Graph::formulations`]) and the group (an index into its statistics'
/// groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UsesId {
    pub formulation: usize,
    pub group: usize,
}

/// The number of a page of a paginated list, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListPage(pub usize);

/// An old URL of a page: its index in [`Graph::aliases`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AliasId(pub usize);

/// A static file: its index in the assets of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetId(pub usize);

/// Options that change rendered bytes.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// URL of the live-reload script, injected by `serve` only.
    pub live_reload: Option<String>,
}

/// What every job's template context shares (`site`, `config`, and each
/// section's view), turned into template values once per build: a value is
/// reference-counted, so each job takes a copy of a pointer instead of
/// serialising the same views again.
pub struct SharedContext {
    site: Value,
    config: Value,
    sections: Vec<Value>,
}

impl SharedContext {
    pub fn new(graph: &Graph, options: &RenderOptions) -> SharedContext {
        SharedContext {
            site: template_value(&views::site_view(graph, options.live_reload.clone())),
            config: template_value(&graph.config.extra),
            sections: (0..graph.sections.len())
                .map(|id| template_value(&views::section_view(graph, id)))
                .collect(),
        }
    }

    fn site(&self) -> Value {
        record(|| Dep::Site);
        self.site.clone()
    }

    fn section(&self, graph: &Graph, id: SectionId) -> Value {
        views::record_section(graph, id);
        self.sections
            .get(id)
            .cloned()
            .unwrap_or_else(Value::undefined)
    }
}

/// Our views are plain data with string keys, which always convert.
fn template_value<T: serde::Serialize + ?Sized>(view: &T) -> Value {
    Value::try_from_serializable(view).unwrap_or_else(|_| Value::undefined())
}

/// Every job of a full build, in a stable order.
pub fn full_plan(graph: &Graph, assets: &[Asset], templates: &Templates) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..graph.pages.len()).map(Job::Page).collect();
    jobs.extend((0..graph.formulations.len()).map(Job::Card));
    for (id, section) in graph.sections.iter().enumerate() {
        for n in 1..=page_count(section.pages.len(), section_paginate_by(graph, id)) {
            jobs.push(Job::Section(id, ListPage(n)));
        }
    }
    for (t, taxonomy) in graph.taxonomies.iter().enumerate() {
        if taxonomy.terms.is_empty() {
            continue;
        }
        jobs.push(Job::TaxonomyIndex(TaxonomyId(t)));
        let per_page = taxonomy_paginate_by(graph, t);
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            for n in 1..=page_count(term.pages.len(), per_page) {
                let id = TermId {
                    taxonomy: TaxonomyId(t),
                    term: term_index,
                };
                jobs.push(Job::TaxonomyTerm(id, ListPage(n)));
            }
        }
    }
    if templates.contains("uses.html") {
        jobs.extend(uses_jobs(graph));
    }
    jobs.extend((0..graph.aliases.len()).map(|i| Job::Alias(AliasId(i))));
    jobs.push(Job::NotFound);
    if templates.contains("search.html") {
        jobs.push(Job::Search);
    }
    if templates.contains("check.html") {
        jobs.push(Job::Check);
    }
    jobs.extend(
        workbench::plan(graph, templates)
            .into_iter()
            .map(Job::Workbench),
    );
    jobs.extend(site_wide_jobs());
    jobs.extend((0..assets.len()).map(|i| Job::Asset(AssetId(i))));
    jobs
}

/// The pages of every formulation's usage lists.
fn uses_jobs(graph: &Graph) -> impl Iterator<Item = Job> + '_ {
    graph
        .stats
        .iter()
        .enumerate()
        .flat_map(|(formulation, stats)| {
            stats.groups.iter().enumerate().flat_map(move |(group, g)| {
                (1..=g.list_pages())
                    .map(move |n| Job::Uses(UsesId { formulation, group }, ListPage(n)))
            })
        })
}

/// Whether a job writes a file about the whole site (sitemap, feed,
/// robots.txt, data exports) rather than a page or an asset. `serve`
/// writes these after the browser was told to reload, with the search
/// index: no page shows them.
pub fn is_site_wide(job: &Job) -> bool {
    matches!(
        job,
        Job::Sitemap | Job::Feed | Job::Robots | Job::Redirects | Job::Export(_)
    )
}

/// Every site-wide job (see [`is_site_wide`]).
pub fn site_wide_jobs() -> Vec<Job> {
    let mut jobs = vec![Job::Sitemap, Job::Feed, Job::Robots, Job::Redirects];
    jobs.extend(export::Export::ALL.into_iter().map(Job::Export));
    jobs
}

/// The output path of a site-wide job (`None` for any other job).
pub fn site_wide_path(job: &Job) -> Option<&'static str> {
    match job {
        Job::Sitemap => Some("sitemap.xml"),
        Job::Feed => Some("atom.xml"),
        Job::Robots => Some("robots.txt"),
        Job::Redirects => Some("redirects.map"),
        Job::Export(which) => Some(which.path()),
        _ => None,
    }
}

/// Whether a job renders an HTML page (for counting pages).
pub fn produces_html(job: &Job) -> bool {
    match job {
        Job::Workbench(w) => workbench::is_html(w),
        _ => !is_site_wide(job) && !matches!(job, Job::Asset(_) | Job::Card(_)),
    }
}

/// Where a job's output goes and, for HTML, which template renders it.
pub fn job_target(graph: &Graph, assets: &[Asset], job: &Job) -> (String, Option<String>) {
    let html = |path: &str, template: String| (index_file(path), Some(template));
    match *job {
        Job::Page(id) => html(&graph.pages[id].path, page_template(graph, id)),
        Job::Card(formulation) => (card::path(graph, formulation), None),
        Job::Section(id, ListPage(n)) => {
            let section = &graph.sections[id];
            let template = section.doc.meta.template.clone().unwrap_or_else(|| {
                let name = if id == graph.root() {
                    "index.html"
                } else {
                    "section.html"
                };
                name.to_string()
            });
            html(&pager_path(&section.path, n), template)
        }
        Job::TaxonomyIndex(TaxonomyId(t)) => {
            html(&graph.taxonomies[t].path, "taxonomy_list.html".to_string())
        }
        Job::TaxonomyTerm(TermId { taxonomy, term }, ListPage(n)) => html(
            &pager_path(&graph.taxonomies[taxonomy.0].terms[term].path, n),
            "taxonomy_single.html".to_string(),
        ),
        Job::Uses(UsesId { formulation, group }, ListPage(n)) => {
            let page = graph.formulation_page(formulation);
            let key = graph.stats[formulation]
                .groups
                .get(group)
                .map_or("page", |g| g.key());
            html(
                &pager_path(&views::uses_path(&page.path, key), n),
                "uses.html".to_string(),
            )
        }
        Job::NotFound => ("404.html".to_string(), Some("404.html".to_string())),
        Job::Alias(AliasId(i)) => {
            let path = &graph.aliases[i].path;
            let file = match path.ends_with('/') {
                true => index_file(path),
                false => path.clone(),
            };
            (file, None)
        }
        Job::Search => html("search/", "search.html".to_string()),
        Job::Check => html("check/", "check.html".to_string()),
        Job::Sitemap | Job::Feed | Job::Robots | Job::Redirects | Job::Export(_) => {
            (site_wide_path(job).unwrap_or_default().to_string(), None)
        }
        Job::Asset(AssetId(i)) => (assets[i].out_path.clone(), None),
        Job::Workbench(ref w) => {
            let (path, template) = workbench::target(graph, w);
            (path, Some(template))
        }
    }
}

/// Renders one job (its reads are recorded, see [`deps`]).
pub fn render_job(
    graph: &Graph,
    templates: &Templates,
    assets: &[Asset],
    shared: &SharedContext,
    job: &Job,
) -> Result<Output, Diagnostic> {
    let (path, template) = job_target(graph, assets, job);
    let bytes = match (template, job) {
        (Some(template), _) => {
            if !templates.contains(&template)
                && let Some(diagnostic) = missing_template_in_front_matter(graph, job, &template)
            {
                return Err(diagnostic);
            }
            let context = job_context(graph, shared, job);
            templates.render(&template, &context)?
        }
        (None, job) if is_site_wide(job) => site_wide_bytes(graph, job),
        (None, Job::Card(formulation)) => card::json(graph, *formulation),
        (None, Job::Alias(AliasId(i))) => {
            export::alias_page(graph, &graph.aliases[*i]).into_bytes()
        }
        (None, Job::Asset(AssetId(i))) => {
            let asset = &assets[*i];
            asset
                .bytes()
                .map_err(|e| {
                    Diagnostic::error(rule::LOAD, asset.out_path.clone(), error_chain(&e))
                })?
                .into_owned()
        }
        (None, _) => Vec::new(),
    };
    Ok(Output { path, bytes })
}

/// The bytes of a site-wide job (empty for any other job).
pub fn site_wide_bytes(graph: &Graph, job: &Job) -> Vec<u8> {
    match job {
        Job::Sitemap => export::sitemap(graph).into_bytes(),
        Job::Feed => export::atom(graph).into_bytes(),
        Job::Robots => export::robots(graph).into_bytes(),
        Job::Redirects => export::redirects(graph).into_bytes(),
        Job::Export(which) => export::json(graph, *which),
        _ => Vec::new(),
    }
}

/// The template context of an HTML job.
fn job_context(graph: &Graph, shared: &SharedContext, job: &Job) -> Context {
    let mut context = Context::new();
    context.insert_value("site", shared.site());
    context.insert_value("config", shared.config.clone());
    match *job {
        Job::Page(id) => {
            context.insert("page", &views::page_view(graph, id));
            context.insert_value("section", shared.section(graph, graph.pages[id].section));
        }
        Job::Section(id, ListPage(n)) => {
            let section = &graph.sections[id];
            let per_page = section_paginate_by(graph, id);
            context.insert_value("section", shared.section(graph, id));
            context.insert(
                "paginator",
                &paginate(graph, &section.pages, per_page, n, &section.path),
            );
            if id == graph.root() {
                context.insert("home", &views::home_view(graph));
            }
            if section.doc.kind == PageKind::Formulation {
                context.insert("groups", &views::category_views(graph, &section.pages));
            }
        }
        Job::TaxonomyIndex(TaxonomyId(t)) => {
            let terms: Vec<views::TermView> = graph.taxonomies[t]
                .terms
                .iter()
                .map(|term| views::TermView {
                    name: term.name.clone(),
                    url: graph.url(&term.path),
                    count: term.pages.len(),
                })
                .collect();
            context.insert("taxonomy", &taxonomy_link(graph, t));
            context.insert("terms", &terms);
            if let Some(matrix) = workbench::matrix(graph, TaxonomyId(t)) {
                context.insert("matrix", &matrix);
            }
        }
        Job::TaxonomyTerm(id, ListPage(n)) => {
            let t = id.taxonomy.0;
            let term = &graph.taxonomies[t].terms[id.term];
            let per_page = taxonomy_paginate_by(graph, t);
            context.insert("taxonomy", &taxonomy_link(graph, t));
            context.insert(
                "term",
                &views::TermView {
                    name: term.name.clone(),
                    url: graph.url(&term.path),
                    count: term.pages.len(),
                },
            );
            context.insert(
                "paginator",
                &paginate(graph, &term.pages, per_page, n, &term.path),
            );
            if let Some(cross) = workbench::cross_links(graph, id) {
                context.insert("cross", &cross);
            }
        }
        Job::Uses(UsesId { formulation, group }, ListPage(n)) => {
            if let Some(view) = views::uses_view(graph, formulation, group, n) {
                let page = graph.formulation_page(formulation);
                let path = views::uses_path(&page.path, view.group.part);
                context.insert(
                    "paginator",
                    &pager_only(graph, view.group.count, USES_PER_PAGE, n, &path),
                );
                context.insert("uses", &view);
            }
        }
        Job::Workbench(ref w) => workbench::insert_context(graph, w, &mut context),
        _ => {}
    }
    context
}

fn taxonomy_link(graph: &Graph, t: usize) -> views::TaxonomyLink {
    let taxonomy = &graph.taxonomies[t];
    record(|| Dep::Taxonomy(taxonomy.name.clone()));
    views::TaxonomyLink {
        name: taxonomy.name.clone(),
        title: taxonomy.title.clone(),
        url: graph.url(&taxonomy.path),
        term_count: taxonomy.terms.len(),
    }
}

/// A template that does not exist, named by front matter (a page's or
/// section's `template:`, a section's `page_template:`): reported at that
/// line of that file, which is where the fix goes.
pub fn missing_template_in_front_matter(
    graph: &Graph,
    job: &Job,
    template: &str,
) -> Option<Diagnostic> {
    let (doc, key) = match *job {
        Job::Page(id) if graph.pages[id].doc.meta.template.is_some() => {
            (&graph.pages[id].doc, "template")
        }
        Job::Page(id) => (
            &graph.sections[graph.pages[id].section].doc,
            "page_template",
        ),
        Job::Section(id, _) if graph.sections[id].doc.meta.template.is_some() => {
            (&graph.sections[id].doc, "template")
        }
        _ => return None,
    };
    let named = match key {
        "template" => doc.meta.template.as_deref(),
        _ => doc
            .fields
            .section()
            .and_then(|s| s.page_template.as_deref()),
    };
    (named == Some(template)).then(|| {
        Diagnostic::error(
            rule::TEMPLATE,
            doc.display_path(),
            t!(
                "`{key}: {template}` 不是任何模板的名称",
                "`{key}: {template}` names no template"
            ),
        )
        .at(doc.key_line(key), 1)
        .hint(t!(
            "请写主题或 templates/ 中某个模板的名称，例如 page.html",
            "name a template of the theme or of templates/, e.g. page.html"
        ))
    })
}

/// The template of a page: its own `template`, its section's
/// `page_template`, or the kind's default.
fn page_template(graph: &Graph, id: PageId) -> String {
    let page = &graph.pages[id];
    if let Some(template) = &page.doc.meta.template {
        return template.clone();
    }
    let section = &graph.sections[page.section];
    if let Some(template) = section
        .doc
        .fields
        .section()
        .and_then(|s| s.page_template.clone())
    {
        return template;
    }
    match page.doc.kind {
        PageKind::Formulation => "formulation.html",
        PageKind::Excerpt => "excerpt.html",
        PageKind::Source => "source.html",
        PageKind::Page => "page.html",
        PageKind::Rulepack => "rulepack.html",
    }
    .to_string()
}

/// The most items a section or taxonomy list page holds, whatever
/// `paginate_by` says (0, "no pagination", included): a topic on a third of
/// 100,000 pages would otherwise make one page of tens of megabytes. A
/// list item with its summary takes about a kilobyte, so a page stays well
/// under 1 MB. (A formulation section's one page of up to
/// [`FORMULATIONS_ON_ONE_PAGE`] names is bounded by that number instead.)
pub const MAX_LIST_ITEMS_PER_PAGE: usize = 500;

fn capped(per_page: usize) -> usize {
    if per_page == 0 {
        MAX_LIST_ITEMS_PER_PAGE
    } else {
        per_page.min(MAX_LIST_ITEMS_PER_PAGE)
    }
}

/// A formulation section with no `paginate_by` of its own lists up to this
/// many entries on one page, grouped by category: a writer scans it (or
/// presses Ctrl+F); longer lists are paginated in the same order.
const FORMULATIONS_ON_ONE_PAGE: usize = 2000;

fn section_paginate_by(graph: &Graph, id: SectionId) -> usize {
    let section = &graph.sections[id];
    let own = section.doc.fields.section().and_then(|s| s.paginate_by);
    match own {
        Some(n) => capped(n),
        None if section.doc.kind == PageKind::Formulation
            && section.pages.len() <= FORMULATIONS_ON_ONE_PAGE =>
        {
            0
        }
        None => capped(graph.config.paginate_by),
    }
}

fn taxonomy_paginate_by(graph: &Graph, t: usize) -> usize {
    capped(
        graph
            .config
            .taxonomy(&graph.taxonomies[t].name)
            .map(|c| c.paginate_by)
            .filter(|&n| n > 0)
            .unwrap_or(graph.config.paginate_by),
    )
}

/// Number of list pages for `items` (at least one, even when empty).
pub fn page_count(items: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        items.div_ceil(per_page).max(1)
    }
}

/// `a/` page 1 → `a/`; page 3 → `a/page/3/`.
fn pager_path(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{n}/")
    }
}

fn paginate(graph: &Graph, pages: &[PageId], per_page: usize, n: usize, path: &str) -> Paginator {
    let slice: &[PageId] = if per_page == 0 {
        pages
    } else {
        let start = (n - 1) * per_page;
        &pages[start.min(pages.len())..(start + per_page).min(pages.len())]
    };
    Paginator {
        pages: slice.iter().map(|&p| page_summary(graph, p)).collect(),
        ..pager_only(graph, pages.len(), per_page, n, path)
    }
}

/// Page `n` of a list of `items`, with its links and no items (for a
/// template that shows them its own way).
fn pager_only(graph: &Graph, items: usize, per_page: usize, n: usize, path: &str) -> Paginator {
    let total_pages = page_count(items, per_page);
    let url = |k: usize| graph.url(&pager_path(path, k));
    Paginator {
        pages: Vec::new(),
        current: n,
        total_pages,
        total_items: items,
        prev_url: (n > 1).then(|| url(n - 1)),
        next_url: (n < total_pages).then(|| url(n + 1)),
        links: pager_numbers(n, total_pages)
            .into_iter()
            .scan(0, |previous, k| {
                // The first number is always 1, which follows no gap.
                let gap_before = k > *previous + 1;
                *previous = k;
                Some(PagerLink {
                    number: k,
                    url: url(k),
                    current: k == n,
                    gap_before,
                })
            })
            .collect(),
    }
}

/// Pages the pager links to from page `n` of `total`: the first, the last
/// and the [`PAGER_WINDOW`] either side of `n`. A link to every page made
/// each list page of a 10,000-page section carry 465 links (and the lists
/// as a whole grow with the square of their length).
fn pager_numbers(n: usize, total: usize) -> Vec<usize> {
    let window = n.saturating_sub(PAGER_WINDOW).max(1)..=(n + PAGER_WINDOW).min(total);
    let mut numbers: Vec<usize> = std::iter::once(1)
        .chain(window)
        .chain(std::iter::once(total))
        .filter(|&k| k >= 1 && k <= total)
        .collect();
    numbers.dedup();
    numbers
}

/// Pages linked on each side of the current one.
const PAGER_WINDOW: usize = 3;

/// `a/b/` → `a/b/index.html`; `` → `index.html`.
fn index_file(path: &str) -> String {
    format!("{path}index.html")
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    #[test]
    fn pager_links_the_ends_and_a_window_around_the_current_page() {
        assert_eq!(pager_numbers(1, 1), [1]);
        assert_eq!(pager_numbers(2, 5), [1, 2, 3, 4, 5]);
        assert_eq!(pager_numbers(1, 465), [1, 2, 3, 4, 465]);
        assert_eq!(
            pager_numbers(100, 465),
            [1, 97, 98, 99, 100, 101, 102, 103, 465]
        );
        assert_eq!(pager_numbers(465, 465), [1, 462, 463, 464, 465]);
    }
}
