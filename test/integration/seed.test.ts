/** The demo newsroom: what a newcomer finds after the first `npm run dev`, and that seeding twice adds nothing. */
import { plainText } from '../../src/editorial/richText'
import { DEMO_STAFF, SeedRefused, databaseIsEmpty, seedDemoContent } from '../../src/seed/seed'
import * as demo from '../../src/seed/fixtures/namArticle'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
const lines: string[] = []
const COLLECTIONS = ['users', 'articles', 'sources', 'threat-actors', 'media', 'comments'] as const

async function counts() {
  const entries = await Promise.all(COLLECTIONS.map(async (slug) => [slug, (await newsroom.payload.count({ collection: slug, overrideAccess: true })).totalDocs] as const))
  return Object.fromEntries(entries)
}

beforeAll(async () => {
  newsroom = await bootNewsroom()
  expect(await databaseIsEmpty(newsroom.payload)).toBe(true)
  delete process.env.SEED_PASSWORD
  await seedDemoContent(newsroom.payload, { log: (line) => lines.push(line) })
})
afterAll(() => newsroom?.close())

test('loads staff for every role, Reuters, a threat actor, a hero image and two articles', async () => {
  expect(await counts()).toEqual({ users: 4, articles: 2, sources: 1, 'threat-actors': 1, media: 1, comments: 6 })
  expect(await databaseIsEmpty(newsroom.payload)).toBe(false)
})

test('prints the generated password once, and it signs every demo account in', async () => {
  const shown = lines.filter((line) => line.includes('Demo staff password'))
  expect(shown).toHaveLength(1)
  const password = /shown once\): (\S+)/.exec(shown[0]!)?.[1]
  expect(password).toBeTruthy()
  for (const member of DEMO_STAFF) await expect(newsroom.login(member.email, password)).resolves.toEqual(expect.any(String))
})

test('anonymous GET /api/articles returns the published seed article with its attribution and facts', async () => {
  const { status, json } = await newsroom.rest('GET', '/articles?depth=1')
  expect(status).toBe(200)
  expect(json.docs).toHaveLength(1)
  const [article] = json.docs
  expect(article).toMatchObject({
    title: demo.title,
    _status: 'published',
    attributionLine: 'Adapted from Reuters',
    incident: { attributedTo: 'China (state-linked groups)', attributionConfidence: 'suspected', status: 'contained', incidentWindow: { approximateLabel: 'Summer 2019' } },
  })
  expect(article.heroImage.alt).toBe(demo.heroImage.alt)
  expect(article.adaptedFrom[0]).toMatchObject({ originalUrl: demo.originalUrl, usage: 'licensed', source: { name: 'Reuters' } })
  const text = plainText(article.body)
  expect(text).toContain('According to a report')
  expect(text).not.toContain('He name')
  expect(text).not.toMatch(/Adapted form/)
})

test('demo comments in every state: an approved thread three deep, pending ones with reasons, spam', async () => {
  const { docs } = await newsroom.payload.find({ collection: 'comments', sort: 'createdAt', overrideAccess: true, depth: 0 })
  const summary = docs.map((doc) => ({
    name: doc.authorName,
    status: doc.status,
    depth: doc.depth,
    reasons: (doc.holdReasons as Array<{ code: string }>).map((reason) => reason.code),
  }))
  expect(summary).toEqual([
    { name: 'Maya Chen', status: 'approved', depth: 1, reasons: ['first-comment'] },
    { name: 'Eddie Editor', status: 'approved', depth: 2, reasons: ['staff'] },
    { name: 'Maya Chen', status: 'approved', depth: 3, reasons: [] },
    { name: 'Sam Okafor', status: 'pending', depth: 1, reasons: ['links', 'first-comment'] },
    { name: 'Quick Gains', status: 'pending', depth: 1, reasons: ['moderation-word', 'first-comment'] },
    { name: 'Best Offers', status: 'spam', depth: 1, reasons: ['disallowed-word'] },
  ])
  const article = (await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.title } }, overrideAccess: true })).docs[0]!
  expect(article.commentCount).toBe(3)
})

test('the copy errors stay in the draft revision, fixed in the published one', async () => {
  const { docs } = await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.title } }, overrideAccess: true })
  const versions = await newsroom.payload.findVersions({ collection: 'articles', where: { parent: { equals: docs[0]!.id } }, sort: 'createdAt', overrideAccess: true })
  expect(versions.docs.map((version) => plainText(version.version.body).includes('He name'))).toEqual([true, false])
})

test('anonymous GET /api/sources returns Reuters without internal notes; the draft is not public', async () => {
  const sources = await newsroom.rest('GET', '/sources')
  expect(sources.json.docs).toEqual([expect.objectContaining({ name: 'Reuters', kind: 'wire-agency' })])
  expect(sources.json.docs[0].notes).toBeUndefined()
  const drafts = await newsroom.rest('GET', `/articles?where[title][equals]=${encodeURIComponent(demo.draftArticle.title)}&draft=true`)
  expect(drafts.json.docs).toEqual([])
})

test('the demo draft is blocked by the publish rules until its TK is replaced', async () => {
  const editor = await newsroom.login('editor@newsroom.test', /shown once\): (\S+)/.exec(lines.join('\n'))![1])
  const { docs } = await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.draftArticle.title } }, draft: true, overrideAccess: true })
  const result = await newsroom.rest('PATCH', `/articles/${docs[0]!.id}`, { token: editor, body: { _status: 'published' } })
  expect(result.status).toBe(400)
  expect(result.json.errors[0].data.errors).toEqual([expect.objectContaining({ path: 'body', message: expect.stringMatching(/"TK"/) })])
})

test('seeding again duplicates nothing', async () => {
  const before = await counts()
  const again: string[] = []
  const report = await seedDemoContent(newsroom.payload, { log: (line) => again.push(line) })
  expect(report.created).toEqual([])
  expect(await counts()).toEqual(before)
  expect(again.join('\n')).not.toContain('password')
})

test('--reset-passwords sets SEED_PASSWORD on the existing demo accounts', async () => {
  await seedDemoContent(newsroom.payload, { password: 'a chosen demo password', resetPasswords: true })
  await expect(newsroom.login('moderator@newsroom.test', 'a chosen demo password')).resolves.toEqual(expect.any(String))
})

test('demo seeding refuses to run with NODE_ENV=production', async () => {
  const env = process.env as Record<string, string | undefined>
  const previous = env.NODE_ENV
  env.NODE_ENV = 'production'
  try {
    await expect(seedDemoContent(newsroom.payload)).rejects.toThrow(SeedRefused)
  } finally {
    env.NODE_ENV = previous
  }
})

test('the demo story keeps its 2019 dates: retrieved and published in the autumn of its Summer 2019 incident, never "today"', async () => {
  const { json } = await newsroom.rest('GET', `/articles?where[title][equals]=${encodeURIComponent(demo.title)}&depth=0`)
  const story = json.docs[0]
  expect({
    publishedAt: story.publishedAt,
    updatedAt: story.updatedAt,
    retrievedAt: story.adaptedFrom[0].retrievedAt,
    window: story.incident.incidentWindow.approximateLabel,
  }).toEqual({
    publishedAt: demo.dates.publishedAt,
    updatedAt: demo.dates.publishedAt,
    retrievedAt: demo.dates.retrievedAt,
    window: 'Summer 2019',
  })
})
