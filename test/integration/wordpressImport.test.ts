/**
 * Importing a WordPress site from its WXR export: every post, comment (status and threading),
 * author, category, tag and image; old links redirected; an exact report; a dry run that writes
 * nothing; a re-run that changes nothing; a later export that updates what changed; and bad
 * files refused before anything is written. With a real SMTP server, so "sends no mail" is seen.
 */
import { createReadStream } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { guestIdentityKey, ipHash } from '../../src/comments/identity'
import type { ImportReportData } from '../../src/import/report'
import { DisqusExport } from '../../src/import/disqus'
import { WordPressExport } from '../../src/import/wordpress'
import { ImportFileProblem } from '../../src/import/xml'
import { importInto, ImportRefused, type ImportOptions } from '../../src/import/writer'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { jpeg, png } from '../helpers/images'
import { serveSite, type TestSite } from '../helpers/site'
import { startMailServer, type TestMailServer } from '../helpers/smtp'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- documents are inspected field by field

const FIXTURE = path.join(import.meta.dirname, '../fixtures/wordpress/oldnews.wxr.xml')
const DISQUS = path.join(import.meta.dirname, '../fixtures/wordpress/oldnews.disqus.xml')
const COLLECTIONS = ['articles', 'comments', 'guest-commenters', 'topics', 'media', 'users', 'redirects', 'import-origins', 'import-runs'] as const

let newsroom: TestNewsroom
let site: TestSite
let smtp: TestMailServer
let work: string
let uploads: string
let editorId: string
let regularGuestId: string

const run = (file: string, options: Partial<ImportOptions> = {}) =>
  importInto(newsroom.payload, new WordPressExport(() => createReadStream(file)), { file: path.basename(file), uploadsDir: uploads, ...options })

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const collection of COLLECTIONS) out[collection] = (await newsroom.payload.count({ collection, overrideAccess: true })).totalDocs
  return out
}

const find = async (collection: string, where: Json, extra: Json = {}) =>
  (await newsroom.payload.find({ collection: collection as never, where, overrideAccess: true, depth: 0, limit: 100, ...extra })).docs as Json[]
const origin = async (kind: string, sourceId: string) => (await find('import-origins', { and: [{ kind: { equals: kind } }, { sourceId: { equals: sourceId } }] }))[0]
const comment = async (sourceId: string) => (await find('comments', { id: { equals: (await origin('comment', sourceId)).docId } }))[0]
const article = async (sourceId: string) => (await find('articles', { id: { equals: (await origin('post', sourceId)).docId } }))[0]
const withoutTime = (report: ImportReportData) => ({ ...report, seconds: 0, dryRun: false })

let dryRun: ImportReportData
let first: ImportReportData

beforeAll(async () => {
  smtp = await startMailServer()
  newsroom = await bootNewsroom(
    {},
    {
      mail: {
        transport: smtp.transport,
        from: { name: 'The Newsroom', address: 'news@newsroom.test' },
        notificationsFrom: { name: 'Comments', address: 'comments@newsroom.test' },
      },
    },
  )
  site = await serveSite(newsroom)
  work = await mkdtemp(path.join(tmpdir(), 'wordpress-import-'))
  uploads = path.join(work, 'uploads')
  await mkdir(path.join(uploads, '2019/11'), { recursive: true })
  await mkdir(path.join(uploads, '2020/02'), { recursive: true })
  await writeFile(path.join(uploads, '2019/11/router.jpg'), await jpeg(1600, 900))
  await writeFile(path.join(uploads, '2020/02/intrusion-map.png'), await png(800, 600))
  await writeFile(path.join(uploads, '2019/11/advisory.pdf'), '%PDF-1.4\n')
  await newsroom.staff(['admin'], 'Chief')
  const editor = await newsroom.payload.create({
    collection: 'users',
    data: { email: 'desk.editor@newsroom.test', name: 'Desk Editor', roles: ['editor'], password: 'a long enough password' },
    overrideAccess: true,
  })
  editorId = String(editor.id)
  // A guest who commented here already: the import's comments by the same address are theirs.
  const regular = await newsroom.payload.db.create({
    collection: 'guest-commenters',
    data: {
      identityKey: guestIdentityKey(newsroom.payload.secret, 'regular@readers.example'),
      name: 'Regular',
      email: 'regular@readers.example',
      status: 'active',
      approvedCount: 0,
      rejectedCount: 0,
    },
  })
  regularGuestId = String(regular.id)
}, 60_000)

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
  await smtp?.close()
  if (work) await rm(work, { recursive: true, force: true })
})

test('a dry run gives the whole report and writes nothing', async () => {
  const before = await counts()
  dryRun = (await run(FIXTURE, { dryRun: true })).report
  expect(await counts()).toEqual(before)
  expect(dryRun.dryRun).toBe(true)
  expect(dryRun.counts.articles).toEqual({ created: 7, updated: 0, unchanged: 0, skipped: 1 })
  expect(dryRun.counts.comments.created).toBe(16)
}, 60_000)

test('the import brings in every post, author, topic and image, with the report the dry run gave', async () => {
  const { report, text } = await run(FIXTURE)
  first = report
  expect(withoutTime(report)).toEqual(withoutTime(dryRun))
  expect(report.counts).toMatchObject({
    people: { created: 1, unchanged: 1, skipped: 1 },
    sections: { created: 3, skipped: 0 },
    tags: { created: 3 },
    media: { created: 2, skipped: 2 },
    articles: { created: 7, skipped: 1 },
    comments: { created: 16, skipped: 0 },
    other: { skipped: 2 },
  })
  expect(text).toContain('Articles')
  expect(text).toMatch(/Articles: 1 × the shortcode \[contact-form-7\] has no equivalent here: kept as text \(source ids: 101\)/)
  expect(text).toMatch(/Images: 1 × not an image/)
  expect(text).toMatch(/Images: 1 × the image’s file is not in the uploads folder \(source ids: 204\)/)
  expect(text).toMatch(/Other records: 1 × pages are not imported/)

  // Authors: one made (an author, no usable password), one matched to the existing editor, one without an address.
  const jane = (await find('users', { email: { equals: 'jdoe@oldnews.example' } }))[0]
  expect(jane).toMatchObject({ name: 'Jane Doe', roles: ['author'] })
  expect((await newsroom.rest('POST', '/users/login', { body: { email: 'jdoe@oldnews.example', password: '' } })).status).toBe(400)

  // Topics: nested category, a tag that shares a category's name, entities decoded.
  const topics = await find('topics', {}, { sort: 'slug' })
  expect(topics.map((topic: Json) => [topic.slug, topic.kind, topic.name])).toEqual([
    ['ivanti', 'tag', 'Ivanti'],
    ['policy', 'section', 'Policy & Law'],
    ['ransomware', 'section', 'Ransomware'],
    ['ransomware-tag', 'tag', 'Ransomware (tag)'],
    ['threats', 'section', 'Threats'],
    ['vpn', 'tag', 'VPN'],
  ])

  // The main story: dates kept, section and tags, hero image with its alt, the body as Slate.
  const story = await article('101')
  const byId = new Map(topics.map((topic: Json) => [String(topic.id), topic.slug]))
  expect(story).toMatchObject({
    title: 'Edge devices were the way in',
    slug: 'edge-devices',
    _status: 'published',
    dek: 'An unpatched VPN appliance let them in.',
    publishedAt: '2019-11-27T15:00:00.000Z',
    firstPublishedAt: '2019-11-27T15:00:00.000Z',
    updatedAt: '2019-11-28T13:30:00.000Z',
    comments: 'open',
    authors: [jane.id],
  })
  expect(story.announcedAt).toBe('2019-11-27T15:00:00.000Z')
  expect(byId.get(String(story.section))).toBe('ransomware')
  expect(story.tags.map((id: Json) => byId.get(String(id)))).toEqual(['ivanti', 'vpn'])
  const hero = (await find('media', { id: { equals: story.heroImage } }))[0]
  expect(hero).toMatchObject({ alt: 'A VPN appliance in a rack', caption: 'The router at the edge' })
  expect(Object.keys(hero.sizes)).toEqual(expect.arrayContaining(['thumbnail', 'card', 'hero', 'og']))
  const body = JSON.stringify(story.body)
  expect(story.body.find((node: Json) => node.type === 'upload')).toMatchObject({ value: { id: story.heroImage } })
  expect(story.body.find((node: Json) => node.type === 'h3')).toMatchObject({ children: [{ text: 'What to do' }] })
  expect(story.body.find((node: Json) => node.type === 'ul').children.map((item: Json) => item.children[0].text)).toEqual([
    'Patch the appliance',
    'Rotate credentials',
    'including service accounts',
  ])
  expect(body).toContain('"url":"https://vendor.example/advisory"')
  expect(body).toContain('Version | Fixed')
  expect(body).toContain('[contact-form-7 id=\\"5\\" title=\\"Tips\\"]')
  expect(body).not.toContain('alert')
  expect(body).not.toContain('javascript:')

  // The Gutenberg post: entities and non-ASCII, a future date kept (scheduled), comments closed.
  const cafe = await article('102')
  expect(cafe).toMatchObject({
    title: 'Café hackers & the <VPN> — Ошибка',
    slug: 'cafe-hackers',
    _status: 'published',
    publishedAt: '2030-01-15T09:00:00.000Z',
    comments: 'closed',
  })
  expect(cafe.body.map((node: Json) => node.type ?? 'p')).toEqual(['p', 'upload', 'p', 'h2', 'blockquote'])
  expect(cafe.body[0].children.map((leaf: Json) => leaf.text).join('')).toBe('Hackers in a café — straße, 東京.')
  expect(cafe.body[2].children[0]).toMatchObject({ text: 'How they moved', italic: true })
  const map = (await find('media', { id: { equals: cafe.body[1].value.id } }))[0]
  expect(map.alt).toBe('Map of the intrusion')
  expect(text).toMatch(/the image had no alt text at the source: its title stands in/)

  // Statuses: drafts for draft, pending, private, trashed and untitled posts; the auto-draft skipped.
  const drafts: Array<[string, string]> = [
    ['103', 'A gallery draft'],
    ['104', 'Waiting for an editor'],
    ['105', 'Staff only'],
    ['106', 'Binned story'],
    ['108', 'Untitled (post 108)'],
  ]
  for (const [id, title] of drafts) expect(await article(id)).toMatchObject({ title, _status: 'draft' })
  expect((await article('103')).body.filter((node: Json) => node.type === 'upload')).toHaveLength(2)
  expect(await origin('post', '107')).toBeUndefined()
  expect(text).toMatch(/private at the source: imported as a draft/)
  expect(text).toMatch(/the author "ghost" is not a staff member here/)
}, 120_000)

test('imported stories are in the search index as soon as the import ends; drafts, pending and scheduled ones are not found', async () => {
  const results = async (q: string) => {
    const page = await (await site.get(`/search?q=${encodeURIComponent(q)}`)).text()
    return [...page.matchAll(/<li class="result">\s*<h2><a href="\/articles\/([^"]+)"/g)].map((match) => match[1])
  }
  expect(await results('VPN appliance')).toHaveLength(1)
  // The import's topics are facets of the search, and their pages list the imported stories.
  const page = await (await site.get(`/search?q=${encodeURIComponent('VPN appliance')}`)).text()
  const topicLinks = [...page.matchAll(/href="\/search\?q=VPN\+appliance&amp;topic=([a-z0-9-]+)"/g)].map((match) => match[1]!)
  expect(topicLinks.length).toBeGreaterThan(0)
  for (const topic of topicLinks) {
    const topicPage = await site.get(`/topics/${topic}`)
    expect({ topic, status: topicPage.status, listsStory: (await topicPage.text()).includes('/articles/edge-devices') }).toEqual({ topic, status: 200, listsStory: true })
  }
  expect(await results('Waiting for an editor')).toEqual([])
  expect(await results('gallery draft')).toEqual([])
})

test('comments keep their status, threading, authors and private details; the live policy never ran', async () => {
  const statuses = await Promise.all(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '20', '21'].map(async (id) => [id, (await comment(id)).status]))
  expect(Object.fromEntries(statuses)).toEqual({
    1: 'approved',
    2: 'approved',
    3: 'approved',
    4: 'approved',
    5: 'approved',
    6: 'pending',
    7: 'spam',
    8: 'trash',
    9: 'approved',
    10: 'approved',
    11: 'approved',
    12: 'approved',
    13: 'pending',
    14: 'approved',
    20: 'approved',
    21: 'pending',
  })
  const root = await comment('1')
  const deepest = await comment('5')
  expect(deepest).toMatchObject({ depth: 5, thread: root.id, startsThread: false, parent: (await comment('4')).id })
  expect(root).toMatchObject({
    depth: 1,
    startsThread: true,
    body: 'Which version was it?\n\nWe run 9.1 (https://vendor.example/9.1) & worry.',
    authorUrl: 'https://alice.example',
    createdAt: '2019-11-27T16:00:00.000Z',
  })
  expect(root.ipHash).toBe(ipHash(newsroom.payload.secret, '203.0.113.5'))
  expect(root.holdReasons).toEqual([])
  expect((await comment('2')).body).toBe('9.1 and earlier, not <script>.')
  expect(await comment('11')).toMatchObject({ parent: null, depth: 1, startsThread: true })
  // Staff only when the old site knew the commenter as a signed-in user; a guest typing the address stays a guest.
  expect(await comment('12')).toMatchObject({ authorKind: 'staff', staffAuthor: editorId })
  expect(await comment('13')).toMatchObject({ authorKind: 'guest', staffAuthor: null })
  const returning = await comment('14')
  expect(returning).toMatchObject({ guestCommenter: regularGuestId, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', body: 'I commented here before the move, too.' })
  expect((await find('guest-commenters', { id: { equals: regularGuestId } }))[0]).toMatchObject({ approvedCount: 1, name: 'Regular' })
  expect((await comment('9')).authorName).toBe('Other Blog » Edge devices')
  // Counted once, as the form's comments are.
  expect(await article('101')).toMatchObject({ commentCount: 10 })

  const page = await (await site.get('/articles/edge-devices')).text()
  expect(page).toContain('I commented here before the move, too.')
  expect(page).toContain('9.1 and earlier, not &lt;script&gt;.')
  expect(page).not.toContain('Held for moderation, this one.')
  expect(page).not.toContain('regular@readers.example')
  expect(page).not.toContain('<script>alert')

  // The reactions ran and sent nothing: no notifications, no alerts, no announcements.
  await newsroom.payload.jobs.run({ limit: 100 })
  await newsroom.payload.jobs.run({ limit: 100 })
  expect((await newsroom.payload.count({ collection: 'mail-log' as never, overrideAccess: true })).totalDocs).toBe(0)
  expect(smtp.messages).toHaveLength(0)
})

test('old addresses answer 301 with their new home', async () => {
  const expectations: Array<[string, string]> = [
    ['/2019/11/27/edge-devices/', '/articles/edge-devices'],
    ['/2019/11/27/edge-devices', '/articles/edge-devices'],
    ['/2019/11/27/edge-devices/feed/', '/articles/edge-devices'],
    ['/?p=101', '/articles/edge-devices'],
    ['/2030/01/15/caf%C3%A9-hackers/', '/articles/cafe-hackers'],
    ['/category/threats/ransomware/', '/topics/ransomware'],
    ['/category/threats/ransomware/feed/', '/topics/ransomware/feed.xml'],
    ['/?cat=4', '/topics/ransomware'],
    ['/tag/ivanti/', '/topics/ivanti'],
    ['/tag/ransomware/', '/topics/ransomware-tag'],
    ['/feed/', '/feed.xml'],
  ]
  for (const [from, to] of expectations) {
    const response = await site.get(from)
    expect([from, response.status, response.headers.get('location')]).toEqual([from, 301, to])
  }
  expect((await site.get('/2019/11/27/never-was/')).status).toBe(404)
  expect((await site.get('/?p=99999')).status).toBe(200)
  // Editors keep the table: their own entries, refused when the address is not one.
  const editor = await newsroom.login('desk.editor@newsroom.test', 'a long enough password')
  const added = await newsroom.rest('POST', '/redirects', { token: editor, body: { from: 'https://oldnews.example/about/', to: '/' } })
  expect(added.status).toBe(201)
  expect(added.json.doc.from).toBe('/about')
  expect((await site.get('/about/')).headers.get('location')).toBe('/')
  const bad = await newsroom.rest('POST', '/redirects', { token: editor, body: { from: '/x', to: 'javascript:alert(1)' } })
  expect(bad.status).toBe(400)
  expect(JSON.stringify(bad.json)).toContain('must be a path on this site')
  expect((await newsroom.rest('GET', '/redirects')).status).toBe(403)
})

test('running the same export again changes nothing and creates nothing', async () => {
  const before = await counts()
  const story = await article('101')
  const { report } = await run(FIXTURE)
  const after = await counts()
  expect({ ...after, 'import-runs': 0 }).toEqual({ ...before, 'import-runs': 0 })
  expect(after['import-runs']).toBe(before['import-runs']! + 1)
  for (const kind of ['sections', 'tags', 'media', 'articles', 'comments', 'redirects'] as const) {
    expect([kind, report.counts[kind].created, report.counts[kind].updated]).toEqual([kind, 0, 0])
  }
  expect(report.counts.articles.unchanged).toBe(first.counts.articles.created)
  expect(report.counts.comments.unchanged).toBe(first.counts.comments.created)
  expect((await article('101')).updatedAt).toBe(story.updatedAt)
}, 60_000)

test('a later export of the same site adds what is new and updates what changed', async () => {
  const later = (await readFile(FIXTURE, 'utf8'))
    .replace('<title><![CDATA[Edge devices were the way in]]></title>', '<title><![CDATA[Edge devices were the way in, officials say]]></title>')
    .replace(
      '<wp:comment_content><![CDATA[Held for moderation, this one.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[0]]>',
      '<wp:comment_content><![CDATA[Held for moderation, this one.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]>',
    )
    .replace(
      '\t</item>\n\n\t<item>\n\t\t<title>Caf',
      '\t\t<wp:comment><wp:comment_id>15</wp:comment_id><wp:comment_author>Kim</wp:comment_author><wp:comment_author_email>kim@readers.example</wp:comment_author_email><wp:comment_date_gmt>2019-12-10 10:00:00</wp:comment_date_gmt><wp:comment_content>A later reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>5</wp:comment_parent></wp:comment>\n\t</item>\n\n\t<item>\n\t\t<title>Caf',
    )
  const file = path.join(work, 'later.xml')
  await writeFile(file, later)
  const { report } = await run(file)
  expect(report.counts.articles).toMatchObject({ created: 0, updated: 1 })
  expect(report.counts.comments).toMatchObject({ created: 1, updated: 1 })
  const story = await article('101')
  expect(story).toMatchObject({ title: 'Edge devices were the way in, officials say', slug: 'edge-devices', commentCount: 12 })
  expect((await comment('6')).status).toBe('approved')
  expect((await comment('6')).moderationLog.map((entry: Json) => entry.to)).toEqual(['pending', 'approved'])
  expect(await comment('15')).toMatchObject({ depth: 6, thread: (await comment('1')).id, status: 'approved' })
}, 60_000)

test('the run is stored with its report for admins', async () => {
  const runs = await find('import-runs', {}, { sort: 'createdAt' })
  expect(runs[0]).toMatchObject({ file: 'oldnews.wxr.xml', format: 'WordPress (WXR)', site: 'oldnews.example', status: 'finished', dryRun: false })
  expect(runs[0].reportText).toContain('Articles')
  expect((await newsroom.rest('GET', '/import-runs')).status).toBe(403)
})

describe('comments from Disqus, onto the imported articles', () => {
  const disqus = (options: Partial<ImportOptions> = {}) =>
    importInto(newsroom.payload, new DisqusExport(() => createReadStream(DISQUS)), { file: 'oldnews.disqus.xml', ...options })
  let urlMap: Map<string, string>

  beforeAll(async () => {
    urlMap = new Map([['https://legacy.oldnews.example/binned.html', `/articles/${(await article('106')).slug}`]])
  })

  test('threads are matched by old address, WordPress id or the URL map; posts keep parents, spam and deletions; people by address or username', async () => {
    const before = await counts()
    const dry = await disqus({ dryRun: true, urlMap })
    expect(await counts()).toEqual(before)
    const { report, text } = await disqus({ urlMap })
    expect(withoutTime(report)).toEqual(withoutTime(dry.report))
    expect((await counts()).comments).toBe(before.comments! + 6)
    expect(report.counts.comments).toEqual({ created: 6, updated: 0, unchanged: 0, skipped: 1 })
    expect(report.site).toBe('disqus:oldnewsdesk')
    expect(text).toContain('Comments: 1 × its discussion matches no article here (source ids: 9006)')
    expect(text).toContain(
      'a discussion matches no article here: its comments were skipped (add its address to --url-map, or import the WordPress site first) (source ids: https://oldnews.example/2015/01/01/never-imported/)',
    )

    const first = await comment('9001')
    expect(first).toMatchObject({
      article: (await article('101')).id,
      status: 'approved',
      body: 'Seen on Disqus first. Patch now.',
      guestCommenter: (await comment('1')).guestCommenter,
    })
    expect(first.ipHash).toBe(ipHash(newsroom.payload.secret, '203.0.113.5'))
    const reply = await comment('9002')
    expect(reply).toMatchObject({ parent: first.id, depth: 2, thread: first.id, authorName: 'Quiet Reader', guestEmail: null })
    expect(await comment('9003')).toMatchObject({ status: 'spam' })
    expect(await comment('9004')).toMatchObject({ status: 'trash', guestCommenter: reply.guestCommenter })
    expect(await comment('9005')).toMatchObject({ article: (await article('102')).id })
    expect(await comment('9007')).toMatchObject({ article: (await article('106')).id, status: 'approved' })
    expect(await origin('comment', '9006')).toBeUndefined()
  })

  test('running it again changes nothing', async () => {
    const before = await counts()
    const { report } = await disqus({ urlMap })
    expect(report.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 6, skipped: 1 })
    expect({ ...(await counts()), 'import-runs': 0 }).toEqual({ ...before, 'import-runs': 0 })
  })

  test('a file that is not a Disqus export is refused', async () => {
    await expect(importInto(newsroom.payload, new DisqusExport(() => createReadStream(FIXTURE)), { file: 'x.xml' })).rejects.toThrow(
      'This is not a Disqus export: its root is <rss>, not <disqus xmlns="http://disqus.com">.',
    )
  })
})

describe('--fetch-media: images from the old site, under the rules for hostile addresses', () => {
  let oldSite: http.Server
  let base: string
  const hits: string[] = []
  const exportOf = (site: string, attachments: Array<[string, string]>) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Fetched</title><link>${site}</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>${site}</wp:base_blog_url>
${attachments.map(([id, url]) => `<item><title>Image ${id}</title><wp:post_id>${id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>${url}</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Picture ${id}</wp:meta_value></wp:postmeta></item>`).join('\n')}
<item><title>With fetched pictures</title><link>${site}/2021/01/01/fetched/</link><wp:post_id>401</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>fetched-pictures</wp:post_name><wp:post_date_gmt>2021-01-01 10:00:00</wp:post_date_gmt>
<content:encoded><![CDATA[Before.\n\n<img class="wp-image-301" src="${attachments[0]![1].replace('.jpg', '-300x169.jpg')}" alt="Picture 301">]]></content:encoded>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>301</wp:meta_value></wp:postmeta></item>
</channel></rss>`

  beforeAll(async () => {
    const picture = await jpeg(1200, 675)
    oldSite = http.createServer((req, res) => {
      hits.push(req.url ?? '')
      if (req.url === '/wp-content/uploads/2021/01/good.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(picture)
      if (req.url === '/wp-content/uploads/2021/01/disguised.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html><script>alert(1)</script></html>')
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => oldSite.listen(0, '127.0.0.1', () => resolve()))
    base = `http://127.0.0.1:${(oldSite.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => oldSite.close(() => resolve())))

  test('a site that runs on this machine: its images come from it; missing, disguised and private ones are refused and reported', async () => {
    const file = path.join(work, 'fetched.xml')
    await writeFile(
      file,
      exportOf(base, [
        ['301', `${base}/wp-content/uploads/2021/01/good.jpg`],
        ['302', `${base}/wp-content/uploads/2021/01/gone.jpg`],
        ['303', `${base}/wp-content/uploads/2021/01/disguised.jpg`],
        ['304', 'http://10.1.2.3/wp-content/uploads/2021/01/inside.jpg'],
      ]),
    )
    const { report, text } = await run(file, { uploadsDir: undefined, fetchMedia: true })
    expect(report.counts.media).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 3 })
    expect(text).toContain('the image could not be fetched from the old site: the old site answered 404 (source ids: 302)')
    expect(text).toContain('the image could not be fetched from the old site: what came back is not an image the media library takes (source ids: 303)')
    expect(text).toContain('the image could not be fetched from the old site: 10.1.2.3 is not a public address (source ids: 304)')
    const story = (await find('articles', { slug: { equals: 'fetched-pictures' } }))[0]
    const hero = (await find('media', { id: { equals: story.heroImage } }))[0]
    expect(hero).toMatchObject({ alt: 'Picture 301', mimeType: 'image/jpeg', width: 1200 })
    expect(story.body.find((node: Json) => node.type === 'upload')).toMatchObject({ value: { id: hero.id } })
  })

  test('a site on the internet: an image address on this machine is refused before any connection is made', async () => {
    hits.length = 0
    const file = path.join(work, 'fetched-public.xml')
    await writeFile(file, exportOf('https://public-site.example', [['301', `${base}/wp-content/uploads/2021/01/good.jpg`]]))
    const { text } = await run(file, { uploadsDir: undefined, fetchMedia: true, dryRun: true })
    expect(text).toContain('the image could not be fetched from the old site: 127.0.0.1 is not a public address (source ids: 301)')
    expect(hits).toEqual([])
  })
})

describe('imports started from the admin', () => {
  const upload = (query: string, body: string | Buffer, headers: Record<string, string>) =>
    site.request('POST', `/api/newsroom/imports?${query}`, { headers: { 'content-type': 'application/xml', ...headers }, body })
  const follow = async (id: string, headers: Record<string, string>) => {
    for (let tries = 0; tries < 200; tries += 1) {
      const job = await (await site.get(`/api/newsroom/imports/${id}`, headers)).json()
      if (job.status !== 'running') return job
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the import did not finish')
  }

  test('admins only, from the admin’s own origin when signed in by cookie; the upload runs in the background and reports', async () => {
    const fixture = await readFile(FIXTURE)
    const editor = await newsroom.login('desk.editor@newsroom.test', 'a long enough password')
    const admin = await newsroom.staff(['admin'], 'Importer')
    expect((await upload('format=wordpress', fixture, {})).status).toBe(401)
    const refused = await upload('format=wordpress', fixture, { authorization: `JWT ${editor}` })
    expect([refused.status, (await refused.json()).error]).toEqual([403, 'Only admins can import.'])
    const forged = await upload('format=wordpress', fixture, { cookie: `payload-token=${admin.token}`, origin: 'https://evil.example' })
    // Payload itself ignores its cookie on a request from another origin; had it not, the route would refuse it.
    expect([401, 403]).toContain(forged.status)
    const unsaid = await upload('format=wordpress', fixture, { cookie: `payload-token=${admin.token}` })
    expect([401, 403]).toContain(unsaid.status)
    expect((await upload('format=plain', fixture, { authorization: `JWT ${admin.token}` })).status).toBe(400)
    expect((await upload('format=wordpress', '', { authorization: `JWT ${admin.token}` })).status).toBe(400)

    const before = await counts()
    const started = await upload('format=wordpress&dryRun=1&name=oldnews.wxr.xml', fixture, { cookie: `payload-token=${admin.token}`, origin: newsroom.payload.config.serverURL })
    expect(started.status).toBe(202)
    const job = await follow((await started.json()).id, { authorization: `JWT ${admin.token}` })
    expect(job).toMatchObject({ status: 'finished', dryRun: true, file: 'oldnews.wxr.xml', error: null })
    expect(job.reportText).toMatch(/^Dry run \(nothing was written\): import of WordPress \(WXR\) from oldnews.example/)
    expect(await counts()).toEqual(before)
    // Someone else's job is not a secret to another admin, but it is to everyone else.
    expect((await site.get(`/api/newsroom/imports/${job.id}`, { authorization: `JWT ${editor}` })).status).toBe(403)
    expect((await site.get('/api/newsroom/imports/00000000-0000-0000-0000-000000000000', { authorization: `JWT ${admin.token}` })).status).toBe(404)

    const bad = await upload('format=wordpress&name=feed.xml', '<rss version="2.0"><channel></channel></rss>', { authorization: `JWT ${admin.token}` })
    const failed = await follow((await bad.json()).id, { authorization: `JWT ${admin.token}` })
    expect(failed).toMatchObject({ status: 'failed', error: 'This is not a WordPress export (WXR): its root is <rss> without the WordPress export namespace.' })
  })
})

describe('files that are not a whole WordPress export are refused before anything is written', () => {
  const cases: Array<[string, (fixture: string) => string, RegExp]> = [
    [
      'an RSS feed',
      () => '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>x</title></item></channel></rss>',
      /not a WordPress export \(WXR\): its root is <rss> without the WordPress export namespace/,
    ],
    ['an HTML page', () => '<!DOCTYPE html><html><body><p>Hello</p></body></html>', /not well-formed XML|not a WordPress export/],
    ['a truncated export', (fixture) => fixture.slice(0, Math.floor(fixture.length * 0.6)), /looks truncated/],
    [
      'an unknown version',
      (fixture) => fixture.replace('<wp:wxr_version>1.2</wp:wxr_version>', '<wp:wxr_version>1.9</wp:wxr_version>'),
      /WXR version 1\.9; the importer reads versions 1\.0, 1\.1, 1\.2/,
    ],
    ['a broken tag', (fixture) => fixture.replace('<wp:post_id>104</wp:post_id>', '<wp:post_id>104</wp:post_idd>'), /not well-formed XML \(line \d+, column \d+\)/],
    ['an empty file', () => '', /empty or holds no XML/],
  ]
  test.each(cases)('%s', async (_name, make, message) => {
    const file = path.join(work, 'bad.xml')
    await writeFile(file, make(await readFile(FIXTURE, 'utf8')))
    const before = await counts()
    const attempt = run(file)
    await expect(attempt).rejects.toBeInstanceOf(ImportFileProblem)
    await expect(attempt).rejects.toThrow(message)
    expect(await counts()).toEqual(before)
  })

  test('an author map that names nobody on the staff is refused, with the address', async () => {
    const before = await counts()
    const attempt = run(FIXTURE, { authorMap: new Map([['jdoe', 'nobody@newsroom.test']]) })
    await expect(attempt).rejects.toBeInstanceOf(ImportRefused)
    await expect(attempt).rejects.toThrow('The author map sends "jdoe" to nobody@newsroom.test, but no staff member has that address.')
    expect({ ...(await counts()), 'import-runs': 0 }).toEqual({ ...before, 'import-runs': 0 })
  })
})
