/** The article page, top to bottom, and what search engines and social cards read from it. */
import { attackTechnique } from '../../editorial/attack'
import { factPath, type FactKind } from '../../editorial/facts'
import type { ArticleView, IncidentView, SourceCredit } from '../data'
import { html, jsonForScript, type SafeHtml } from '../html'
import { attackTypeLabel, confidenceWording, correctionLabel, isoDate, readableDate, sectorLabel, statusLabel, windowWording } from './format'
import { layout, type SiteInfo } from './layout'
import { imageTag, mediaPath } from './media'
import { relFor, renderRichText, safeHref } from './richText'

export const articlePath = (slug: string): string => `/articles/${encodeURIComponent(slug)}`
export const actorPath = (slug: string): string => `/actors/${encodeURIComponent(slug)}`
export const topicPath = (slug: string): string => `/topics/${encodeURIComponent(slug)}`

type SourceLink = { name: string; href: string; external: boolean }

const sourceLink = (link: SourceLink): SafeHtml => html`<a href="${link.href}" rel="${relFor(link.external)}">${link.name}</a>`

/** The attribution line with each source's name linking its original report. */
export function attributionLine(line: string, sources: ReadonlyArray<SourceCredit>, origin: string): SafeHtml {
  let parts: Array<string | SourceLink> = [line]
  const unlinked: SourceLink[] = []
  for (const source of sources) {
    const target = safeHref(source.originalUrl, origin)
    if (!target || !source.name) continue
    const link = { name: source.name, ...target }
    const name = new RegExp(`(?<![\\p{L}\\p{N}])${source.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u')
    let placed = false
    parts = parts.flatMap((part) => {
      if (placed || typeof part !== 'string') return [part]
      const at = part.search(name)
      if (at < 0) return [part]
      placed = true
      return [part.slice(0, at), link, part.slice(at + source.name.length)]
    })
    if (!placed) unlinked.push(link)
  }
  const rendered = parts.map((part) => (typeof part === 'string' ? html`${part}` : sourceLink(part)))
  const extra = unlinked.length ? html`; original reports: ${unlinked.map((link, index) => html`${index ? ', ' : ''}${sourceLink(link)}`)}` : ''
  return html`<p class="attribution">(${rendered}${extra})</p>`
}

const commaList = (items: ReadonlyArray<SafeHtml | string>): SafeHtml => html`${items.map((item, index) => html`${index ? ', ' : ''}${item}`)}`
/** A fact's own page on this site (a CVE, a technique, a sector, an attack type). */
const factLink = (kind: FactKind, id: string, text: SafeHtml | string): SafeHtml => html`<a href="${factPath(kind, id)}">${text}</a>`
const actorLink = (actor: { name: string; slug: string }): SafeHtml => html`<a href="${actorPath(actor.slug)}">${actor.name}</a>`

function factsBox(incident: IncidentView, slug: string): SafeHtml {
  const rows: SafeHtml[] = []
  const row = (term: string, value: SafeHtml | string) => rows.push(html`<div><dt>${term}</dt><dd>${value}</dd></div>`)
  const plural = (count: number, one: string, many: string) => (count > 1 ? many : one)

  if (incident.victims.length) row(plural(incident.victims.length, 'Victim', 'Victims'), commaList(incident.victims))
  if (incident.sectors.length) row(plural(incident.sectors.length, 'Sector', 'Sectors'), commaList(incident.sectors.map((value) => factLink('sector', value, sectorLabel(value)))))
  if (incident.attackTypes.length) row('Type of attack', commaList(incident.attackTypes.map((value) => factLink('attack-type', value, attackTypeLabel(value)))))
  const confidence = confidenceWording(incident.attributionConfidence)
  const actors = incident.threatActors.filter((actor) => actor.slug)
  if (incident.attributedTo || actors.length) {
    const who = incident.attributedTo ? html`${incident.attributedTo}` : commaList(actors.map(actorLink))
    row('Attributed to', html`${who}${confidence ? html` <span class="confidence">(${confidence})</span>` : ''}`)
  }
  if (incident.attributedTo && actors.length) row(plural(actors.length, 'Threat actor', 'Threat actors'), commaList(actors.map(actorLink)))
  const window = windowWording(incident.window)
  if (window) row('When', window)
  const status = statusLabel(incident.status)
  if (status) row('Status', status)
  if (incident.cves.length) row(plural(incident.cves.length, 'Vulnerability', 'Vulnerabilities'), commaList(incident.cves.map((id) => factLink('cve', id, id))))
  if (incident.attackTechniques.length)
    row(
      'ATT&CK techniques',
      commaList(
        incident.attackTechniques.map((id) => {
          const technique = attackTechnique(id)
          return technique ? factLink('technique', id, html`${id} <span class="technique-name">${technique.name}</span>`) : html`${id}`
        }),
      ),
    )
  if (rows.length === 0) return html``
  return html`<aside class="facts" aria-labelledby="facts-title"><h2 id="facts-title">Incident facts</h2><dl>${rows}</dl><p class="facts-data"><a href="${articlePath(slug)}/stix.json" type="application/stix+json">These facts as STIX 2.1</a></p></aside>`
}

/** The story's section and tags, each a link to its page. */
function topicsLine(article: ArticleView): SafeHtml {
  if (!article.section && article.tags.length === 0) return html``
  const link = (topic: { name: string; slug: string }) => html`<a href="${topicPath(topic.slug)}" rel="tag">${topic.name}</a>`
  return html`<footer class="article-topics">${article.section ? html`<p class="section">Section: ${link(article.section)}</p>` : ''}${
    article.tags.length ? html`<p class="tags">Tags: ${commaList(article.tags.map(link))}</p>` : ''
  }</footer>`
}

/** Other stories on the same CVEs, actors, techniques or topics, best first. */
function relatedBox(article: ArticleView): SafeHtml {
  if (article.related.length === 0) return html``
  const items = article.related.map(
    (story) => html`<li><a href="${articlePath(story.slug)}">${story.title}</a> <time datetime="${isoDate(story.publishedAt)}">${readableDate(story.publishedAt)}</time></li>`,
  )
  return html`<aside class="related" aria-labelledby="related-title"><h2 id="related-title">Related stories</h2><ol>${items}</ol></aside>`
}

function correctionsBox(article: ArticleView): SafeHtml {
  if (article.corrections.length === 0) return html``
  const newestFirst = [...article.corrections].sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
  const items = newestFirst.map((entry) => {
    const date = readableDate(entry.date)
    return html`<li><strong>${correctionLabel(entry.kind)}</strong>${date ? html`, <time datetime="${isoDate(entry.date)}">${date}</time>` : ''}: ${entry.text}</li>`
  })
  return html`<aside class="corrections" aria-labelledby="corrections-title"><h2 id="corrections-title">Corrections and updates</h2><ul>${items}</ul></aside>`
}

/** Absolute URL of an image size, for social cards and structured data. */
const absolute = (origin: string, filename: string) => `${origin}${mediaPath(filename)}`

export function structuredData(article: ArticleView, site: SiteInfo): Record<string, unknown> {
  const url = `${site.origin}${articlePath(article.slug)}`
  const hero = article.hero
  const images = hero ? [hero.sizes.og, hero.sizes.hero, hero.sizes.card].flatMap((size) => (size?.filename ? [absolute(site.origin, size.filename)] : [])) : []
  const basedOn = article.sources.map((source) => source.originalUrl).filter((href): href is string => Boolean(safeHref(href, site.origin)))
  const about = [
    ...article.incident.threatActors.map((actor) => ({ '@type': 'Organization', name: actor.name })),
    ...article.incident.victims.map((name) => ({ '@type': 'Organization', name })),
  ]
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    ...(article.dek ? { description: article.dek } : {}),
    url,
    mainEntityOfPage: url,
    datePublished: isoDate(article.publishedAt),
    dateModified: isoDate(article.updatedAt) || isoDate(article.publishedAt),
    author: article.authors.length ? article.authors.map((name) => ({ '@type': 'Person', name })) : [{ '@type': 'Organization', name: site.name }],
    publisher: { '@type': 'Organization', name: site.name, url: site.origin },
    ...(images.length ? { image: images } : {}),
    ...(basedOn.length ? { isBasedOn: basedOn } : {}),
    ...(about.length ? { about } : {}),
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length ? { keywords: article.tags.map((tag) => tag.name) } : {}),
  }
}

function socialMeta(article: ArticleView, site: SiteInfo): SafeHtml {
  const url = `${site.origin}${articlePath(article.slug)}`
  const og = article.hero?.sizes.og
  const description = article.dek ?? site.description
  const alt = article.hero?.alt ?? ''
  const ogImage = og
    ? html`<meta property="og:image" content="${absolute(site.origin, og.filename)}">
<meta property="og:image:width" content="${og.width}">
<meta property="og:image:height" content="${og.height}">
<meta property="og:image:alt" content="${alt}">`
    : ''
  const twitterImage = og
    ? html`<meta name="twitter:image" content="${absolute(site.origin, og.filename)}">
<meta name="twitter:image:alt" content="${alt}">`
    : ''
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
${ogImage}
<meta property="article:published_time" content="${isoDate(article.publishedAt)}">
<meta property="article:modified_time" content="${isoDate(article.updatedAt)}">
<meta name="twitter:card" content="${og ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${article.title}">
<meta name="twitter:description" content="${description}">
${twitterImage}
<script type="application/ld+json">${jsonForScript(structuredData(article, site))}</script>`
}

export type ArticlePageOptions = {
  /** The whole comment section (thread and "Leave a Reply" form); a preview has none. */
  readonly comments?: SafeHtml
  /** Marks a staff preview: not indexed, no canonical address. */
  readonly preview?: boolean
}

function byline(article: ArticleView): SafeHtml {
  const published = readableDate(article.publishedAt)
  const updated = readableDate(article.updatedAt)
  const showUpdated = updated && Date.parse(article.updatedAt) - Date.parse(article.publishedAt) > 60_000
  const authors = article.authors.length ? html`By <span class="authors">${article.authors.join(', ')}</span> · ` : ''
  const when = published ? html`Published <time datetime="${isoDate(article.publishedAt)}">${published}</time>` : 'Not yet published'
  const change = showUpdated ? html` · Updated <time datetime="${isoDate(article.updatedAt)}">${updated}</time>` : ''
  return html`<p class="byline">${authors}${when}${change}</p>`
}

function heroFigure(article: ArticleView): SafeHtml {
  const hero = article.hero
  if (!hero) return html``
  const credit = hero.credit ? html` <span class="credit">${hero.credit}</span>` : ''
  const caption = hero.caption || hero.credit ? html`<figcaption>${hero.caption ?? ''}${credit}</figcaption>` : ''
  return html`<figure class="hero">${imageTag(hero, { sizes: '(min-width: 60rem) 56rem, 100vw', loading: 'eager' })}${caption}</figure>`
}

export function articlePage(article: ArticleView, site: SiteInfo, options: ArticlePageOptions = {}): SafeHtml {
  const body = renderRichText(article.body, { origin: site.origin, media: (id) => article.bodyMedia.get(id) ?? null, documentHref: () => null })
  const main = html`<article class="article" aria-labelledby="headline">
<header class="article-header">
<h1 id="headline">${article.title}</h1>
${article.dek ? html`<p class="dek">${article.dek}</p>` : ''}
${byline(article)}
</header>
${heroFigure(article)}
<div class="article-body">
${body}
${article.attributionLine ? attributionLine(article.attributionLine, article.sources, site.origin) : ''}
</div>
${correctionsBox(article)}
${factsBox(article.incident, article.slug)}
${topicsLine(article)}
</article>
${relatedBox(article)}
${options.preview ? '' : (options.comments ?? html`<section id="comments" class="comments" aria-labelledby="reply-title"><div id="respond"><h2 id="reply-title" class="comment-reply-title">Leave a Reply</h2>${article.commentsOpen ? '' : html`<p class="comments-closed">Comments are closed.</p>`}</div></section>`)}`
  const banner = options.preview ? html`<p class="preview-banner" role="status">Preview of the latest draft: readers do not see this page.</p>` : undefined
  const head = {
    title: `${article.title} — ${site.name}`,
    description: article.dek ?? site.description,
    canonicalPath: options.preview ? undefined : articlePath(article.slug),
    noindex: options.preview,
    extra: options.preview ? undefined : socialMeta(article, site),
  }
  return layout(site, head, main, { banner })
}
