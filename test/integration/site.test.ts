/** The public site over the demo newsroom: every route's content, status codes and headers. */
import { findPageLeaks } from '../../src/editorial/placeholders'
import * as demo from '../../src/seed/fixtures/namArticle'
import { seedDemoContent } from '../../src/seed/seed'
import { previewLink } from '../../src/site/preview'
import { bodyOf, bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'
import { tamperedSignature } from '../helpers/links'

let newsroom: TestNewsroom
let site: TestSite
let slug: string
let actorSlug: string
let editor: Record<string, unknown>

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'demo password for site tests' })
  site = await serveSite(newsroom)
  const { docs } = await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.title } }, overrideAccess: true })
  slug = docs[0]!.slug as string
  actorSlug = (await newsroom.payload.find({ collection: 'threat-actors', overrideAccess: true })).docs[0]!.slug as string
  editor = (await newsroom.payload.find({ collection: 'users', where: { email: { equals: 'editor@newsroom.test' } }, overrideAccess: true })).docs[0]! as Record<string, unknown>
})
afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

// The Local API acting as the demo editor, so access rules and hooks run as they do for staff.
const asEditor = () => ({ user: { ...editor, collection: 'users' } as never })
const text = async (response: Response) => response.text()
const meta = (page: string, key: string) => new RegExp(`<meta (?:property|name)="${key.replace(/[:.]/g, '\\$&')}" content="([^"]*)">`).exec(page)?.[1]

/** What a returning browser sends: its CSRF cookie from the first visit. */
let visitorCookie = ''

describe('the article page', () => {
  let page: string
  let response: Response & { setCookies: string[] }
  beforeAll(async () => {
    response = await site.get(`/articles/${slug}`)
    page = await text(response)
    // The page carries a form: the visitor's CSRF cookie is set with it, as a browser keeps it.
    visitorCookie = response.setCookies.map((line) => line.split(';')[0]).join('; ')
  })

  test('shows headline, byline, hero, body, attribution, facts and "Leave a Reply", in that order', () => {
    expect(response.status).toBe(200)
    const order = [
      `<h1 id="headline">${demo.title}</h1>`,
      `<p class="dek">`,
      'By <span class="authors">Eddie Editor</span>',
      '<figure class="hero"><img src="/media/nam-intrusion-hero-1600x900.jpg" srcset="/media/nam-intrusion-hero-768x432.jpg 768w, /media/nam-intrusion-hero-1600x900.jpg 1600w"',
      'The name of the cyber security firm',
      `(Adapted from <a href="${demo.originalUrl}" rel="noopener noreferrer">Reuters</a>)`,
      '<h2 id="facts-title">Incident facts</h2>',
      '<h2 id="reply-title" class="comment-reply-title">Leave a Reply</h2>',
      '<form id="commentform" class="comment-form" method="post" action="/articles/',
    ]
    const positions = order.map((fragment) => page.indexOf(fragment))
    expect(positions.every((position) => position > 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(page.match(/<h1[ >]/g)).toHaveLength(1)
    expect(page).not.toContain('Adapted form')
  })

  test('the facts box words the facts for readers and links the threat actor', () => {
    const facts = page.slice(page.indexOf('<aside class="facts"'), page.indexOf('</aside>', page.indexOf('<aside class="facts"')))
    expect(facts).toContain('<dt>Victim</dt><dd>National Association of Manufacturers (NAM)</dd>')
    expect(facts).toContain('<dt>Attributed to</dt><dd>China (state-linked groups) <span class="confidence">(suspected)</span></dd>')
    expect(facts).toContain('<dt>When</dt><dd>Summer 2019</dd>')
    expect(facts).toContain('<dt>Status</dt><dd>Contained</dd>')
    expect(facts).toContain(`<a href="/actors/${actorSlug}">`)
  })

  test('head: title, description, canonical, Open Graph, Twitter card and valid NewsArticle JSON-LD', () => {
    expect(page).toContain(`<title>${demo.title} — Security Newsroom</title>`)
    expect(page).toContain(`<link rel="canonical" href="http://localhost:3000/articles/${slug}">`)
    expect(meta(page, 'description')).toBe(demo.dek)
    expect(meta(page, 'og:title')).toBe(demo.title)
    expect(meta(page, 'og:image')).toBe('http://localhost:3000/media/nam-intrusion-hero-1200x630.jpg')
    expect([meta(page, 'og:image:width'), meta(page, 'og:image:height')]).toEqual(['1200', '630'])
    expect(meta(page, 'twitter:card')).toBe('summary_large_image')
    const json = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page)![1]!)
    expect(json).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: demo.title,
      author: [{ '@type': 'Person', name: 'Eddie Editor' }],
      publisher: { '@type': 'Organization', name: 'Security Newsroom' },
      isBasedOn: [demo.originalUrl],
      about: [
        { '@type': 'Organization', name: demo.threatActor.name },
        { '@type': 'Organization', name: 'National Association of Manufacturers (NAM)' },
      ],
    })
    expect(json.image[0]).toBe('http://localhost:3000/media/nam-intrusion-hero-1200x630.jpg')
    expect(Date.parse(json.datePublished)).not.toBeNaN()
  })

  test('security and caching headers', () => {
    const csp = response.headers.get('content-security-policy')!
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    // An anonymous page is the same bytes for everyone: no cookie, nothing of this visitor's, and a CDN may keep it.
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=30')
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Cookie')
    expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/)
    expect(visitorCookie).toBe('')
    expect(page).not.toContain('name="_csrf"')
    expect(Date.parse(response.headers.get('last-modified')!)).not.toBeNaN()
  })

  test('conditional GETs answer 304, HEAD answers headers only', async () => {
    const byTag = await site.get(`/articles/${slug}`, { Cookie: visitorCookie, 'If-None-Match': response.headers.get('etag')! })
    expect(byTag.status).toBe(304)
    expect(await byTag.text()).toBe('')
    const byDate = await site.get(`/articles/${slug}`, { Cookie: visitorCookie, 'If-Modified-Since': response.headers.get('last-modified')! })
    expect(byDate.status).toBe(304)
    const head = await site.get(`/articles/${slug}`, { Cookie: visitorCookie }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('etag')).toBe(response.headers.get('etag'))
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(Buffer.byteLength(page) - 200)
    expect(await head.text()).toBe('')
  })

  test('the hero image is served from /media', async () => {
    const image = await site.get('/media/nam-intrusion-hero-1600x900.jpg')
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    expect(image.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('what the public must not see', () => {
  test('a draft answers 404, like an unknown slug', async () => {
    const draft = (await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.draftArticle.title } }, draft: true, overrideAccess: true })).docs[0]!
    for (const path of [`/articles/${draft.slug}`, '/articles/no-such-story', '/articles/Not_A_Slug', '/nothing-here']) {
      const response = await site.get(path)
      expect({ path, status: response.status }).toEqual({ path, status: 404 })
      const page = await response.text()
      expect(page).toContain('<h1 class="page-title">Page not found</h1>')
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    }
  })

  test('an article scheduled for later answers 404 until its time, then appears at once', async () => {
    const at = new Date(Date.now() + 1500)
    const doc = await newsroom.payload.create({
      collection: 'articles',
      data: { title: 'Embargoed until soon', body: bodyOf('Text.'), publishedAt: at.toISOString(), _status: 'published' },
      ...asEditor(),
    })
    expect((await site.get(`/articles/${doc.slug}`)).status).toBe(404)
    expect(await text(await site.get('/'))).not.toContain('Embargoed until soon')
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - Date.now() + 50))
    expect(await text(await site.get('/'))).toContain('Embargoed until soon')
    expect((await site.get(`/articles/${doc.slug}`)).status).toBe(200)
  })

  test('malformed percent-encoding answers 400, bad page numbers too; never a stack trace', async () => {
    for (const path of ['/articles/%E0%A4%A', '/%zz', '/?page=abc', '/?page=0', `/actors/${actorSlug}?page=-1`]) {
      const response = await site.get(path)
      const body = await response.text()
      expect({ path, status: response.status }).toEqual({ path, status: 400 })
      expect(body).toContain('That address is not valid')
      expect(body).not.toMatch(/\bat .+:\d+:\d+/)
    }
    expect((await site.get('/?page=99')).status).toBe(404)
  })
})

describe('lists, feeds and sitemaps', () => {
  test('the front page lists published stories with dek, date, thumbnail and attribution', async () => {
    const page = await text(await site.get('/'))
    expect(page).toContain(`<a href="/articles/${slug}">${demo.title}</a>`)
    expect(page).toContain('<img src="/media/nam-intrusion-hero-400x300.jpg"')
    expect(page).toContain('<span class="attribution">Adapted from Reuters</span>')
    expect(page).not.toContain(demo.draftArticle.title)
  })

  test('the threat actor page lists the stories about it', async () => {
    const response = await site.get(`/actors/${actorSlug}`)
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain(`<h1 class="page-title">${demo.threatActor.name}</h1>`)
    expect(page).toContain(`<a href="/articles/${slug}">`)
    expect((await site.get('/actors/nobody')).status).toBe(404)
  })

  test('RSS 2.0 with each item’s attribution', async () => {
    const response = await site.get('/feed.xml')
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    const feed = await response.text()
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/)
    const item = feed.slice(feed.indexOf(`<title>${demo.title}</title>`))
    expect(item).toContain(`<link>http://localhost:3000/articles/${slug}</link>`)
    expect(item).toMatch(/<description>[^<]*\(Adapted from Reuters\)<\/description>/)
  })

  test('sitemap, Google News sitemap and robots.txt', async () => {
    expect(await text(await site.get('/sitemap.xml'))).toContain(`<loc>http://localhost:3000/articles/${slug}</loc>`)
    const news = await text(await site.get('/news-sitemap.xml'))
    expect(news).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')
    // Only the last two days' stories: the demo story is from 2019, the embargoed one has just come out.
    expect(news).not.toContain(`<news:title>${demo.title}</news:title>`)
    expect(news).toContain('<news:title>Embargoed until soon</news:title>')
    const robots = await text(await site.get('/robots.txt'))
    expect(robots).toContain('Disallow: /admin')
    expect(robots).toContain('Sitemap: http://localhost:3000/news-sitemap.xml')
  })
})

describe('exact cache invalidation', () => {
  test('a correction, an update and a new story show on the very next request', async () => {
    const before = await site.get(`/articles/${slug}`, { Cookie: visitorCookie })
    const etag = before.headers.get('etag')!
    expect((await site.get(`/articles/${slug}`, { Cookie: visitorCookie, 'If-None-Match': etag })).status).toBe(304)

    const { docs } = await newsroom.payload.find({ collection: 'articles', where: { slug: { equals: slug } }, overrideAccess: true })
    await newsroom.payload.update({
      collection: 'articles',
      id: docs[0]!.id,
      data: { corrections: [{ date: new Date().toISOString(), kind: 'correction', text: 'An earlier version misnamed the spokeswoman.' }] },
      ...asEditor(),
    })
    const after = await site.get(`/articles/${slug}`, { Cookie: visitorCookie, 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('<strong>Correction</strong>')

    await newsroom.payload.create({ collection: 'articles', data: { title: 'Fresh story', body: bodyOf('New.'), _status: 'published' }, ...asEditor() })
    expect(await text(await site.get('/'))).toContain('Fresh story')
    expect(await text(await site.get('/feed.xml'))).toContain('Fresh story')

    await newsroom.payload.update({ collection: 'sources', where: { name: { equals: 'Reuters' } }, data: { name: 'Reuters News' }, overrideAccess: true })
    expect(await text(await site.get(`/articles/${slug}`))).toContain('>Reuters News</a>)')
  })

  test('a draft save leaves the published page as it is', async () => {
    const { docs } = await newsroom.payload.find({ collection: 'articles', where: { slug: { equals: slug } }, overrideAccess: true })
    const before = await site.get(`/articles/${slug}`, { Cookie: visitorCookie })
    await newsroom.payload.update({ collection: 'articles', id: docs[0]!.id, data: { title: 'Unpublished new headline' }, draft: true, ...asEditor() })
    const after = await site.get(`/articles/${slug}`, { Cookie: visitorCookie, 'If-None-Match': before.headers.get('etag')! })
    expect(after.status).toBe(304)
  })
})

describe('staff previews', () => {
  test('a signed link shows the latest draft, marked and not indexable; tampered or expired links are refused', async () => {
    const draft = (await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.draftArticle.title } }, draft: true, overrideAccess: true })).docs[0]!
    const link = previewLink(newsroom.payload.secret, String(draft.id))
    const response = await site.get(link)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow')
    const page = await response.text()
    expect(page).toContain('Preview of the latest draft')
    expect(page).toContain(demo.draftArticle.title)
    expect(page).toContain('<meta name="robots" content="noindex, nofollow">')
    // Never published: no publication date, and no comment area (nobody can comment on a draft).
    expect(page).toContain('<p class="byline">By <span class="authors">')
    expect(page).toContain('Not yet published</p>')
    expect(page).not.toContain('Published <time')
    expect(page).not.toContain('id="comments"')
    expect(page).not.toContain('Leave a Reply')

    expect((await site.get(tamperedSignature(link))).status).toBe(403)
    const expired = previewLink(newsroom.payload.secret, String(draft.id), new Date(Date.now() - 2 * 60 * 60 * 1000))
    expect((await site.get(expired)).status).toBe(410)
  })
})

test('a favicon: every page names it, and /favicon.ico (which browsers ask for anyway) leads to it', async () => {
  expect(await text(await site.get('/'))).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">')
  const icon = await site.get('/favicon.svg')
  expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml'])
  expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^<]*><path/)
  const ico = await site.get('/favicon.ico')
  expect([ico.status, ico.headers.get('location')]).toEqual([301, '/favicon.svg'])
})

test('no public page shows a raw placeholder or a leaked programming value', async () => {
  const paths = ['/', `/articles/${slug}`, `/actors/${actorSlug}`, '/feed.xml', '/sitemap.xml', '/news-sitemap.xml', '/robots.txt', '/articles/missing', '/%zz']
  for (const path of paths) {
    const body = await text(await site.get(path))
    expect({ path, leaks: findPageLeaks(body) }).toEqual({ path, leaks: [] })
  }
})

test('on the demo content: every fact in the facts box has its page, and search finds the story by its words, victim and actor', async () => {
  const page = await text(await site.get(`/articles/${slug}`))
  const facts = page.slice(page.indexOf('<aside class="facts"'), page.indexOf('</aside>', page.indexOf('<aside class="facts"')))
  const links = [...facts.matchAll(/href="(\/[^"]+)"/g)].map((match) => match[1]!)
  expect(links).toEqual(expect.arrayContaining(['/sectors/manufacturing', '/sectors/trade-association', '/attack-types/espionage', `/actors/${actorSlug}`]))
  for (const link of links) expect({ link, status: (await site.get(link)).status }).toEqual({ link, status: 200 })
  for (const query of ['trade talks', 'National Association of Manufacturers', 'Reuters']) {
    const results = await text(await site.get(`/search?q=${encodeURIComponent(query)}`))
    expect({ query, found: results.includes(`href="/articles/${slug}"`) }).toEqual({ query, found: true })
  }
})
