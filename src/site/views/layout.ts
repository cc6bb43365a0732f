/** The page shell: landmarks, the stylesheet, and the head every page needs. */
import { html, type SafeHtml } from '../html'

export type SiteInfo = {
  readonly name: string
  readonly description: string
  readonly language: string
  /** The public origin, e.g. https://news.example.org */
  readonly origin: string
  /** Path of the fingerprinted stylesheet. */
  readonly stylesheet: string
}

export type PageHead = {
  readonly title: string
  readonly description: string
  /** Path of the canonical address; omitted for pages that must not be indexed. */
  readonly canonicalPath?: string
  readonly noindex?: boolean
  readonly extra?: SafeHtml
  /** The page's own feed, announced beside the site's. */
  readonly feed?: { readonly path: string; readonly title: string }
}

export function layout(site: SiteInfo, head: PageHead, main: SafeHtml, options: { banner?: SafeHtml } = {}): SafeHtml {
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${head.title}</title>
<meta name="description" content="${head.description}">
${head.canonicalPath ? html`<link rel="canonical" href="${site.origin}${head.canonicalPath}">` : ''}
${head.noindex ? html`<meta name="robots" content="noindex, nofollow">` : ''}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${site.stylesheet}">
<link rel="alternate" type="application/rss+xml" title="${site.name}" href="/feed.xml">
<link rel="alternate" type="application/feed+json" title="${site.name} (JSON Feed, with incident facts)" href="/feed.json">
${head.feed ? html`<link rel="alternate" type="application/rss+xml" title="${head.feed.title}" href="${head.feed.path}">` : ''}
${head.extra ?? ''}
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
${options.banner ?? ''}
<header class="site-header">
<div class="wrap">
<a class="site-name" href="/">${site.name}</a>
<nav aria-label="Site"><ul><li><a href="/">Latest</a></li><li><a href="/feed.xml">RSS feed</a></li></ul></nav>
<form class="site-search" role="search" action="/search" method="get"><label for="site-search" class="visually-hidden">Search the stories</label><input id="site-search" type="search" name="q" maxlength="500" placeholder="Search: CVE, actor, topic…"><button type="submit">Search</button></form>
</div>
</header>
<main id="main" class="wrap">
${main}
</main>
<footer class="site-footer">
<div class="wrap"><p>${site.name}: ${site.description}</p><p><a href="/subscribe">New stories by email</a> · <a href="/privacy">Your data</a></p></div>
</footer>
</body>
</html>
`
}
