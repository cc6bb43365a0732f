/**
 * Search on the embedded database (SQLite FTS5): ranking, highlighting, facets, exact-id jumps,
 * hostile queries, spelling, and the index kept current through publish, update, unpublish,
 * delete, embargo, a renamed threat actor, and a rebuild.
 */
import { indexIfEmpty, rebuildSearchIndex, searchIndexOf } from '../../src/search/documents'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
const ids: Record<string, string> = {}
const slugs: Record<string, string> = {}
let actorId = ''

const paragraphs = (...texts: string[]) => texts.map((text) => ({ children: [{ text }] }))
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9)).toISOString()

async function publish(key: string, data: Record<string, unknown>): Promise<void> {
  const doc = await newsroom.payload.create({ collection: 'articles', data: { _status: 'published', ...data }, overrideAccess: true })
  ids[key] = String(doc.id)
  slugs[key] = String(doc.slug)
}

beforeAll(async () => {
  newsroom = await bootNewsroom()
  site = await serveSite(newsroom)
  const actor = await newsroom.payload.create({
    collection: 'threat-actors',
    data: { name: 'Volt Typhoon', aliases: ['Bronze Silhouette', 'Vanguard Panda'] },
    overrideAccess: true,
  })
  actorId = String(actor.id)
  const topic = await newsroom.payload.create({ collection: 'topics', data: { name: 'Edge devices', kind: 'section' }, overrideAccess: true })
  await publish('headline', {
    title: 'Ransomware gang encrypts hospital network',
    dek: 'Surgeries were postponed.',
    body: paragraphs('The attackers demanded payment in bitcoin.'),
    publishedAt: day(10),
    section: topic.id,
    incident: { sectors: ['healthcare-and-public-health'], attackTypes: ['ransomware'], attributionConfidence: 'suspected' },
  })
  await publish('bodyOnly', {
    title: 'Quarterly threat report',
    body: paragraphs('Among other things, ransomware remained common against schools.'),
    publishedAt: day(12),
    incident: { sectors: ['education'], attackTypes: ['ransomware'], attributionConfidence: 'confirmed' },
  })
  await publish('firewall', {
    title: 'Firewall flaw exploited at scale',
    body: paragraphs('Attackers chained the bug with stolen VPN credentials <script>alert(1)</script>.'),
    publishedAt: day(14),
    section: topic.id,
    incident: { threatActors: [actor.id], cves: ['CVE-2024-3400'], attackTechniques: ['T1190'], sectors: ['energy'], attackTypes: ['vulnerability-exploitation'] },
  })
  await publish('newer', { title: 'Ransomware roundup', body: paragraphs('Ransomware everywhere.'), publishedAt: day(20) })
  await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'Secret draft about ransomware payouts', body: paragraphs('Draft text.') },
    draft: true,
    overrideAccess: true,
  })
})

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

const search = async (query: string) => {
  const response = await site.get(`/search?${query}`)
  return { status: response.status, text: await response.text(), location: response.headers.get('location') }
}
const resultSlugs = (text: string) => [...text.matchAll(/<li class="result">\s*<h2><a href="\/articles\/([^"]+)"/g)].map((match) => match[1])

test('every page has the search box in its header, and it works without JavaScript (a GET form)', async () => {
  const home = await (await site.get('/')).text()
  expect(home).toContain('<form class="site-search" role="search" action="/search" method="get">')
  expect(home).toContain('name="q"')
  expect((await search('')).status).toBe(200)
})

test('results are ranked by relevance (a headline beats a passing mention), newest first among equals; drafts are never found', async () => {
  const { status, text } = await search('q=ransomware')
  expect(status).toBe(200)
  const order = resultSlugs(text)
  expect(order.slice(0, 2).sort()).toEqual([slugs.headline, slugs.newer].sort())
  expect(order.at(-1)).toBe(slugs.bodyOnly)
  expect(text).toContain('3 stories for “ransomware”')
  expect(text).not.toContain('Secret draft')
})

test('matched words are marked in an escaped snippet; phrases, prefixes, aliases, victims and ids are searched', async () => {
  const { text } = await search('q=bitcoin')
  expect(text).toMatch(/demanded payment in <mark>bitcoin<\/mark>/)
  const escaped = await search('q=credentials')
  expect(escaped.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  expect(escaped.text).not.toContain('<script>alert(1)')
  expect(resultSlugs((await search('q=%22stolen+VPN+credentials%22')).text)).toEqual([slugs.firewall])
  expect(resultSlugs((await search('q=%22VPN+stolen%22')).text)).toEqual([])
  expect(resultSlugs((await search('q=encrypt')).text)).toEqual([slugs.headline])
  expect(resultSlugs((await search('q=vanguard+flaw')).text)).toEqual([slugs.firewall])
  expect(resultSlugs((await search('q=public-facing+application')).text)).toEqual([slugs.firewall])
})

test('an exact CVE id, technique id, actor name or alias goes straight to its page', async () => {
  expect(await search('q=CVE-2024-3400')).toMatchObject({ status: 303, location: '/cves/CVE-2024-3400' })
  expect(await search('q=cve-2024-3400+')).toMatchObject({ status: 303, location: '/cves/CVE-2024-3400' })
  expect(await search('q=T1190')).toMatchObject({ status: 303, location: '/techniques/T1190' })
  expect(await search('q=bronze+silhouette')).toMatchObject({ status: 303, location: '/actors/volt-typhoon' })
  expect(await search('q=Volt+Typhoon')).toMatchObject({ status: 303, location: '/actors/volt-typhoon' })
  // A CVE no story names has no page: it is searched like any text.
  expect((await search('q=CVE-2020-0001')).status).toBe(200)
})

test('hostile queries are text: quotes, operators, stars, brackets and 2,000 characters answer 200, echoed escaped', async () => {
  for (const query of [
    '"',
    '""',
    '*',
    'NEAR(ransomware hospital)',
    'ransomware OR NOT AND',
    '(',
    'title:ransomware',
    '^ransomware',
    '-',
    "'; DROP TABLE articles; --",
    '\u0002\u0003',
    'x'.repeat(2000),
    '<script>alert(1)</script>',
  ]) {
    const { status, text } = await search(`q=${encodeURIComponent(query)}`)
    expect({ query: query.slice(0, 30), status }).toEqual({ query: query.slice(0, 30), status: 200 })
    expect(text).not.toContain('<script>alert(1)</script>')
  }
  // A NUL character is no text at all: the address is refused, as anywhere on the site.
  expect((await search('q=ransomware%00')).status).toBe(400)
  // Operators are words like any other: brackets are dropped, NEAR is looked for.
  expect(resultSlugs((await search(`q=${encodeURIComponent('(ransomware) "hospital*')}`)).text)).toEqual([slugs.headline])
  expect(resultSlugs((await search(`q=${encodeURIComponent('NEAR(ransomware hospital)')}`)).text)).toEqual([])
})

test('facets narrow the results, with counts; a date range narrows them; bad filters and pages answer 400 with a sentence', async () => {
  const all = await search('q=ransomware')
  expect(all.text).toMatch(/<a href="\/search\?q=ransomware&amp;type=ransomware">Ransomware<\/a> <span class="count">2<\/span>/)
  expect(all.text).toMatch(/Healthcare and public health<\/a> <span class="count">1<\/span>/)
  expect(all.text).toMatch(/Edge devices<\/a> <span class="count">1<\/span>/)
  expect(resultSlugs((await search('q=ransomware&sector=education')).text)).toEqual([slugs.bodyOnly])
  expect(resultSlugs((await search('q=ransomware&confidence=suspected')).text)).toEqual([slugs.headline])
  expect(resultSlugs((await search('q=ransomware&topic=edge-devices')).text)).toEqual([slugs.headline])
  expect(resultSlugs((await search('q=flaw&actor=volt-typhoon')).text)).toEqual([slugs.firewall])
  expect(resultSlugs((await search('q=ransomware&from=2026-11-11&to=2026-11-19')).text)).toEqual([slugs.bodyOnly])
  for (const [query, sentence] of [
    ['q=ransomware&sector=space', '“space” is not a sector this newsroom uses.'],
    ['q=ransomware&type=%3Cb%3E', '“&lt;b&gt;” is not a type of attack this newsroom uses.'],
    ['q=ransomware&confidence=sure', 'is not an attribution confidence'],
    ['q=ransomware&from=2026-02-30', '“2026-02-30” is not a date (YYYY-MM-DD).'],
    ['q=ransomware&from=2026-11-20&to=2026-11-01', 'The “from” date is after the “to” date.'],
    ['q=ransomware&page=0', 'pages are numbered from 1'],
    ['q=ransomware&page=abc', 'pages are numbered from 1'],
    ['q=a&q=b', 'one set of words at a time'],
  ]) {
    const answer = await search(query!)
    expect({ query, status: answer.status, said: answer.text.includes(sentence!) }).toEqual({ query, status: 400, said: true })
  }
  expect((await search('q=ransomware&page=9')).status).toBe(404)
})

test('a near miss suggests the right word', async () => {
  const { text } = await search('q=ransomwear')
  expect(text).toContain('No stories found for “ransomwear”')
  expect(text).toContain('Did you mean <a href="/search?q=ransomware">ransomware</a>?')
})

test('the index follows every change: an edit, an unpublish, a delete, an embargo, a renamed actor, a rebuild', async () => {
  // An edit: the new word is found, the old one is not.
  await newsroom.payload.update({ collection: 'articles', id: ids.newer!, data: { body: paragraphs('Ransomware and wipers everywhere.') }, overrideAccess: true })
  expect(resultSlugs((await search('q=wipers')).text)).toEqual([slugs.newer])
  // A draft saved on a published story changes nothing readers (or search) see.
  await newsroom.payload.update({ collection: 'articles', id: ids.newer!, data: { body: paragraphs('Draft-only word: zeppelin.') }, draft: true, overrideAccess: true })
  expect(resultSlugs((await search('q=zeppelin')).text)).toEqual([])
  expect(resultSlugs((await search('q=wipers')).text)).toEqual([slugs.newer])
  // Unpublished: gone at once.
  await newsroom.payload.update({ collection: 'articles', id: ids.newer!, data: { _status: 'draft' }, overrideAccess: true })
  expect(resultSlugs((await search('q=wipers')).text)).toEqual([])
  // Deleted: gone.
  await newsroom.payload.delete({ collection: 'articles', id: ids.bodyOnly!, overrideAccess: true })
  expect(resultSlugs((await search('q=schools')).text)).toEqual([])
  // Embargoed: indexed, but found only once its time has come.
  await publish('embargoed', { title: 'Embargoed zero-day story', body: paragraphs('An embargoed zeroday.'), publishedAt: new Date(Date.now() + 3_000).toISOString() })
  expect(resultSlugs((await search('q=zeroday')).text)).toEqual([])
  await new Promise((resolve) => setTimeout(resolve, 3_200))
  expect(resultSlugs((await search('q=zeroday')).text)).toEqual([slugs.embargoed])
  // A threat actor's new alias finds its stories.
  await newsroom.payload.update({ collection: 'threat-actors', id: actorId, data: { aliases: ['Bronze Silhouette', 'Insidious Taurus'] }, overrideAccess: true })
  expect(resultSlugs((await search('q=insidious+flaw')).text)).toEqual([slugs.firewall])
  // A rebuild gives the same answers.
  const before = (await search('q=ransomware')).text
  const index = searchIndexOf(newsroom.payload)!
  await index.clear()
  expect(resultSlugs((await search('q=ransomware')).text)).toEqual([])
  const progress: Array<[number, number]> = []
  // Published now: the hospital, the firewall and the embargoed story (one unpublished, one deleted).
  expect(await rebuildSearchIndex(newsroom.payload, (done, total) => progress.push([done, total]))).toBe(3)
  expect(progress.at(-1)).toEqual([3, 3])
  expect(resultSlugs((await search('q=ransomware')).text)).toEqual(resultSlugs(before))
}, 30_000)

test('at startup an empty index is rebuilt in the background, and the log says so; a full one is left alone', async () => {
  const index = searchIndexOf(newsroom.payload)!
  const lines: string[] = []
  await indexIfEmpty(newsroom.payload, (line) => lines.push(line))
  expect(lines).toEqual([])
  await index.clear()
  await indexIfEmpty(newsroom.payload, (line) => lines.push(line))
  expect(lines[0]).toMatch(/^Search: the index is empty, so the \d+ published stories are being indexed now\.$/)
  const until = Date.now() + 5000
  while (lines.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(lines[1]).toMatch(/^Search: \d+ stories indexed in [\d.]+ s\.$/)
  expect(await index.count()).toBeGreaterThan(0)
})

test('a source’s new attribution template re-indexes the stories adapted from it', async () => {
  const source = await newsroom.payload.create({ collection: 'sources', data: { name: 'Wire One', kind: 'wire-agency' }, overrideAccess: true })
  await publish('adapted', {
    title: 'Adapted wire story',
    body: paragraphs('Wire copy.'),
    publishedAt: day(3),
    adaptedFrom: [{ source: source.id, originalUrl: 'https://wire.example/story', usage: 'licensed' }],
  })
  expect(resultSlugs((await search('q=syndicated')).text)).toEqual([])
  await newsroom.payload.update({ collection: 'sources', id: source.id, data: { attributionTemplate: 'Syndicated from {name}' }, overrideAccess: true })
  expect(resultSlugs((await search('q=syndicated')).text)).toEqual([slugs.adapted])
})
