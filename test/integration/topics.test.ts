/**
 * Topics: sections and tags on articles, each with its own page and feed, on the article page
 * and in its structured data, and in the sitemap.
 */
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
let slugs: { story: string; other: string }

beforeAll(async () => {
  newsroom = await bootNewsroom()
  site = await serveSite(newsroom)
  const create = (data: Record<string, unknown>) => newsroom.payload.create({ collection: 'topics', data, overrideAccess: true })
  const ransomware = await create({ name: 'Ransomware', kind: 'section', description: 'Extortion by encryption, and what follows.' })
  const health = await create({ name: 'Health & care <sector>', kind: 'tag' })
  await create({ name: 'Unused tag', kind: 'tag' })
  const publish = (title: string, data: Record<string, unknown>) =>
    newsroom.payload.create({ collection: 'articles', data: { title, body: [{ children: [{ text: 'Body.' }] }], _status: 'published', ...data }, overrideAccess: true })
  const story = await publish('Hospital chain hit by ransomware', { section: ransomware.id, tags: [health.id] })
  const other = await publish('A tagged story only', { tags: [health.id] })
  await publish('An untopical story', {})
  slugs = { story: String(story.slug), other: String(other.slug) }
})

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

test('a topic is made with a slug from its name; access as for sources (staff edit, everyone reads)', async () => {
  const { docs } = await newsroom.payload.find({ collection: 'topics', sort: 'name', overrideAccess: true })
  expect(docs.map((doc) => [doc.name, doc.slug, doc.kind])).toEqual([
    ['Health & care <sector>', 'health-and-care-sector', 'tag'],
    ['Ransomware', 'ransomware', 'section'],
    ['Unused tag', 'unused-tag', 'tag'],
  ])
  expect((await newsroom.rest('GET', '/topics')).status).toBe(200)
  expect((await newsroom.rest('POST', '/topics', { body: { name: 'Anonymous', kind: 'tag' } })).status).toBe(403)
})

test('the section page lists its stories; a tag page lists every story tagged, newest first; unknown and bad addresses answer 404 and 400', async () => {
  const section = await site.get('/topics/ransomware')
  expect(section.status).toBe(200)
  const sectionPage = await section.text()
  expect(sectionPage).toContain('<h1 class="page-title">Ransomware</h1>')
  expect(sectionPage).toContain('Extortion by encryption, and what follows.')
  expect(sectionPage).toContain(`/articles/${slugs.story}`)
  expect(sectionPage).not.toContain(`/articles/${slugs.other}`)
  const tag = await (await site.get('/topics/health-and-care-sector')).text()
  expect(tag).toContain('<h1 class="page-title">Health &amp; care &lt;sector&gt;</h1>')
  expect(tag.indexOf(`/articles/${slugs.other}`)).toBeLessThan(tag.indexOf(`/articles/${slugs.story}`))
  expect(tag).not.toContain('An untopical story')
  expect(await (await site.get('/topics/unused-tag')).text()).toContain('No published stories yet.')
  expect((await site.get('/topics/no-such-topic')).status).toBe(404)
  expect((await site.get('/topics/ransomware?page=2')).status).toBe(404)
  expect((await site.get('/topics/ransomware?page=zero')).status).toBe(400)
  expect((await site.get('/topics/%3Cscript%3E')).status).toBe(404)
})

test('each topic has a feed of its stories', async () => {
  const feed = await site.get('/topics/health-and-care-sector/feed.xml')
  expect(feed.status).toBe(200)
  expect(feed.headers.get('content-type')).toContain('application/rss+xml')
  const xml = await feed.text()
  expect(xml).toContain('<title>Security Newsroom: Health &amp; care &lt;sector&gt;</title>')
  expect(xml).toContain('<atom:link href="http://localhost:3000/topics/health-and-care-sector/feed.xml" rel="self"')
  expect(xml.match(/<item>/g)).toHaveLength(2)
  expect((await site.get('/topics/no-such-topic/feed.xml')).status).toBe(404)
})

test('the article page links its section and tags, and its structured data names them; the sitemap lists every topic', async () => {
  const page = await (await site.get(`/articles/${slugs.story}`)).text()
  expect(page).toContain('<p class="section">Section: <a href="/topics/ransomware" rel="tag">Ransomware</a></p>')
  expect(page).toContain('<a href="/topics/health-and-care-sector" rel="tag">Health &amp; care &lt;sector&gt;</a>')
  const data = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(page)![1]!)
  expect(data).toMatchObject({ articleSection: 'Ransomware', keywords: ['Health & care <sector>'] })
  const sitemap = await (await site.get('/sitemap.xml')).text()
  for (const slug of ['ransomware', 'health-and-care-sector', 'unused-tag']) expect(sitemap).toContain(`<loc>http://localhost:3000/topics/${slug}</loc>`)
})
