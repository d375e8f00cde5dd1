//! Links and images by plain path (`chart.png`, `../x/`,
//! `/kb/static/a.pdf`): each must lead to a file the build writes, or the
//! reader gets the server's "not found". Checked once the outputs of a run
//! are known, for every page and section, so a warning does not go away
//! when another page is edited in `serve`.

use percent_encoding::percent_decode_str;

use super::Graph;
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::markdown::Rendered;
use crate::parse::Document;
use crate::t;

/// Warns about every plain-path link whose target `written` does not know.
/// `written` answers for an output path relative to the output folder
/// (`excerpts/a/1/index.html`, `static/a.pdf`).
pub fn check_local_links(
    graph: &Graph,
    written: &dyn Fn(&str) -> bool,
    diagnostics: &mut Diagnostics,
) {
    let base = graph.config.base_path();
    let all = graph
        .pages
        .iter()
        .map(|p| (&p.doc, &p.rendered, &p.path))
        .chain(
            graph
                .sections
                .iter()
                .map(|s| (&s.doc, &s.rendered, &s.path)),
        );
    for (doc, rendered, page_path) in all {
        check_page(doc, rendered, page_path, &base, written, diagnostics);
    }
}

fn check_page(
    doc: &Document,
    rendered: &Rendered,
    page_path: &str,
    base: &str,
    written: &dyn Fn(&str) -> bool,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered.local_links {
        let Some(target) = site_path(page_path, base, &link.path) else {
            continue; // outside the site: not this build's to know
        };
        if leads_somewhere(&target, written) {
            continue;
        }
        let dest = &link.path;
        let url = format!("{base}{target}");
        diagnostics.push(
            Diagnostic::warning(
                rule::MISSING_TARGET,
                doc.display_path(),
                t!(
                    "链接 `{dest}` 指向网站里的 {url}，但这次构建没有写出这个文件，读者点开会看到“找不到”",
                    "link to `{dest}` leads to {url} on the site, which this build does not write: readers would get “not found”"
                ),
            )
            .at(link.line, link.column)
            .hint(t!(
                "链接页面请用 `@/` 按文件写（如 @/formulations/四个意识.md）；图片和附件放进 static/（网址是 static/ 里的路径）或页面所在的文件夹，再按它在网站里的路径链接",
                "link pages by file with `@/` (e.g. @/formulations/四个意识.md); put images and attachments in static/ (their address is their path inside static/) or in the page's folder, and link them by their path on the site"
            )),
        );
    }
}

/// Whether a site path names something the build writes: the file itself,
/// or the `index.html` of a folder (`x/` and `x` both reach `x/index.html`).
fn leads_somewhere(target: &str, written: &dyn Fn(&str) -> bool) -> bool {
    if target.is_empty() || target.ends_with('/') {
        return written(&format!("{target}index.html"));
    }
    written(target) || written(&format!("{target}/index.html"))
}

/// The output path (relative to the output folder, `/` separators) a link
/// written on the page at `page_path` (`guide/a/`) leads to, as a browser
/// resolves it; None when it leaves the site (`/other/` outside the base
/// path `/kb/`, or `..` above the root).
fn site_path(page_path: &str, base: &str, link: &str) -> Option<String> {
    let decoded = percent_decode_str(link)
        .decode_utf8()
        .map_or_else(|_| link.to_string(), |d| d.into_owned());
    let (start, rest) = match decoded.strip_prefix('/') {
        Some(_) => {
            let inside = if format!("{decoded}/") == base {
                ""
            } else {
                decoded.strip_prefix(base)?
            };
            (String::new(), inside.to_string())
        }
        None => {
            let folder = match page_path.rfind('/') {
                Some(end) => &page_path[..=end],
                None => "",
            };
            (folder.to_string(), decoded)
        }
    };
    let mut parts: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    // `x/`, `x/.` and `..` name folders.
    let folder = matches!(rest.rsplit('/').next(), Some("" | "." | ".."));
    if folder && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_from_the_page_folder() {
        assert_eq!(
            site_path("guide/a/", "/", "chart.png").as_deref(),
            Some("guide/a/chart.png")
        );
        assert_eq!(
            site_path("guide/a/", "/", "../b/").as_deref(),
            Some("guide/b/")
        );
        assert_eq!(
            site_path("guide/a/", "/", "./x/../y.pdf").as_deref(),
            Some("guide/a/y.pdf")
        );
        assert_eq!(
            site_path("", "/", "static/a.pdf").as_deref(),
            Some("static/a.pdf")
        );
        assert_eq!(site_path("guide/a/", "/", "../..").as_deref(), Some(""));
        assert_eq!(
            site_path("guide/a/", "/", "../../../x"),
            None,
            "above the root"
        );
    }

    #[test]
    fn root_relative_links_are_read_below_the_base_path() {
        assert_eq!(
            site_path("guide/a/", "/kb/", "/kb/static/a.pdf").as_deref(),
            Some("static/a.pdf")
        );
        assert_eq!(site_path("guide/a/", "/kb/", "/kb").as_deref(), Some(""));
        assert_eq!(
            site_path("guide/a/", "/kb/", "/oa/x.pdf"),
            None,
            "another site on the server"
        );
        assert_eq!(
            site_path("guide/a/", "/", "/static/a.pdf").as_deref(),
            Some("static/a.pdf")
        );
    }

    #[test]
    fn escaped_and_chinese_names_are_the_same_file() {
        assert_eq!(
            site_path("guide/a/", "/", "%E5%9B%BE%E8%A1%A8.png").as_deref(),
            Some("guide/a/图表.png")
        );
        assert_eq!(
            site_path("guide/a/", "/", "图表.png").as_deref(),
            Some("guide/a/图表.png")
        );
    }

    #[test]
    fn a_folder_link_reaches_its_index_page_with_or_without_the_slash() {
        let written = |p: &str| ["guide/b/index.html", "static/a.pdf", "index.html"].contains(&p);
        assert!(leads_somewhere("guide/b/", &written));
        assert!(leads_somewhere("guide/b", &written));
        assert!(leads_somewhere("static/a.pdf", &written));
        assert!(leads_somewhere("", &written));
        assert!(!leads_somewhere("static/b.pdf", &written));
        assert!(!leads_somewhere("guide/c/", &written));
    }
}
