#!/usr/bin/env python3
"""Lay a tifa corpus (from examples/gen_corpus.rs) out as an equivalent Hugo site.

    python3 bench/hugo_site.py CORPUS_DIR HUGO_DIR

HUGO_DIR is created (it must not exist or must be empty). The content files are
copied as they are: Hugo ignores front-matter keys it does not know (page_kind,
full, parts, source, section_path ...), and takes `tags`, `topics` and `part`
(a single string is fine for a taxonomy) as taxonomies. The layouts are minimal
but render roughly what tifa's default theme does: a header with the site title
and navigation, a main column with the title, the page's metadata and content
(a source page lists its excerpts in order, an excerpt links its source),
lists of pages with links and summaries paginated 50 to a page, taxonomy and
term pages. Hugo's defaults stay on: RSS for home, sections, taxonomies and
terms, the sitemap, Chroma highlighting of fenced code.

Only the standard library is used.
"""

import os
import shutil
import sys
import tomllib

HUGO_TOML = """\
baseURL = {base_url}
title = {title}
defaultContentLanguage = "zh-cn"
hasCJKLanguage = true
# tifa writes into public/ too; no robots.txt either side
enableRobotsTXT = false

[pagination]
pagerSize = 50

[taxonomies]
tag = "tags"
topic = "topics"
part = "part"
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">
{{- end }}
</head>
<body>
<header class="site-header">
<a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">{{ site.Title }}</footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article class="page page-{{ .Section }}">
{{- if eq .Section "excerpts" }}
<nav class="breadcrumb">
{{- with site.GetPage (printf "/sources/%s" .Params.source) }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{- end }}
{{- range .Params.section_path }} › <span>{{ . }}</span>{{ end }}
</nav>
{{- end }}
<h1>{{ .Title }}</h1>
{{- if eq .Section "formulations" }}
<dl class="meta">
<dt>规范表述</dt><dd>{{ .Params.full }}</dd>
{{- with .Params.parts }}<dt>组成</dt><dd><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol></dd>{{ end }}
{{- with .Params.variants }}<dt>其他写法</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
<dt>类别</dt><dd>{{ .Params.category }}</dd>
<dt>出处</dt><dd>{{ .Params.origin }}</dd>
<dt>状态</dt><dd>{{ .Params.status }}{{ with .Params.superseded_by }}（现行表述：{{ . }}）{{ end }}</dd>
{{- with .Params.collocations }}<dt>搭配</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
{{- with .Params.related }}<dt>相关提法</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
</dl>
{{- else if eq .Section "sources" }}
<dl class="meta">
<dt>类型</dt><dd>{{ .Params.doc_type }}</dd>
<dt>层级</dt><dd>{{ .Params.level }}</dd>
<dt>年份</dt><dd>{{ .Params.year }}</dd>
{{- with .Params.issuer }}<dt>发文单位</dt><dd>{{ . }}</dd>{{ end }}
</dl>
{{- $excerpts := index (partialCached "excerpts_by_source.html" .) .File.ContentBaseName | default slice }}
<section class="outline">
<h2>结构与摘录 <span class="count">{{ len $excerpts }}</span></h2>
<ol>
{{- range $excerpts.ByParam "order" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="part">{{ .Params.part }}</span></li>
{{- end }}
</ol>
</section>
{{- else if eq .Section "excerpts" }}
<p class="meta">
{{- range .GetTerms "part" }}<a class="part" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{- range .GetTerms "topics" }}<a class="topic" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{- range .GetTerms "tags" }}<a class="tag" href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a> {{ end }}
</p>
{{- end }}
<div class="content">
{{ .Content }}
</div>
{{- if eq .Section "excerpts" }}
<nav class="prev-next">
{{- with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{- with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{- end }}
</article>
{{ end }}
"""

# site.Sections walks every page on each call (Hugo 0.168): rendering it on
# every page is quadratic (15 s instead of 2 s at N = 10000), so the nav is
# built once with partialCached, as a Hugo site would do.
NAV = """\
<nav>
<ul>
{{- range site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><a href="{{ "topics/" | relURL }}">主题</a></li>
<li><a href="{{ "part/" | relURL }}">部分</a></li>
<li><a href="{{ "tags/" | relURL }}">标签</a></li>
</ul>
</nav>
"""

# The excerpts of each source, grouped once for the whole build (a `where`
# over all excerpts on every source page costs N × sources).
EXCERPTS_BY_SOURCE = """\
{{- $m := dict }}
{{- range (site.GetPage "/excerpts").RegularPages.GroupByParam "source" }}
{{- $m = merge $m (dict .Key .Pages) }}
{{- end }}
{{- return $m }}
"""

PAGER = """\
{{- $p := .Paginator }}
{{- if gt $p.TotalPages 1 }}
<nav class="pagination">
{{- with $p.Prev }}<a rel="prev" href="{{ .URL }}">上一页</a>{{ end }}
<span>第 {{ $p.PageNumber }} / {{ $p.TotalPages }} 页</span>
{{- with $p.Next }}<a rel="next" href="{{ .URL }}">下一页</a>{{ end }}
</nav>
{{- end }}
"""

PAGE_LIST = """\
<ul class="page-list">
{{- range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Summary | plainify | truncate 120 }}</p></li>
{{- end }}
</ul>
"""

LIST = (
    """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{- $pages := .Pages }}
{{- if eq .Section "formulations" }}{{ $pages = $pages.ByTitle }}{{ end }}
{{- $paginator := .Paginate $pages }}
"""
    + PAGE_LIST
    + PAGER
    + "{{ end }}\n"
)

TERM = (
    """\
{{ define "main" }}
<h1>{{ .Data.Plural }}：{{ .Title }}</h1>
{{- $paginator := .Paginate .Pages }}
"""
    + PAGE_LIST
    + PAGER
    + "{{ end }}\n"
)

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="term-list">
{{- range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }}</span></li>
{{- end }}
</ul>
{{ end }}
"""

STYLE = """\
body{max-width:48rem;margin:0 auto;padding:0 1rem;font-family:sans-serif;line-height:1.7}
.site-header nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.page-list li{margin:.5rem 0}.meta dt{font-weight:bold}.pagination{display:flex;gap:1rem}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/taxonomy.html": TAXONOMY,
    "_default/term.html": TERM,
    "partials/nav.html": NAV,
    "partials/excerpts_by_source.html": EXCERPTS_BY_SOURCE,
}


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 3:
        print("usage: hugo_site.py CORPUS_DIR HUGO_DIR", file=sys.stderr)
        sys.exit(2)
    corpus, out = sys.argv[1], sys.argv[2]
    content = os.path.join(corpus, "content")
    if not os.path.isdir(content):
        print(f"hugo_site.py: {content} is not a directory", file=sys.stderr)
        sys.exit(2)
    if os.path.exists(out) and os.listdir(out):
        print(f"hugo_site.py: {out} exists and is not empty", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(corpus, "config.toml"), "rb") as f:
        cfg = tomllib.load(f)

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(
            HUGO_TOML.format(
                base_url=toml_str(cfg.get("base_url", "http://127.0.0.1:1111/")),
                title=toml_str(cfg.get("title", "")),
            )
        )
    for rel, text in LAYOUTS.items():
        path = os.path.join(out, "layouts", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(out, "static"), exist_ok=True)
    with open(os.path.join(out, "static", "style.css"), "w", encoding="utf-8") as f:
        f.write(STYLE)

    # The content needs no conversion: copy it as it is.
    files = 0
    for dirpath, _dirs, names in os.walk(content):
        rel = os.path.relpath(dirpath, content)
        dest = os.path.normpath(os.path.join(out, "content", rel))
        os.makedirs(dest, exist_ok=True)
        for name in sorted(names):
            if name.endswith(".md"):
                shutil.copyfile(os.path.join(dirpath, name), os.path.join(dest, name))
                files += 1
    print(f"hugo site: {out} ({files} content files)")


if __name__ == "__main__":
    main()
