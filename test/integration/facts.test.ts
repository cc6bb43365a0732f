/**
 * The fact pages: a page for every CVE, ATT&CK technique, sector and attack type a published
 * story names, each with its feed and in the sitemap, linked from the article's facts box; and
 * "Related stories" on the article page.
 */
import { attackTechnique, attackTechniques, attackVersion } from '../../src/editorial/attack'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'
import { stixProblems } from '../helpers/stix'

let newsroom: TestNewsroom
let site: TestSite
const slugs: Record<string, string> = {}

const body = [{ children: [{ text: 'What happened.' }] }]
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9)).toISOString()

beforeAll(async () => {
  newsroom = await bootNewsroom()
  site = await serveSite(newsroom)
  const actor = await newsroom.payload.create({ collection: 'threat-actors', data: { name: 'Volt Typhoon', aliases: ['Bronze Silhouette'] }, overrideAccess: true })
  const other = await newsroom.payload.create({ collection: 'threat-actors', data: { name: 'Sandworm' }, overrideAccess: true })
  const topic = await newsroom.payload.create({ collection: 'topics', data: { name: 'Edge devices', kind: 'tag' }, overrideAccess: true })
  const publish = async (key: string, title: string, publishedAt: string, incident: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const doc = await newsroom.payload.create({ collection: 'articles', data: { title, body, publishedAt, _status: 'published', incident, ...extra }, overrideAccess: true })
    slugs[key] = String(doc.slug)
  }
  await publish(
    'main',
    'Firewall flaw exploited by Volt Typhoon',
    day(20),
    {
      threatActors: [actor.id],
      cves: ['CVE-2024-3400'],
      attackTechniques: ['T1190', 'T1566.001'],
      sectors: ['energy', 'water-and-wastewater'],
      attackTypes: ['espionage', 'vulnerability-exploitation'],
    },
    { tags: [topic.id] },
  )
  // Shares the CVE and the actor: the closest relative.
  await publish('sameCve', 'The same firewall flaw, a week on', day(10), { threatActors: [actor.id], cves: ['CVE-2024-3400'] })
  // Shares only a technique.
  await publish('sameTechnique', 'Phishing with attachments, again', day(18), { attackTechniques: ['T1566.001'] })
  // Shares only the tag.
  await publish('sameTopic', 'Edge devices under pressure', day(19), {}, { tags: [topic.id] })
  // Shares nothing.
  await publish('unrelated', 'A story about something else', day(21), { threatActors: [other.id], sectors: ['retail'] })
  // A draft naming the CVE: on no page, ever.
  await newsroom.payload.create({ collection: 'articles', data: { title: 'Draft about the flaw', body, incident: { cves: ['CVE-2024-3400'] } }, draft: true, overrideAccess: true })
  // Embargoed for a day: not yet.
  await publish('embargoed', 'Embargoed flaw story', new Date(Date.now() + 86_400_000).toISOString(), { cves: ['CVE-2024-3400'] })
})

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

const page = async (path: string) => {
  const response = await site.get(path)
  return { status: response.status, text: await response.text(), location: response.headers.get('location') }
}

test('the ATT&CK catalogue ships with the project: every technique with its name and tactics', () => {
  expect(attackVersion()).toMatch(/^\d+\.\d+$/)
  expect(attackTechniques().length).toBeGreaterThan(600)
  expect(attackTechnique('T1566.001')).toMatchObject({ name: 'Spearphishing Attachment', tactics: ['initial-access'], parent: 'T1566' })
  expect(attackTechnique('T1190')).toMatchObject({ name: 'Exploit Public-Facing Application', tactics: ['initial-access'] })
  expect(attackTechnique('T9999')).toBeNull()
})

test('a CVE page: the id, its NVD and CVE.org records, every published story naming it, never a draft or an embargoed one', async () => {
  const { status, text } = await page('/cves/CVE-2024-3400')
  expect(status).toBe(200)
  expect(text).toContain('<h1 class="page-title">CVE-2024-3400</h1>')
  expect(text).toContain('href="https://nvd.nist.gov/vuln/detail/CVE-2024-3400"')
  expect(text).toContain('href="https://www.cve.org/CVERecord?id=CVE-2024-3400"')
  expect(text).toContain(`/articles/${slugs.main}`)
  expect(text).toContain(`/articles/${slugs.sameCve}`)
  expect(text.indexOf(`/articles/${slugs.main}`)).toBeLessThan(text.indexOf(`/articles/${slugs.sameCve}`))
  expect(text).not.toContain('Draft about the flaw')
  expect(text).not.toContain('Embargoed flaw story')
  expect(text).not.toContain(`/articles/${slugs.unrelated}`)
  expect(text).toContain('<link rel="alternate" type="application/rss+xml" title="Security Newsroom: CVE-2024-3400" href="/cves/CVE-2024-3400/feed.xml">')
})

test('a technique page: its name, tactic, parent technique, MITRE link and notice; sector and attack-type pages by their names', async () => {
  const technique = await page('/techniques/T1566.001')
  expect(technique.status).toBe(200)
  expect(technique.text).toContain('<h1 class="page-title">T1566.001: Spearphishing Attachment</h1>')
  expect(technique.text).toContain('Tactic: Initial Access')
  expect(technique.text).toContain('A sub-technique of <a href="/techniques/T1566">T1566: Phishing</a>')
  expect(technique.text).toContain('href="https://attack.mitre.org/techniques/T1566/001/"')
  expect(technique.text).toContain('The MITRE Corporation')
  expect(technique.text).toContain(`/articles/${slugs.sameTechnique}`)
  // A technique MITRE issued has its page even before a story names it.
  const parent = await page('/techniques/T1566')
  expect(parent.status).toBe(200)
  expect(parent.text).toContain('No published stories yet.')
  const sector = await page('/sectors/water-and-wastewater')
  expect(sector.status).toBe(200)
  expect(sector.text).toContain('<h1 class="page-title">Water and wastewater systems</h1>')
  expect(sector.text).toContain(`/articles/${slugs.main}`)
  expect(sector.text).not.toContain(`/articles/${slugs.unrelated}`)
  const attackType = await page('/attack-types/vulnerability-exploitation')
  expect(attackType.status).toBe(200)
  expect(attackType.text).toContain('<h1 class="page-title">Vulnerability exploitation</h1>')
})

test('unknown ids answer 404, malformed ones 400, other spellings redirect to the canonical address', async () => {
  const statuses = async (paths: string[]) => Object.fromEntries(await Promise.all(paths.map(async (path) => [path, (await site.get(path)).status])))
  expect(
    await statuses([
      '/cves/CVE-2020-0001',
      '/techniques/T9999',
      '/techniques/T1566.999',
      '/sectors/space',
      '/attack-types/sorcery',
      '/cves/CVE-2020-0001/feed.xml',
      '/techniques/T9999/feed.xml',
    ]),
  ).toEqual({
    '/cves/CVE-2020-0001': 404,
    '/techniques/T9999': 404,
    '/techniques/T1566.999': 404,
    '/sectors/space': 404,
    '/attack-types/sorcery': 404,
    '/cves/CVE-2020-0001/feed.xml': 404,
    '/techniques/T9999/feed.xml': 404,
  })
  expect(
    await statuses([
      '/cves/not-a-cve',
      '/cves/CVE-24-1',
      `/cves/CVE-2024-${'1'.repeat(60)}`,
      '/techniques/phishing',
      '/techniques/T15',
      '/sectors/%3Cscript%3E',
      '/sectors/energy%27%20OR%201=1',
      '/attack-types/--',
      '/cves/CVE-2024-3400?page=0',
      '/cves/CVE-2024-3400?page=abc',
    ]),
  ).toEqual({
    '/cves/not-a-cve': 400,
    '/cves/CVE-24-1': 400,
    [`/cves/CVE-2024-${'1'.repeat(60)}`]: 400,
    '/techniques/phishing': 400,
    '/techniques/T15': 400,
    '/sectors/%3Cscript%3E': 400,
    '/sectors/energy%27%20OR%201=1': 400,
    '/attack-types/--': 400,
    '/cves/CVE-2024-3400?page=0': 400,
    '/cves/CVE-2024-3400?page=abc': 400,
  })
  expect(await page('/cves/cve-2024-3400')).toMatchObject({ status: 301, location: '/cves/CVE-2024-3400' })
  expect(await page('/techniques/t1566.001/feed.xml')).toMatchObject({ status: 301, location: '/techniques/T1566.001/feed.xml' })
  expect(await page('/sectors/Energy?page=1')).toMatchObject({ status: 301, location: '/sectors/energy?page=1' })
  // A page past the last is not found; the bad request page is the site's own, not a stack trace.
  expect((await page('/sectors/energy?page=2')).status).toBe(404)
  expect((await page('/cves/not-a-cve')).text).toContain('That address is not valid')
})

test('each fact page has its RSS feed, and every fact of a published story is in the sitemap', async () => {
  const response = await site.get('/techniques/T1566.001/feed.xml')
  expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
  const feed = await response.text()
  expect(feed).toContain('<title>Security Newsroom: T1566.001: Spearphishing Attachment</title>')
  expect(feed).toContain(`/articles/${slugs.sameTechnique}</link>`)
  const sitemap = await (await site.get('/sitemap.xml')).text()
  for (const path of ['/cves/CVE-2024-3400', '/techniques/T1190', '/techniques/T1566.001', '/sectors/energy', '/sectors/retail', '/attack-types/espionage', '/actors/volt-typhoon'])
    expect({ path, listed: sitemap.includes(`<loc>http://localhost:3000${path}</loc>`) }).toEqual({ path, listed: true })
  // Only what published stories name: the parent technique has no story yet.
  expect(sitemap).not.toContain('/techniques/T1566<')
})

test('every fact in the article’s facts box links to its page', async () => {
  const { text } = await page(`/articles/${slugs.main}`)
  const facts = text.slice(text.indexOf('<aside class="facts"'), text.indexOf('</aside>', text.indexOf('<aside class="facts"')))
  for (const href of [
    '/cves/CVE-2024-3400',
    '/techniques/T1190',
    '/techniques/T1566.001',
    '/sectors/energy',
    '/sectors/water-and-wastewater',
    '/attack-types/espionage',
    '/actors/volt-typhoon',
  ])
    expect({ href, linked: facts.includes(`href="${href}"`) }).toEqual({ href, linked: true })
  expect(facts).toContain('T1566.001 <span class="technique-name">Spearphishing Attachment</span>')
})

test('related stories: those sharing a CVE or actor first, then a technique, then a topic; never the story itself, an unrelated, unpublished or embargoed one', async () => {
  const { text } = await page(`/articles/${slugs.main}`)
  const box = text.slice(text.indexOf('<aside class="related"'), text.indexOf('</aside>', text.indexOf('<aside class="related"')))
  const order = [...box.matchAll(/href="\/articles\/([^"]+)"/g)].map((match) => match[1])
  expect(order).toEqual([slugs.sameCve, slugs.sameTechnique, slugs.sameTopic])
  // A story that shares nothing has no box.
  expect((await page(`/articles/${slugs.unrelated}`)).text).not.toContain('class="related"')
})

test('a newly published related story appears on the cached article page; an unpublished one leaves it', async () => {
  await page(`/articles/${slugs.main}`)
  const created = await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'Volt Typhoon returns', body, publishedAt: day(22), _status: 'published', incident: { cves: ['CVE-2024-3400'], threatActors: [] } },
    overrideAccess: true,
  })
  expect((await page(`/articles/${slugs.main}`)).text).toContain(`/articles/${String(created.slug)}`)
  await newsroom.payload.update({ collection: 'articles', id: created.id, data: { _status: 'draft' }, overrideAccess: true })
  expect((await page(`/articles/${slugs.main}`)).text).not.toContain(`/articles/${String(created.slug)}`)
  expect((await page('/cves/CVE-2024-3400')).text).not.toContain('Volt Typhoon returns')
})

test('the story’s facts as a STIX 2.1 bundle, valid against the official schemas: report, actors, victims and sectors, vulnerability, attack patterns, relationships', async () => {
  const response = await site.get(`/articles/${slugs.main}/stix.json`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/stix+json; version=2.1; charset=utf-8')
  const bundle = (await response.json()) as { type: string; objects: Array<Record<string, any>> } // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field
  expect(stixProblems(bundle)).toEqual([])
  // The checker does refuse: a report with a bad id, no spec_version, no name and no published time.
  expect(stixProblems({ type: 'bundle', id: 'bundle--x', objects: [{ type: 'report', id: 'report--1' }] }).length).toBeGreaterThan(3)
  const ofType = (type: string) => bundle.objects.filter((object) => object.type === type)
  const [report] = ofType('report')
  expect(report).toMatchObject({ name: 'Firewall flaw exploited by Volt Typhoon', report_types: ['threat-report'], labels: ['espionage', 'vulnerability-exploitation'] })
  expect(report!.external_references[0]).toEqual({ source_name: 'Security Newsroom', url: `http://localhost:3000/articles/${slugs.main}` })
  expect(ofType('threat-actor')).toEqual([expect.objectContaining({ name: 'Volt Typhoon', aliases: ['Bronze Silhouette'] })])
  expect(ofType('vulnerability')).toEqual([
    expect.objectContaining({ name: 'CVE-2024-3400', external_references: [expect.objectContaining({ source_name: 'cve', external_id: 'CVE-2024-3400' })] }),
  ])
  expect(ofType('attack-pattern').map((pattern) => [pattern.external_references[0].external_id, pattern.name, pattern.kill_chain_phases[0].phase_name])).toEqual([
    ['T1190', 'Exploit Public-Facing Application', 'initial-access'],
    ['T1566.001', 'Spearphishing Attachment', 'initial-access'],
  ])
  expect(ofType('identity').map((identity) => [identity.name, identity.identity_class, identity.sectors])).toEqual([
    ['Security Newsroom', 'organization', undefined],
    ['Energy', 'class', ['energy']],
    ['Water and wastewater systems', 'class', ['water']],
  ])
  // The actor targets each sector and the CVE and uses each technique; everything is in the report.
  const relationships = ofType('relationship')
  expect(relationships.map((relationship) => relationship.relationship_type).sort()).toEqual(['targets', 'targets', 'targets', 'uses', 'uses'])
  const ids = new Set(bundle.objects.map((object) => object.id))
  for (const relationship of relationships) expect([ids.has(relationship.source_ref), ids.has(relationship.target_ref)]).toEqual([true, true])
  expect(report!.object_refs.every((ref: string) => ids.has(ref))).toBe(true)
  expect(report!.object_refs).toHaveLength(bundle.objects.length - 2)
  // The same story always gives the same ids.
  const again = (await (await site.get(`/articles/${slugs.main}/stix.json`)).json()) as { objects: Array<{ id: string }> }
  expect(again.objects.map((object) => object.id)).toEqual(bundle.objects.map((object) => object.id))
})

test('attribution confidence is STIX confidence; a story with no facts is still a valid bundle; drafts, unknown and bad slugs have none', async () => {
  const actor = await newsroom.payload.create({ collection: 'threat-actors', data: { name: 'APT10', aliases: ['Stone Panda'] }, overrideAccess: true })
  const confidences: Record<string, number | undefined> = {}
  for (const confidence of ['confirmed', 'suspected', 'alleged', 'disputed', 'unknown']) {
    const doc = await newsroom.payload.create({
      collection: 'articles',
      data: {
        title: `Attribution ${confidence}`,
        body,
        publishedAt: day(5),
        _status: 'published',
        incident: { threatActors: [actor.id], attributedTo: 'China (state-linked groups)', attributionConfidence: confidence, victims: ['A <b>victim</b> & co'] },
      },
      overrideAccess: true,
    })
    const bundle = (await (await site.get(`/articles/${String(doc.slug)}/stix.json`)).json()) as { objects: Array<Record<string, unknown>> }
    expect({ confidence, problems: stixProblems(bundle) }).toEqual({ confidence, problems: [] })
    const attributed = bundle.objects.find((object) => object.relationship_type === 'attributed-to')
    expect(bundle.objects.find((object) => object.type === 'identity' && object.identity_class === 'organization' && object.name === 'A <b>victim</b> & co')).toBeTruthy()
    confidences[confidence] = attributed?.confidence as number | undefined
  }
  expect(confidences).toEqual({ confirmed: 85, suspected: 50, alleged: 15, disputed: 15, unknown: undefined })
  const bare = await newsroom.payload.create({ collection: 'articles', data: { title: 'No facts at all', body, publishedAt: day(4), _status: 'published' }, overrideAccess: true })
  expect(stixProblems(await (await site.get(`/articles/${String(bare.slug)}/stix.json`)).json())).toEqual([])
  const draft = await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'A draft with facts', body, incident: { cves: ['CVE-2024-3400'] } },
    draft: true,
    overrideAccess: true,
  })
  expect((await site.get(`/articles/${String(draft.slug)}/stix.json`)).status).toBe(404)
  expect((await site.get('/articles/no-such-story/stix.json')).status).toBe(404)
  expect((await site.get('/articles/%3Cscript%3E/stix.json')).status).toBe(404)
})

test('the JSON Feed: stories newest first with their facts, each fact with its page, and the story’s STIX bundle', async () => {
  const response = await site.get('/feed.json')
  expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
  const feed = (await response.json()) as { version: string; feed_url: string; items: Array<Record<string, any>> } // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field
  expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: 'http://localhost:3000/feed.json' })
  const main = feed.items.find((item) => item.url === `http://localhost:3000/articles/${slugs.main}`)!
  expect(main._security_newsroom).toMatchObject({
    threat_actors: [{ name: 'Volt Typhoon', aliases: ['Bronze Silhouette'], url: 'http://localhost:3000/actors/volt-typhoon' }],
    cves: [{ id: 'CVE-2024-3400', url: 'http://localhost:3000/cves/CVE-2024-3400' }],
    attack_techniques: [
      { id: 'T1190', name: 'Exploit Public-Facing Application', url: 'http://localhost:3000/techniques/T1190' },
      { id: 'T1566.001', name: 'Spearphishing Attachment', url: 'http://localhost:3000/techniques/T1566.001' },
    ],
    sectors: [
      { id: 'energy', name: 'Energy', url: 'http://localhost:3000/sectors/energy' },
      { id: 'water-and-wastewater', name: 'Water and wastewater systems', url: 'http://localhost:3000/sectors/water-and-wastewater' },
    ],
    stix: `http://localhost:3000/articles/${slugs.main}/stix.json`,
  })
  const dates = feed.items.map((item) => Date.parse(item.date_published))
  expect(dates).toEqual([...dates].sort((a, b) => b - a))
  expect(feed.items.some((item) => /draft|Embargoed/i.test(item.title))).toBe(false)
})
