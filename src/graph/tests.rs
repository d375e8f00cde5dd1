use super::*;

fn graph(files: &[(&str, &str)]) -> (Graph, Diagnostics) {
    Graph::build(documents(files), Config::default_for_test())
}

const SECTIONS: [(&str, &str); 3] = [
    (
        "formulations/_index.md",
        "---\ntitle: 提法\npage_kind: formulation\n---\n",
    ),
    (
        "excerpts/_index.md",
        "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
    ),
    (
        "sources/_index.md",
        "---\ntitle: 来源\npage_kind: source\n---\n",
    ),
];

/// The small knowledge base most tests start from (after [`SECTIONS`]).
#[rustfmt::skip]
const KB: [(&str, &str); 6] = [
        ("formulations/四个意识.md", "---\ntitle: 四个意识\nfull: 政治意识、大局意识、核心意识、看齐意识\ncollocations: [增强]\nrelated: [两个维护]\n---\n说明。\n"),
        ("formulations/两个维护.md", "---\ntitle: 两个维护\nfull: 坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护党中央权威和集中统一领导\nvariants: [两个坚决维护]\n---\n"),
        ("formulations/四个自信.md", "---\ntitle: 四个自信\nfull: 道路自信、理论自信、制度自信、文化自信\n---\n"),
        ("sources/s1.md", "---\ntitle: 某局报告\nyear: 2019\ndoc_type: 情况报告\n---\n"),
        ("excerpts/s1/002.md", "---\ntitle: 第二段\nsource: s1\norder: 2\npart: measure\ntopics: [政治建设]\n---\n增强“四个意识”，坚定“四个自信”。牢固树立“四个意识”。\n"),
        ("excerpts/s1/001.md", "---\ntitle: 第一段\nsource: s1\norder: 1\npart: problem\ntopics: [政治建设]\n---\n增强“四个意识”，做到“两个坚决维护”。\n"),
];

fn kb(extra: &[(&'static str, &'static str)]) -> (Graph, Diagnostics) {
    let mut files: Vec<(&str, &str)> = SECTIONS.to_vec();
    files.extend(KB);
    files.extend(extra.iter().copied());
    graph(&files)
}

fn formulation(graph: &Graph, title: &str) -> usize {
    graph
        .formulations
        .iter()
        .position(|&p| graph.pages[p].doc.meta.title == title)
        .unwrap()
}

#[test]
fn backlinks_cooccurrence_and_verbs_are_counted() {
    let (graph, diagnostics) = kb(&[]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let sgys = formulation(&graph, "四个意识");
    let stats = &graph.stats[sgys];
    assert_eq!(stats.backlinks.len(), 3);
    assert_eq!(stats.pages, 2);
    assert_eq!(
        stats.verbs,
        [("增强".to_string(), 2), ("牢固树立".to_string(), 1)]
    );
    let with: Vec<(&str, usize)> = stats
        .used_with
        .iter()
        .map(|&(f, n)| (graph.formulation_page(f).doc.meta.title.as_str(), n))
        .collect();
    assert_eq!(with, [("两个维护", 1), ("四个自信", 1)]);
    let lgwh = formulation(&graph, "两个维护");
    assert_eq!(
        {
            let backlink = &graph.stats[lgwh].backlinks[0];
            backlink
                .mention(&graph)
                .matched(&graph.pages[backlink.page].rendered.plain_text)
        },
        "两个坚决维护"
    );
}

#[test]
fn excerpts_are_ordered_in_their_source() {
    let (graph, _) = kb(&[]);
    let source = graph
        .pages
        .iter()
        .position(|p| p.doc.rel_path == "sources/s1.md")
        .unwrap();
    let titles: Vec<&str> = graph.pages[source]
        .excerpts
        .iter()
        .map(|&e| graph.pages[e].doc.meta.title.as_str())
        .collect();
    assert_eq!(titles, ["第一段", "第二段"]);
    let first = graph.pages[source].excerpts[0];
    assert_eq!(graph.pages[first].prev, None);
    assert_eq!(
        graph.pages[first].next,
        Some(graph.pages[source].excerpts[1])
    );
    assert_eq!(graph.pages[first].year, Some(2019));
}

#[test]
fn unresolved_references_fail_with_line_and_suggestion() {
    let (_, diagnostics) = kb(&[
        ("excerpts/s1/003.md", "---\ntitle: 三\nsource: s2\n---\n"),
        (
            "formulations/四风.md",
            "---\ntitle: 四风\nrelated: [四个意思]\n---\n",
        ),
    ]);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule == "unresolved-reference")
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let related = errors.iter().find(|d| d.file.ends_with("四风.md")).unwrap();
    assert_eq!(related.line, 3);
    assert!(
        related.hint.as_ref().unwrap().en.contains("四个意识"),
        "{related:?}"
    );
    let source = errors.iter().find(|d| d.file.ends_with("003.md")).unwrap();
    assert!(
        source.hint.as_ref().unwrap().zh.contains("`s1`"),
        "{source:?}"
    );
}

#[test]
fn duplicate_urls_and_terms_are_errors() {
    let (_, diagnostics) = kb(&[(
        "formulations/sgys.md",
        "---\ntitle: 另一个\nslug: si-ge-yi-shi\nvariants: [两个维护]\n---\n",
    )]);
    let rules: Vec<&str> = diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert!(rules.contains(&"duplicate-url"), "{diagnostics:?}");
    assert!(rules.contains(&"duplicate-term"), "{diagnostics:?}");
    let dup = diagnostics
        .iter()
        .find(|d| d.rule == "duplicate-url")
        .unwrap();
    assert!(dup.message.en.contains("content/formulations/"), "{dup:?}");
    assert!(dup.message.zh.contains("content/formulations/"), "{dup:?}");
}

#[test]
fn taxonomies_collect_terms() {
    let (graph, _) = kb(&[]);
    let topics = graph
        .taxonomies
        .iter()
        .find(|t| t.name == "topics")
        .unwrap();
    assert_eq!(topics.terms.len(), 1);
    assert_eq!(topics.terms[0].pages.len(), 2);
    assert_eq!(topics.terms[0].path, "topics/zheng-zhi-jian-she/");
    let parts = graph.taxonomies.iter().find(|t| t.name == "part").unwrap();
    let names: Vec<&str> = parts.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["问题", "措施"], "report order");
    let years = graph.taxonomies.iter().find(|t| t.name == "year").unwrap();
    assert_eq!(
        years.terms[0].pages.len(),
        3,
        "the source and both excerpts"
    );
}

#[test]
fn reserved_paths_cannot_be_taken_by_content() {
    for file in ["search.md", "basket.md", "check.md"] {
        let (_, diagnostics) = kb(&[(file, "---\ntitle: 搜\n---\n")]);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.rule == "duplicate-url" && d.file == format!("content/{file}")),
            "{file}: {diagnostics:?}"
        );
    }
}

/// Parsed documents of the fixture with `edits` replacing files' texts.
fn kb_files(edits: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<(&str, &str)> = SECTIONS.to_vec();
    files.extend(KB);
    files.push(("excerpts/s1/003.md", "---\ntitle: 第三段\nsource: s1\norder: 3\npart: problem\ntopics: [政治建设]\n---\n坚定“四个自信”，做到“两个维护”。\n"));
    for (path, text) in edits {
        match files.iter_mut().find(|(p, _)| p == path) {
            Some(file) => file.1 = text,
            None => files.push((path, text)),
        }
    }
    files
}

fn documents(files: &[(&str, &str)]) -> Vec<Document> {
    crate::parse::parse_for_test(files)
}

/// The documents of the `edited` files, parsed with the rest of `files`
/// (their sections decide their kind).
fn edited_documents(files: &[(&str, &str)], edited: &[(&str, &str)]) -> Vec<Arc<Document>> {
    documents(files)
        .into_iter()
        .filter(|d| edited.iter().any(|(path, _)| *path == d.rel_path))
        .map(Arc::new)
        .collect()
}

#[test]
fn a_body_patch_counts_only_the_touched_formulations_and_equals_a_full_count() {
    // Body edits that drop a formulation from a page (两个维护 from 001),
    // bring one in (四个自信 to 001), change verbs (增强 → 践行) and the
    // pairs used together, on two pages at once.
    let edited: [(&str, &str); 2] = [
        (
            "excerpts/s1/001.md",
            "---\ntitle: 第一段\nsource: s1\norder: 1\npart: problem\ntopics: [政治建设]\n---\n践行“四个意识”，坚定“四个自信”，树立“四个自信”。\n",
        ),
        (
            "excerpts/s1/003.md",
            "---\ntitle: 第三段\nsource: s1\norder: 3\npart: problem\ntopics: [政治建设]\n---\n做到“两个维护”，增强“四个意识”。\n",
        ),
    ];
    let (mut patched, diagnostics) =
        Graph::build(documents(&kb_files(&[])), Config::default_for_test());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let untouched_before = patched.stats.clone();
    let new_docs = edited_documents(&kb_files(&edited), &edited);
    let patch = patched
        .patch_bodies(&new_docs, &mut RenderCache::default())
        .expect("a body edit is patched");
    let (full, _) = Graph::build(documents(&kb_files(&edited)), Config::default_for_test());
    assert_eq!(patched.stats, full.stats, "the patch equals a full count");
    for (a, b) in patched.pages.iter().zip(&full.pages) {
        assert_eq!(a.doc.rel_path, b.doc.rel_path);
        assert_eq!(a.uses, b.uses, "{}", a.doc.rel_path);
    }
    // Every formulation here is mentioned on an edited page; all touched.
    let all: Vec<usize> = (0..full.formulations.len()).collect();
    assert_eq!(patch.formulations, all);
    assert_ne!(untouched_before, full.stats, "the edit changed the counts");
}

#[test]
fn a_body_patch_leaves_formulations_the_pages_never_mention() {
    let extra = (
        "formulations/两个确立.md",
        "---\ntitle: 两个确立\nfull: 确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位\n---\n",
    );
    let mention = (
        "excerpts/s2/001.md",
        "---\ntitle: 另一段\nsource: s1\norder: 9\npart: measure\ntopics: [政治建设]\n---\n深刻领悟“两个确立”。\n",
    );
    let edited = [(
        "excerpts/s1/002.md",
        "---\ntitle: 第二段\nsource: s1\norder: 2\npart: measure\ntopics: [政治建设]\n---\n增强“四个意识”。\n",
    )];
    let (mut patched, _) = Graph::build(
        documents(&kb_files(&[extra, mention])),
        Config::default_for_test(),
    );
    let new_docs = edited_documents(&kb_files(&[extra, mention, edited[0]]), &edited);
    let patch = patched
        .patch_bodies(&new_docs, &mut RenderCache::default())
        .expect("a body edit is patched");
    let touched: Vec<&str> = patch
        .formulations
        .iter()
        .map(|&f| patched.formulation_page(f).doc.meta.title.as_str())
        .collect();
    assert_eq!(touched, ["四个意识", "四个自信"]);
    let (full, _) = Graph::build(
        documents(&kb_files(&[extra, mention, edited[0]])),
        Config::default_for_test(),
    );
    assert_eq!(patched.stats, full.stats);
}
