//! Which jobs a run renders: all of them for `tifa build` (and the first
//! run of `tifa serve`), else the ones a change affects.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::deps::{DepTable, fingerprint};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::graph::reads::Dep;
use crate::graph::{BodyPatch, Graph, PageId};
use crate::i18n::{Lang, Text};
use crate::load::{Asset, AssetOrigin};
use crate::render::{self, Job, Templates};
use crate::t;

/// One output of a run: its job, its path, and the template that renders
/// it (None for assets and site-wide files).
#[derive(Debug, Clone)]
pub struct Target {
    pub job: Job,
    pub path: String,
    pub template: Option<String>,
}

/// Every output of a run, in a stable order.
#[derive(Debug, Default)]
pub struct JobList {
    pub targets: Vec<Target>,
    /// The same paths, for lookups.
    pub paths: BTreeSet<String>,
}

impl JobList {
    /// The jobs of `graph` (site-wide files only if `site_wide`), with
    /// their paths. Outputs that cannot all be written are errors naming
    /// both files that make them, found before anything is written: two
    /// outputs with one path (the second would silently replace the
    /// first), and a file where another output needs a folder
    /// (`static/guide` beside the page `guide/x/`). Site-wide files are
    /// checked even when they are rendered later.
    pub fn new(
        graph: &Graph,
        assets: &[Asset],
        templates: &Templates,
        site_wide: bool,
    ) -> Result<JobList, Diagnostics> {
        let mut list = JobList::default();
        let mut makers: BTreeMap<String, Job> = BTreeMap::new();
        let mut clashes = Diagnostics::new();
        for job in render::full_plan(graph, assets, templates) {
            let (path, template) = render::job_target(graph, assets, &job);
            if let Some(first) = makers.get(&path) {
                clashes.push(clash(graph, assets, &path, first, &job, &path));
                continue;
            }
            makers.insert(path.clone(), job.clone());
            if !site_wide && render::is_site_wide(&job) {
                continue;
            }
            list.paths.insert(path.clone());
            list.targets.push(Target {
                job,
                path,
                template,
            });
        }
        for (file, job) in &makers {
            let folder = format!("{file}/");
            if let Some((inside, other)) = makers.range(folder.clone()..).next()
                && inside.starts_with(&folder)
            {
                clashes.push(clash(graph, assets, file, job, other, inside));
            }
        }
        if clashes.is_empty() {
            Ok(list)
        } else {
            Err(clashes)
        }
    }
}

/// Who makes an output, as a message names it.
struct Maker {
    /// The file (`content/a.md`, `static/x.png`), or what tifa itself makes.
    file: Text,
    /// The line that decides the output's path (a page's `slug:`), if any.
    line: Option<usize>,
    /// How an author changes its path; None for what tifa itself makes.
    fix: Option<Text>,
}

fn maker(graph: &Graph, assets: &[Asset], job: &Job) -> Maker {
    let document = |doc: &crate::parse::Document, key: &str, fix: Text| Maker {
        file: Text::same(doc.display_path()),
        line: Some(doc.key_line(key)),
        fix: Some(fix),
    };
    let tifa = |what: Text| Maker {
        file: what,
        line: None,
        fix: None,
    };
    let slug = |doc: &crate::parse::Document| {
        let fix = t!(
            "给 {} 另起一个 `slug:`（或给文件改名）",
            "give {} another `slug:` (or rename it)",
            doc.display_path()
        );
        document(doc, "slug", fix)
    };
    match job {
        Job::Page(id) => slug(&graph.pages[*id].doc),
        Job::Card(formulation) => slug(&graph.formulation_page(*formulation).doc),
        Job::Section(id, _) => slug(&graph.sections[*id].doc),
        Job::Alias(id) => {
            let doc = &graph.pages[graph.aliases[id.0].page].doc;
            let fix = t!(
                "修改或删去 {} 中的这个别名（aliases）",
                "change or remove the alias in {}",
                doc.display_path()
            );
            document(doc, "aliases", fix)
        }
        Job::TaxonomyTerm(term, _) => {
            let taxonomy = &graph.taxonomies[term.taxonomy.0];
            let value = &taxonomy.terms[term.term];
            match value.pages.first() {
                Some(&page) => {
                    let doc = &graph.pages[page].doc;
                    let fix = t!(
                        "在 {2} 和其他带有它的页面中，给 {0} `{1}` 改名",
                        "rename the {0} `{1}` in {2} and the other pages that have it",
                        taxonomy.name,
                        value.name,
                        doc.display_path()
                    );
                    document(doc, &taxonomy.name, fix)
                }
                None => tifa(t!("{} 列表", "the {} list", taxonomy.name)),
            }
        }
        Job::TaxonomyIndex(id) => tifa(t!(
            "tifa 生成的 {} 列表",
            "tifa's {} list",
            graph.taxonomies[id.0].name
        )),
        Job::Asset(id) => {
            let asset = &assets[id.0];
            let authored = !asset.source.starts_with("(built-in");
            Maker {
                file: Text::same(&asset.source),
                line: None,
                fix: authored.then(|| t!("给 {} 改名或移走", "rename or move {}", asset.source)),
            }
        }
        _ => {
            let (path, _) = render::job_target(graph, assets, job);
            tifa(t!("tifa 自己的 {path}", "tifa's own {path}"))
        }
    }
}

/// An error naming both makers of outputs that cannot both be written:
/// `first` makes `path`, `second` makes `other` (the same path, or one
/// inside `path` as a folder).
fn clash(
    graph: &Graph,
    assets: &[Asset],
    path: &str,
    first: &Job,
    second: &Job,
    other: &str,
) -> Diagnostic {
    let (a, b) = (maker(graph, assets, first), maker(graph, assets, second));
    let message = if path == other {
        t!(
            "两个输出都要写到 {path}：{} 和 {} 都生成它",
            "two outputs claim {path}: {} and {} both make it",
            a.file,
            b.file
        )
    } else {
        t!(
            "{} 生成文件 {path}，而 {} 需要在那里建一个文件夹来放 {other}",
            "{} makes the file {path}, where {} needs a folder for {other}",
            a.file,
            b.file
        )
    };
    let renames: Vec<&Text> = [&a, &b].iter().filter_map(|m| m.fix.as_ref()).collect();
    let hint = if renames.is_empty() {
        t!("请给其中一个改名", "rename one of them")
    } else {
        let join = |lang, separator| {
            renames
                .iter()
                .map(|fix| fix.get(lang))
                .collect::<Vec<_>>()
                .join(separator)
        };
        Text {
            zh: join(Lang::Zh, "，或"),
            en: join(Lang::En, ", or "),
        }
    };
    // Point at an author's file, a Markdown file's line if there is one.
    let at = [&b, &a]
        .into_iter()
        .filter(|m| m.fix.is_some())
        .max_by_key(|m| m.line.is_some())
        .unwrap_or(&b);
    let diagnostic = Diagnostic::error(rule::WRITE, at.file.to_string(), message).hint(hint);
    match at.line {
        Some(line) => diagnostic.at(line, 1),
        None => diagnostic,
    }
}

/// What rendering an output depended on (ids in the [`DepTable`]).
#[derive(Debug, Clone)]
pub struct JobRecord {
    pub deps: Vec<u32>,
    pub template: Option<String>,
}

/// What the last good run left: its outputs, what each read, and the
/// fingerprint of every piece read, in its graph.
#[derive(Debug, Default)]
pub struct Known {
    pub jobs: Arc<JobList>,
    pub records: FxHashMap<String, JobRecord>,
    pub fingerprints: Vec<Option<u64>>,
    /// Which outputs read each piece (the records turned around), made by
    /// the first [`plan_patch`] that needs it and kept up to date by the
    /// runs on the same jobs; None when not made yet or not up to date.
    pub readers: Option<Readers>,
}

/// For every piece of the graph (by id in the [`DepTable`]), the outputs
/// (indexes into [`JobList::targets`]) whose records read it: the records
/// turned around, so that planning after a text edit looks only at the
/// outputs that read a changed piece instead of at all 120,000 records of
/// a 100,000-page site. A list may name an output that no longer reads
/// the piece (it is rendered once more than needed, which is harmless); it
/// never lacks one that does.
#[derive(Debug, Default)]
pub struct Readers {
    /// Each piece's readers, ascending.
    by_piece: Vec<Vec<u32>>,
    /// Outputs without a record (their last render failed): always dirty.
    unrecorded: Vec<u32>,
}

impl Readers {
    /// The readers of every piece, from the records of `jobs`.
    pub fn new(jobs: &JobList, records: &FxHashMap<String, JobRecord>) -> Readers {
        let mut readers = Readers::default();
        for (index, target) in jobs.targets.iter().enumerate() {
            match records.get(&target.path) {
                Some(record) => {
                    for &dep in &record.deps {
                        readers.list(dep).push(index as u32);
                    }
                }
                None => readers.unrecorded.push(index as u32),
            }
        }
        readers
    }

    /// The list of the readers of piece `dep` (ascending), made if missing.
    fn list(&mut self, dep: u32) -> &mut Vec<u32> {
        let dep = dep as usize;
        if self.by_piece.len() <= dep {
            self.by_piece.resize_with(dep + 1, Vec::new);
        }
        &mut self.by_piece[dep]
    }

    /// Brings the lists up to date after a run on the same jobs rendered
    /// `rendered` (indexes into `jobs.targets`) and recorded what they read
    /// in `records`. An output already listed for a piece is not listed
    /// twice; one whose render failed stays dirty until it renders.
    pub fn after_run(
        mut self,
        jobs: &JobList,
        records: &FxHashMap<String, JobRecord>,
        rendered: impl IntoIterator<Item = usize>,
    ) -> Readers {
        for index in rendered {
            let output = index as u32;
            let Some(record) = records.get(&jobs.targets[index].path) else {
                if !self.unrecorded.contains(&output) {
                    self.unrecorded.push(output);
                }
                continue;
            };
            self.unrecorded.retain(|&i| i != output);
            for &dep in &record.deps {
                // Sorted lists: the site view's list names every output
                // (120,000 at 100,000 pages), and this runs on every save.
                let list = self.list(dep);
                if let Err(at) = list.binary_search(&output) {
                    list.insert(at, output);
                }
            }
        }
        self
    }

    /// The outputs to render when the pieces marked in `changed` changed,
    /// sorted, each once.
    fn dirty(&self, changed: &[bool]) -> Vec<usize> {
        let mut dirty: Vec<usize> = changed
            .iter()
            .enumerate()
            .filter(|&(_, &changed)| changed)
            .filter_map(|(id, _)| self.by_piece.get(id))
            .flatten()
            .chain(&self.unrecorded)
            .map(|&index| index as usize)
            .collect();
        dirty.sort_unstable();
        dirty.dedup();
        dirty
    }
}

/// The outputs of a run and which of them it renders.
pub struct Plan {
    /// Indexes into `jobs.targets`.
    pub dirty: Vec<usize>,
    pub jobs: Arc<JobList>,
    /// Fingerprints in the new graph, by dependency id (as far as known:
    /// pieces first read in this run are fingerprinted after it).
    pub fingerprints: Vec<Option<u64>>,
    /// The readers of the last good run when the jobs are the same (a
    /// patch), to bring up to date after the run ([`Readers::after_run`]).
    pub readers: Option<Readers>,
}

impl Plan {
    /// Every job: a first run, or one after which nothing is known. The
    /// outputs a reader opens first come first (see [`first_wanted`]), so
    /// serve's first build writes them within moments of the graph.
    pub fn everything(jobs: JobList) -> Plan {
        let mut dirty: Vec<usize> = (0..jobs.targets.len()).collect();
        // Stable: within a rank, the jobs keep their order.
        dirty.sort_by_key(|&index| first_wanted(&jobs.targets[index]));
        Plan {
            dirty,
            jobs: Arc::new(jobs),
            fingerprints: Vec::new(),
            readers: None,
        }
    }
}

/// How soon a reader is likely to ask for an output, lowest first: the
/// home page; the stylesheets and scripts every page loads; the first
/// page of each section's list, the lists of terms, the search page and
/// the 404 page; then everything else. Rendering does not depend on the
/// order (each job reads only the graph), only when a file is on disk.
pub fn first_wanted(target: &Target) -> u8 {
    if target.path == "index.html" {
        return 0;
    }
    let loaded_by_pages = target.path.ends_with(".css") || target.path.ends_with(".js");
    match &target.job {
        Job::Asset(_) | Job::Workbench(_) if loaded_by_pages => 1,
        Job::Section(_, render::ListPage(1))
        | Job::TaxonomyIndex(_)
        | Job::Search
        | Job::NotFound => 2,
        _ => 3,
    }
}

/// The edits a run brings, as far as planning cares.
#[derive(Debug)]
pub struct Edits<'a> {
    /// Template names (site's or theme's) that changed.
    pub templates: &'a BTreeSet<String>,
    /// Output paths of static files, and content paths of content assets,
    /// that changed.
    pub assets: &'a BTreeSet<String>,
}

/// The jobs of a new graph to render after `edits`: those new since the
/// last good run, those whose template (or a template it uses) changed,
/// and those that read a piece of the graph whose fingerprint changed.
pub fn plan(
    table: &DepTable,
    known: &Known,
    graph: &Graph,
    assets: &[Asset],
    templates: &Templates,
    jobs: JobList,
    edits: &Edits,
) -> Plan {
    // Every piece some output read, fingerprinted once in the new graph,
    // and which of them changed.
    let fingerprints = table.fingerprints(graph, 0);
    let changed: Vec<bool> = fingerprints
        .iter()
        .enumerate()
        .map(|(id, now)| known.fingerprints.get(id) != Some(now))
        .collect();
    let uses_changed = uses_changed_template(templates.closure(), edits.templates);
    let dirty = jobs
        .targets
        .iter()
        .enumerate()
        .filter(
            |(_, target)| match (&target.job, known.records.get(&target.path)) {
                (_, None) => true,
                (Job::Asset(i), Some(_)) => asset_changed(&assets[i.0], edits.assets),
                (_, Some(record)) => {
                    record.template != target.template
                        || target.template.as_deref().is_some_and(&uses_changed)
                        || record.deps.iter().any(|&id| changed[id as usize])
                }
            },
        )
        .map(|(index, _)| index)
        .collect();
    Plan {
        dirty,
        jobs: Arc::new(jobs),
        fingerprints,
        readers: None,
    }
}

/// Whether a template, or one it includes or extends, is among `changed`.
fn uses_changed_template<'a>(
    closure: BTreeMap<String, BTreeSet<String>>,
    changed: &'a BTreeSet<String>,
) -> impl Fn(&str) -> bool + 'a {
    move |template: &str| {
        closure
            .get(template)
            .is_some_and(|used| used.iter().any(|u| changed.contains(u)))
            || changed.iter().any(|c| c.ends_with(template))
    }
}

fn asset_changed(asset: &Asset, changed: &BTreeSet<String>) -> bool {
    changed.contains(&asset.out_path)
        || match &asset.origin {
            AssetOrigin::Disk(path) => changed.iter().any(|c| path.ends_with(c)),
            AssetOrigin::BuiltIn(_) => false,
        }
}

/// The plan after [`Graph::patch_bodies`]: the jobs are those of the last
/// good run (no page came or went), and only the pieces a text edit
/// changes are fingerprinted again: the pages' own data and summaries,
/// the affected formulations' data, summaries and statistics, and the
/// home page's lists if a formulation's count of citing pages changed
/// (they rank by it; the pages they show are read as summaries) or a
/// formulation's wording changed (it shows them). The site view is left
/// out: menus, taxonomies and counts of pages by kind come from front
/// matter. The cost follows the edit: no piece of other pages is
/// fingerprinted, and the outputs to render are the readers of the
/// changed pieces (`readers`, the last good run's, made from its records
/// if None). None if the patch names a formulation the graph does not
/// have (then the graph is built again).
pub fn plan_patch(
    table: &DepTable,
    known: &Known,
    readers: Option<Readers>,
    before: &Graph,
    graph: &Graph,
    patch: &BodyPatch,
) -> Option<Plan> {
    let rel = |page: PageId| graph.pages[page].doc.rel_path.clone();
    let mut pieces = Vec::new();
    if patch.counts_changed || patch.wording_changed {
        pieces.push(Dep::Home);
    }
    for &page in &patch.pages {
        pieces.extend([
            Dep::Content(rel(page)),
            Dep::Summary(rel(page)),
            Dep::Link(rel(page)),
        ]);
    }
    for &f in &patch.formulations {
        let page = *graph.formulations.get(f)?;
        pieces.extend([
            Dep::Content(rel(page)),
            Dep::Summary(rel(page)),
            Dep::Stats(rel(page)),
        ]);
        let old_groups = &before.stats.get(f)?.groups;
        for group in &graph.stats.get(f)?.groups {
            let old = old_groups.iter().find(|g| g.key() == group.key());
            for n in touched_list_pages(old, group, &patch.pages) {
                pieces.push(Dep::Uses(rel(page), group.key().to_string(), n));
            }
        }
    }
    let mut fingerprints = known.fingerprints.clone();
    let mut changed = vec![false; fingerprints.len()];
    for piece in &pieces {
        let Some(id) = table.id(piece) else {
            continue; // no output read it
        };
        let now = fingerprint(graph, piece);
        let slot = fingerprints.get_mut(id as usize)?;
        if *slot != now {
            *slot = now;
            changed[id as usize] = true;
        }
    }
    let readers = readers.unwrap_or_else(|| Readers::new(&known.jobs, &known.records));
    Some(Plan {
        dirty: readers.dirty(&changed),
        jobs: known.jobs.clone(),
        fingerprints,
        readers: Some(readers),
    })
}

/// The pages (numbered from 1, end excluded) of a usage list whose mentions a text edit
/// of `edited` can have changed. The list is sorted by keys the edit does
/// not touch as long as every edited page keeps its number of mentions in
/// the group (each key counts the mentions before it from the same
/// source): then the mentions of other pages keep their places, and only
/// the stretch from the first to the last mention of an edited page
/// (before or after) can differ. Otherwise every page (the later ones
/// shift). Fingerprinting only those keeps an edit on a page that
/// mentions a formulation used on half of the site from hashing all of
/// its mentions.
fn touched_list_pages(
    before: Option<&crate::graph::links::UseGroup>,
    group: &crate::graph::links::UseGroup,
    edited: &[PageId],
) -> std::ops::Range<usize> {
    let pages = group.list_pages();
    if pages == 0 {
        return 1..1;
    }
    // (position, page) of each mention on an edited page.
    let mentions = |list: &[crate::graph::Backlink]| {
        list.iter()
            .enumerate()
            .filter(|(_, b)| edited.contains(&b.page))
            .map(|(i, b)| (i, b.page))
            .collect::<Vec<_>>()
    };
    let Some(before) = before else {
        return 1..pages + 1;
    };
    let (old, new) = (mentions(&before.backlinks), mentions(&group.backlinks));
    let counts = |list: &[(usize, PageId)]| {
        let mut pages: Vec<PageId> = list.iter().map(|&(_, p)| p).collect();
        pages.sort_unstable();
        pages
    };
    if before.backlinks.len() != group.backlinks.len() || counts(&old) != counts(&new) {
        return 1..pages + 1;
    }
    let positions = old.iter().chain(&new).map(|&(i, _)| i);
    let (Some(first), Some(last)) = (positions.clone().min(), positions.max()) else {
        return 1..1;
    };
    let per_page = crate::graph::links::USES_PER_PAGE;
    (first / per_page + 1)..(last / per_page + 1).min(pages) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Backlink;
    use crate::graph::links::UseGroup;

    /// A usage list of these pages' mentions, in this order.
    fn list(pages: &[PageId]) -> UseGroup {
        UseGroup {
            part: None,
            backlinks: pages
                .iter()
                .map(|&page| Backlink { page, mention: 0 })
                .collect(),
        }
    }

    #[test]
    fn everything_renders_what_a_reader_opens_first_first() {
        let mut jobs = JobList::default();
        let mut add = |job: Job, path: &str| {
            jobs.targets.push(Target {
                job,
                path: path.to_string(),
                template: None,
            });
            jobs.paths.insert(path.to_string());
        };
        add(Job::Page(0), "a/index.html");
        add(Job::Section(1, render::ListPage(1)), "notes/index.html");
        add(
            Job::Section(1, render::ListPage(2)),
            "notes/page/2/index.html",
        );
        add(Job::Page(1), "b/index.html");
        add(Job::NotFound, "404.html");
        add(Job::Search, "search/index.html");
        add(Job::Section(0, render::ListPage(1)), "index.html");
        add(Job::Asset(render::AssetId(0)), "img/x.png");
        add(Job::Asset(render::AssetId(1)), "css/site.css");
        add(Job::Asset(render::AssetId(2)), "js/site.js");
        let plan = Plan::everything(jobs);
        let order: Vec<&str> = plan
            .dirty
            .iter()
            .map(|&i| plan.jobs.targets[i].path.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "index.html",
                "css/site.css",
                "js/site.js",
                "notes/index.html",
                "404.html",
                "search/index.html",
                "a/index.html",
                "notes/page/2/index.html",
                "b/index.html",
                "img/x.png",
            ]
        );
    }

    /// Outputs `a/` … (one per name), and records of what each read.
    fn outputs(reads: &[(&str, &[u32])]) -> (JobList, FxHashMap<String, JobRecord>) {
        let mut jobs = JobList::default();
        let mut records = FxHashMap::default();
        for (index, &(path, deps)) in reads.iter().enumerate() {
            jobs.targets.push(Target {
                job: Job::Page(index),
                path: path.to_string(),
                template: None,
            });
            jobs.paths.insert(path.to_string());
            if !deps.is_empty() {
                let record = JobRecord {
                    deps: deps.to_vec(),
                    template: None,
                };
                records.insert(path.to_string(), record);
            }
        }
        (jobs, records)
    }

    /// `changed` as the plan marks it: one flag per piece id.
    fn marked(ids: &[usize], len: usize) -> Vec<bool> {
        (0..len).map(|id| ids.contains(&id)).collect()
    }

    #[test]
    fn the_outputs_to_render_are_the_readers_of_the_changed_pieces() {
        // Piece 0 is read by every output (the site), 1 by a/ and b/, 2 by
        // c/ only; d/ has no record (its render failed).
        let (jobs, mut records) = outputs(&[
            ("a/", &[0, 1]),
            ("b/", &[0, 1]),
            ("c/", &[0, 2]),
            ("d/", &[]),
        ]);
        let readers = Readers::new(&jobs, &records);
        assert_eq!(readers.dirty(&marked(&[], 3)), vec![3]);
        assert_eq!(readers.dirty(&marked(&[1], 3)), vec![0, 1, 3]);
        assert_eq!(readers.dirty(&marked(&[2], 3)), vec![2, 3]);
        assert_eq!(readers.dirty(&marked(&[0, 2], 3)), vec![0, 1, 2, 3]);
        // a/ renders again and now reads piece 3 (new) besides 0 and 1; d/
        // renders at last, reading piece 2.
        records.get_mut("a/").unwrap().deps = vec![0, 1, 3];
        records.insert(
            "d/".to_string(),
            JobRecord {
                deps: vec![2],
                template: None,
            },
        );
        let readers = readers.after_run(&jobs, &records, [0, 3]);
        assert_eq!(readers.dirty(&marked(&[3], 4)), vec![0]);
        assert_eq!(readers.dirty(&marked(&[2], 4)), vec![2, 3]);
        assert_eq!(readers.dirty(&marked(&[], 4)), Vec::<usize>::new());
        assert_eq!(
            readers.by_piece[0],
            vec![0, 1, 2],
            "an output is listed once however often it renders"
        );
        // The same lists as made afresh from the records.
        let fresh = Readers::new(&jobs, &records);
        for id in 0..4 {
            let ids = marked(&[id], 4);
            assert_eq!(readers.dirty(&ids), fresh.dirty(&ids), "piece {id}");
        }
    }

    #[test]
    fn a_text_edit_reaches_only_the_list_pages_around_its_mentions() {
        let before = list(&(0..250).collect::<Vec<_>>());
        // Same mentions, same places: the page holding place 150.
        assert_eq!(touched_list_pages(Some(&before), &before, &[150]), 2..3);
        // Pages on two list pages.
        assert_eq!(touched_list_pages(Some(&before), &before, &[20, 249]), 1..4);
        // A page the list does not show changes nothing in it.
        assert!(touched_list_pages(Some(&before), &before, &[999]).is_empty());
        // One mention more: every page (the count and the later places).
        let mut longer: Vec<PageId> = (0..250).collect();
        longer.insert(30, 30);
        assert_eq!(
            touched_list_pages(Some(&before), &list(&longer), &[30]),
            1..4
        );
        // The same length, but page 20 gained a mention and page 41 lost
        // its one: the places after them may move (mentions are taken
        // from sources in turn), so every page.
        let mut moved: Vec<PageId> = (0..250).filter(|&p| p != 41).collect();
        moved.insert(20, 20);
        assert_eq!(
            touched_list_pages(Some(&before), &list(&moved), &[20, 41]),
            1..4
        );
        // A new group (no list before): every page.
        assert_eq!(touched_list_pages(None, &before, &[150]), 1..4);
        // A group short enough to show whole has no list pages.
        let short = list(&[1, 2, 3]);
        assert!(touched_list_pages(Some(&short), &short, &[2]).is_empty());
    }
}
