/** The front page, threat-actor pages and error pages. */
import type { ActorView, ArticleSummary, TopicView, Page } from '../data'
import { html, type SafeHtml } from '../html'
import { articlePath } from './article'
import { isoDate, readableDate } from './format'
import { layout, type SiteInfo } from './layout'
import { thumbnailTag } from './media'

function teaser(item: ArticleSummary, headingLevel: 'h2' | 'h3'): SafeHtml {
  const link = html`<a href="${articlePath(item.slug)}">${item.title}</a>`
  const heading = headingLevel === 'h2' ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`
  const attribution = item.attributionLine ? html` · <span class="attribution">${item.attributionLine}</span>` : ''
  return html`<li class="teaser">
${item.hero ? html`<div class="teaser-image">${thumbnailTag(item.hero)}</div>` : ''}
<div class="teaser-text">
${heading}
${item.dek ? html`<p class="dek">${item.dek}</p>` : ''}
<p class="meta"><time datetime="${isoDate(item.publishedAt)}">${readableDate(item.publishedAt)}</time>${attribution}</p>
</div>
</li>`
}

const articleList = (items: ReadonlyArray<ArticleSummary>, headingLevel: 'h2' | 'h3'): SafeHtml =>
  html`<ol class="article-list">${items.map((item) => teaser(item, headingLevel))}</ol>`

function pagination(page: Page<unknown>, path: string): SafeHtml {
  if (page.totalPages <= 1) return html``
  const href = (n: number) => (n === 1 ? path : `${path}?page=${n}`)
  const newer = page.page > 1 ? html`<a href="${href(page.page - 1)}" rel="prev">Newer stories</a>` : ''
  const older = page.page < page.totalPages ? html`<a href="${href(page.page + 1)}" rel="next">Older stories</a>` : ''
  return html`<nav class="pagination" aria-label="Pages">${newer}<span>Page ${page.page} of ${page.totalPages}</span>${older}</nav>`
}

export function homePage(page: Page<ArticleSummary>, site: SiteInfo): SafeHtml {
  const main = html`<h1 class="page-title">Latest security news</h1>
${page.items.length ? articleList(page.items, 'h2') : html`<p>No stories have been published yet.</p>`}
${pagination(page, '/')}`
  const title = page.page > 1 ? `Latest security news, page ${page.page} — ${site.name}` : `${site.name}: latest security news`
  return layout(site, { title, description: site.description, canonicalPath: page.page > 1 ? `/?page=${page.page}` : '/' }, main)
}

/**
 * A page of stories about one thing (a topic, a threat actor, a CVE, a technique, a sector, an
 * attack type): its own header, then its stories newest first, paged, with its feed.
 */
export type Listing = {
  /** The page's h1. */
  readonly name: string
  /** What sits under the h1: aliases, a description, reference links. */
  readonly intro: SafeHtml
  /** The heading over the stories: "Stories about APT10". */
  readonly heading: string
  readonly description: string
}

export function listingPage(listing: Listing, page: Page<ArticleSummary>, site: SiteInfo, path: string): SafeHtml {
  const main = html`<header class="listing-header">
<h1 class="page-title">${listing.name}</h1>
${listing.intro}
<p class="listing-feed"><a href="${path}/feed.xml" type="application/rss+xml">Feed of these stories (RSS)</a></p>
</header>
<section aria-labelledby="listing-stories"><h2 id="listing-stories">${listing.heading}</h2>
${page.items.length ? articleList(page.items, 'h3') : html`<p>No published stories yet.</p>`}
${pagination(page, path)}
</section>`
  const title = page.page > 1 ? `${listing.name}, page ${page.page} — ${site.name}` : `${listing.name} — ${site.name}`
  return layout(
    site,
    {
      title,
      description: listing.description,
      canonicalPath: page.page > 1 ? `${path}?page=${page.page}` : path,
      feed: { path: `${path}/feed.xml`, title: `${site.name}: ${listing.name}` },
    },
    main,
  )
}

export function actorListing(actor: ActorView): Listing {
  return {
    name: actor.name,
    intro: html`${actor.aliases.length ? html`<p class="aliases">Also known as ${actor.aliases.join(', ')}</p>` : ''}
${actor.suspectedSponsor ? html`<p class="sponsor">Suspected sponsor: ${actor.suspectedSponsor}</p>` : ''}
${actor.description ? html`<p class="description">${actor.description}</p>` : ''}`,
    heading: `Stories about ${actor.name}`,
    description: actor.description ?? `Security news about ${actor.name}.`,
  }
}

export function topicListing(topic: TopicView): Listing {
  return {
    name: topic.name,
    intro: topic.description ? html`<p class="description">${topic.description}</p>` : html``,
    heading: topic.kind === 'section' ? 'Stories in this section' : `Stories tagged ${topic.name}`,
    description: topic.description ?? `Security news: ${topic.name}.`,
  }
}

/** The site's error pages, by what went wrong; each has its HTTP status and words for readers. */
export const ERRORS = {
  'bad-request': { status: 400, title: 'That address is not valid', text: 'The link may have been cut off or mistyped.' },
  'form-refused': { status: 403, title: 'The form was not accepted', text: 'It had expired or was sent from another site. Go back, reload the page and try again.' },
  'preview-invalid': { status: 403, title: 'This preview link is not valid', text: 'Open a new preview from the article in the admin.' },
  'not-found': { status: 404, title: 'Page not found', text: 'The story may have moved, or the address may be mistyped.' },
  'preview-expired': { status: 410, title: 'This preview link has expired', text: 'Preview links work for an hour. Open a new one from the article in the admin.' },
  'sign-in-unavailable': { status: 404, title: 'Sign-in not available', text: 'This site does not offer that way to sign in.' },
  'sign-in-return-refused': {
    status: 400,
    title: 'Sign-in refused',
    text: 'The page to return to after signing in is not on this site, so the sign-in was not started.',
  },
  'sign-in-unknown-state': {
    status: 400,
    title: 'This sign-in link is not valid',
    text: 'It has already been used, or it was not started on this site. Go back to the article and click the icon again to sign in.',
  },
  'sign-in-other-browser': {
    status: 400,
    title: 'This sign-in was started in another browser',
    text: 'For your safety a sign-in must finish in the browser that started it (with its cookies). Click the icon again in this browser.',
  },
  'sign-in-limit': {
    status: 429,
    title: 'Too many sign-ins',
    text: 'Too many sign-ins have been started from your network in the last ten minutes. Please wait a few minutes and try again, or comment as a guest.',
  },
  busy: { status: 503, title: 'The newsroom is very busy', text: 'Nothing was changed. Please try again in a few seconds.' },
  'server-error': { status: 500, title: 'Something went wrong', text: 'Our server could not show this page. Please try again in a moment.' },
} as const
export type ErrorKind = keyof typeof ERRORS

export function errorPage(kind: ErrorKind, site: SiteInfo): SafeHtml {
  const error = ERRORS[kind]
  const main = html`<h1 class="page-title">${error.title}</h1><p>${error.text}</p><p><a href="/">Read the latest stories</a></p>`
  return layout(site, { title: `${error.title} — ${site.name}`, description: error.text, noindex: true }, main)
}
