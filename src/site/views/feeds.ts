/** RSS 2.0, sitemaps and robots.txt. */
import type { ArticleSummary } from '../data'
import { escapeXml } from '../html'
import { articlePath } from './article'
import type { SiteInfo } from './layout'

const rfc822 = (iso: string): string => new Date(iso).toUTCString()
const isoTime = (iso: string): string => new Date(iso).toISOString()

/** `channel`: a feed of one topic (its title and address); the whole site's by default. */
export function rssFeed(
  items: ReadonlyArray<ArticleSummary>,
  site: SiteInfo,
  channel: { title: string; path: string; feedPath: string; description: string } = { title: site.name, path: '/', feedPath: '/feed.xml', description: site.description },
): string {
  const newest = items[0]?.publishedAt
  const entries = items.map((item) => {
    const link = `${site.origin}${articlePath(item.slug)}`
    const description = [item.dek, item.attributionLine ? `(${item.attributionLine})` : null].filter(Boolean).join(' ')
    return `<item>
<title>${escapeXml(item.title)}</title>
<link>${escapeXml(link)}</link>
<guid isPermaLink="true">${escapeXml(link)}</guid>
<pubDate>${rfc822(item.publishedAt)}</pubDate>
${description ? `<description>${escapeXml(description)}</description>` : ''}
</item>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${escapeXml(channel.title)}</title>
<link>${escapeXml(`${site.origin}${channel.path}`)}</link>
<description>${escapeXml(channel.description)}</description>
<language>${escapeXml(site.language)}</language>
<atom:link href="${escapeXml(`${site.origin}${channel.feedPath}`)}" rel="self" type="application/rss+xml"/>
${newest ? `<lastBuildDate>${rfc822(newest)}</lastBuildDate>` : ''}
${entries.join('\n')}
</channel>
</rss>
`
}

/** `pages`: more of the site's own paths (the fact and actor pages). */
export function sitemap(
  articles: ReadonlyArray<{ slug: string; updatedAt: string }>,
  site: SiteInfo,
  topics: ReadonlyArray<{ slug: string; updatedAt: string }> = [],
  pages: ReadonlyArray<string> = [],
): string {
  const urls = [
    `<url><loc>${escapeXml(`${site.origin}/`)}</loc></url>`,
    ...articles.map((article) => `<url><loc>${escapeXml(`${site.origin}${articlePath(article.slug)}`)}</loc><lastmod>${isoTime(article.updatedAt)}</lastmod></url>`),
    ...topics.map((topic) => `<url><loc>${escapeXml(`${site.origin}/topics/${encodeURIComponent(topic.slug)}`)}</loc></url>`),
    ...pages.map((page) => `<url><loc>${escapeXml(`${site.origin}${page}`)}</loc></url>`),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`
}

/** Google News sitemap: the articles of the last two days. */
export function newsSitemap(items: ReadonlyArray<ArticleSummary>, site: SiteInfo): string {
  const urls = items.map(
    (item) => `<url>
<loc>${escapeXml(`${site.origin}${articlePath(item.slug)}`)}</loc>
<news:news>
<news:publication><news:name>${escapeXml(site.name)}</news:name><news:language>${escapeXml(site.language)}</news:language></news:publication>
<news:publication_date>${isoTime(item.publishedAt)}</news:publication_date>
<news:title>${escapeXml(item.title)}</news:title>
</news:news>
</url>`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls.join('\n')}
</urlset>
`
}

export function robotsTxt(site: SiteInfo): string {
  return `User-agent: *
Allow: /
Disallow: /admin
Disallow: /api
Disallow: /preview

Sitemap: ${site.origin}/sitemap.xml
Sitemap: ${site.origin}/news-sitemap.xml
`
}
