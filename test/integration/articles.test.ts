/** The editorial model on a real Payload: slugs, attribution, publish rules, incident facts, scheduling. */
import { bodyOf, bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
let editor: { id: string; token: string }
let reuters: string
let ap: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await newsroom.staff(['admin'])
  editor = await newsroom.staff(['editor'])
  const source = async (name: string, extra: Record<string, unknown> = {}) =>
    String((await newsroom.payload.create({ collection: 'sources', data: { name, kind: 'wire-agency', defaultUsage: 'licensed', ...extra }, overrideAccess: true })).id)
  reuters = await source('Reuters')
  ap = await source('AP')
})
afterAll(() => newsroom?.close())

const create = (data: Record<string, unknown>, query = '') => newsroom.rest('POST', `/articles${query}`, { token: editor.token, body: data })
const update = (id: string, data: Record<string, unknown>, query = '') => newsroom.rest('PATCH', `/articles/${id}${query}`, { token: editor.token, body: data })
const adapted = (source: string, extra: Record<string, unknown> = {}) => ({ source, originalUrl: 'https://www.reuters.com/report', ...extra })
const fieldErrors = (json: { errors?: Array<{ data?: { errors?: Array<{ path: string; message: string }> } }> }) => json.errors?.[0]?.data?.errors ?? []

describe('slugs', () => {
  test('are generated from the headline, URL-safe, and numbered when taken', async () => {
    const first = await create({ title: 'Ransomware hits City Hall’s servers' }, '?draft=true')
    const second = await create({ title: 'Ransomware hits City Hall’s servers' }, '?draft=true')
    expect(first.status).toBe(201)
    expect(first.json.doc.slug).toBe('ransomware-hits-city-halls-servers')
    expect(second.json.doc.slug).toBe('ransomware-hits-city-halls-servers-2')
  })

  test('follow the headline until someone types one, and typed ones are normalised', async () => {
    const { json } = await create({ title: 'Working title' }, '?draft=true')
    const id = json.doc.id
    expect((await update(id, { title: 'Final headline' }, '?draft=true')).json.doc.slug).toBe('final-headline')
    expect((await update(id, { slug: 'Our Own  Slug!' }, '?draft=true')).json.doc.slug).toBe('our-own-slug')
    expect((await update(id, { title: 'Another headline' }, '?draft=true')).json.doc.slug).toBe('our-own-slug')
  })

  test('a typed slug that is taken is refused with the other article’s title', async () => {
    await create({ title: 'Patch Tuesday roundup', slug: 'patch-tuesday' }, '?draft=true')
    const clash = await create({ title: 'Something else', slug: 'patch-tuesday' }, '?draft=true')
    expect(clash.status).toBe(400)
    expect(fieldErrors(clash.json)).toEqual([
      expect.objectContaining({ path: 'slug', message: 'The slug "patch-tuesday" is already used by "Patch Tuesday roundup". Choose another.' }),
    ])
    // The admin's pop-up shows this sentence: the field as the editor sees it, then what is wrong.
    expect(clash.json.errors[0].message).toBe('The following field is invalid: Slug: The slug "patch-tuesday" is already used by "Patch Tuesday roundup". Choose another.')
  })

  test('a draft never published and not saved for 30 days gives its slug up, and says so; a recent one keeps it', async () => {
    const age = async (id: string, days: number) => {
      const then = new Date(Date.now() - days * 86_400_000).toISOString()
      await newsroom.payload.db.updateOne({ collection: 'articles', id, data: { updatedAt: then } })
      const { docs } = await newsroom.payload.db.findVersions({ collection: 'articles', where: { and: [{ parent: { equals: id } }, { latest: { equals: true } }] }, limit: 1 })
      await newsroom.payload.db.updateVersion({
        collection: 'articles',
        id: docs[0]!.id,
        versionData: { ...docs[0]!, updatedAt: then, version: { ...docs[0]!.version, updatedAt: then } },
      })
    }
    const abandoned = (await create({ title: 'Zero-day in the mail gateway' }, '?draft=true')).json.doc
    const recent = (await create({ title: 'Breach at the regional hospital' }, '?draft=true')).json.doc
    await age(abandoned.id, 31)
    await age(recent.id, 29)

    const taker = await create({ title: 'Zero-day in the mail gateway' }, '?draft=true')
    expect(taker.json.doc.slug).toBe('zero-day-in-the-mail-gateway')
    const moved = (await newsroom.rest('GET', `/articles/${abandoned.id}?draft=true`, { token: editor.token })).json
    expect(moved.slug).toBe('zero-day-in-the-mail-gateway-draft')
    expect(moved.slugNote).toMatch(
      /^Its address \/articles\/zero-day-in-the-mail-gateway went to “Zero-day in the mail gateway” on \d{4}-\d{2}-\d{2}: this draft had not been saved for 30 days and was never published\. It is now \/articles\/zero-day-in-the-mail-gateway-draft\.$/,
    )
    expect(Date.parse(moved.updatedAt)).toBeLessThan(Date.now() - 30 * 86_400_000)
    // Its owner can go on editing it under its new address.
    expect((await update(abandoned.id, { dek: 'Still working on it.' }, '?draft=true')).status).toBe(200)

    expect((await create({ title: 'Breach at the regional hospital' }, '?draft=true')).json.doc.slug).toBe('breach-at-the-regional-hospital-2')
    // A typed slug takes an abandoned draft's too.
    const old = (await create({ title: 'Old working title' }, '?draft=true')).json.doc
    await age(old.id, 45)
    expect((await create({ title: 'Fresh story', slug: 'old-working-title' }, '?draft=true')).json.doc.slug).toBe('old-working-title')
  })

  test('are fixed once published', async () => {
    const { json } = await create({ title: 'Stable link story', body: bodyOf('Text.'), _status: 'published' })
    expect(json.doc.slug).toBe('stable-link-story')
    const renamed = await update(json.doc.id, { slug: 'new-link' })
    expect(renamed.status).toBe(400)
    expect(fieldErrors(renamed.json)[0]).toEqual(expect.objectContaining({ path: 'slug', message: expect.stringMatching(/fixed once an article has been published/) }))
    const retitled = await update(json.doc.id, { title: 'A new headline for it' })
    expect(retitled.status).toBe(200)
    expect(retitled.json.doc.slug).toBe('stable-link-story')
  })
})

describe('attribution', () => {
  test('is generated from the sources: "Adapted from Reuters and AP"', async () => {
    const one = await create({ title: 'One source', adaptedFrom: [adapted(reuters)] }, '?draft=true')
    expect(one.json.doc.attributionLine).toBe('Adapted from Reuters')
    const two = await update(one.json.doc.id, { adaptedFrom: [adapted(reuters), adapted(ap)] }, '?draft=true')
    expect(two.json.doc.attributionLine).toBe('Adapted from Reuters and AP')
  })

  test('follows a source’s template, and usage terms default from the source', async () => {
    const cisa = String(
      (
        await newsroom.payload.create({
          collection: 'sources',
          data: { name: 'CISA', kind: 'government-advisory', attributionTemplate: 'Based on an advisory by {name}', defaultUsage: 'public-domain' },
          overrideAccess: true,
        })
      ).id,
    )
    const { json } = await create({ title: 'Advisory story', adaptedFrom: [{ source: cisa, originalUrl: 'https://www.cisa.gov/advisory' }] }, '?draft=true')
    expect(json.doc.attributionLine).toBe('Based on an advisory by CISA')
    expect(json.doc.adaptedFrom[0].usage).toBe('public-domain')
  })

  test('a template with another placeholder is refused with a clear message', async () => {
    const result = await newsroom.rest('POST', '/sources', { token: editor.token, body: { name: 'Broken', kind: 'other', attributionTemplate: 'Adapted from {source}' } })
    expect(result.status).toBe(400)
    expect(fieldErrors(result.json)).toEqual([
      expect.objectContaining({ path: 'attributionTemplate', message: 'Only the placeholder {name} can be used in an attribution template; remove "{source}".' }),
    ])
  })

  test('a source cited by an article cannot be deleted from under it', async () => {
    const afp = String((await newsroom.payload.create({ collection: 'sources', data: { name: 'AFP', kind: 'wire-agency' }, overrideAccess: true })).id)
    await create({ title: 'Cites AFP', adaptedFrom: [adapted(afp)] }, '?draft=true')
    const result = await newsroom.rest('DELETE', `/sources/${afp}`, { token: editor.token })
    expect(result.status).toBe(409)
    expect(result.json.errors[0].message).toBe('This source cannot be deleted: "Cites AFP" is adapted from it. Remove it from the article first.')
  })
})

describe('publish rules', () => {
  test('drafts may be incomplete', async () => {
    const result = await create({ title: 'Half-written', body: bodyOf('Quote TK'), adaptedFrom: [{ source: reuters }] }, '?draft=true')
    expect(result.status).toBe(201)
    expect(result.json.doc._status).toBe('draft')
  })

  test('publishing an incomplete adapted article answers 400 with a message per field', async () => {
    const { json } = await create({ title: 'Hackers hit %s', body: bodyOf('Quote TK'), adaptedFrom: [{ source: reuters }] }, '?draft=true')
    const result = await update(json.doc.id, { _status: 'published' })
    expect(result.status).toBe(400)
    const errors = fieldErrors(result.json)
    expect(errors.map((error) => error.path)).toEqual(['title', 'body', 'adaptedFrom.0.originalUrl'])
    expect(errors[2]?.message).toMatch(/needs the link to the original report/)
    // The pop-up names each field as the form does, never by its path.
    expect(result.json.errors[0].message).toBe(
      'The following fields are invalid: Headline: The headline contains a format placeholder "%s": replace it with the real text before publishing., Body: The body contains the copy-desk marker "TK" (to come): replace it with the real text before publishing., Adapted from → entry 1 → Original report URL: Adapted-from entry 1 needs the link to the original report, so readers can check it.',
    )
    expect(result.json.errors[0].message).not.toMatch(/adaptedFrom\.0/)
    // Nothing was published.
    expect((await newsroom.rest('GET', `/articles/${json.doc.id}`)).status).toBe(404)
  })

  test('the seed page’s broken "(Adapted form" override cannot be published', async () => {
    const result = await create({
      title: 'Override story',
      body: bodyOf('Text.'),
      adaptedFrom: [adapted(reuters, { usage: 'licensed' })],
      attributionOverride: '(Adapted form',
      _status: 'published',
    })
    expect(result.status).toBe(400)
    const messages = fieldErrors(result.json).map((error) => error.message)
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/unclosed "\("/), expect.stringMatching(/did you mean "Adapted from"/), expect.stringMatching(/does not name Reuters/)]),
    )
  })

  test('a complete article publishes, gets its dates, and is public', async () => {
    const result = await create({ title: 'Complete story', dek: 'Dek.', body: bodyOf('Body.'), adaptedFrom: [adapted(reuters, { usage: 'licensed' })], _status: 'published' })
    expect(result.status).toBe(201)
    expect(result.json.doc.publishedAt).toBeTruthy()
    expect(result.json.doc.firstPublishedAt).toBe(result.json.doc.publishedAt)
    const publicRead = await newsroom.rest('GET', `/articles/${result.json.doc.id}`)
    expect(publicRead.status).toBe(200)
    expect(publicRead.json.attributionLine).toBe('Adapted from Reuters')
  })

  test('invalid field values answer 400 with field-level messages', async () => {
    const result = await create({
      title: 'x'.repeat(201),
      adaptedFrom: [{ source: reuters, originalUrl: 'javascript:alert(1)' }],
      incident: { cves: ['CVE-19-1'], attackTechniques: ['T12'] },
    })
    expect(result.status).toBe(400)
    const paths = fieldErrors(result.json).map((error) => error.path)
    expect(paths).toEqual(expect.arrayContaining(['title', 'adaptedFrom.0.originalUrl', 'incident.cves', 'incident.attackTechniques']))
    expect(JSON.stringify(result.json)).not.toMatch(/at .*\.js:\d+/)
  })
})

describe('incident facts', () => {
  test('identifiers are normalised, de-duplicated and kept; the facts round-trip', async () => {
    const incident = {
      attributedTo: 'China (state-linked groups)',
      attributionConfidence: 'suspected',
      victims: ['National Association of Manufacturers (NAM)'],
      sectors: ['manufacturing', 'trade-association'],
      attackTypes: ['espionage'],
      cves: [' cve-2019-0708', 'CVE-2019-0708', 'CVE-2021-44228'],
      attackTechniques: ['t1566.001', 'T1059'],
      incidentWindow: { approximateLabel: 'Summer 2019' },
      status: 'contained',
    }
    const { status, json } = await create({ title: 'Facts story', incident })
    expect(status).toBe(201)
    expect(json.doc.incident).toMatchObject({ ...incident, cves: ['CVE-2019-0708', 'CVE-2021-44228'], attackTechniques: ['T1566.001', 'T1059'] })
  })

  test('unknown sectors and reversed windows are refused', async () => {
    const result = await create({ title: 'Bad facts', incident: { sectors: ['pirates'], incidentWindow: { start: '2024-05-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z' } } })
    expect(result.status).toBe(400)
    expect(fieldErrors(result.json).map((error) => error.path)).toEqual(expect.arrayContaining(['incident.sectors', 'incident.incidentWindow.end']))
  })
})

describe('scheduling', () => {
  test('a future publication time keeps a published article from the public until then', async () => {
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    const { json } = await create({ title: 'Embargoed story', body: bodyOf('Later.'), publishedAt: future, _status: 'published' })
    expect(json.doc._status).toBe('published')
    expect((await newsroom.rest('GET', `/articles/${json.doc.id}`)).status).toBe(404)
    const list = await newsroom.rest('GET', '/articles?limit=100')
    expect(list.json.docs.map((doc: { title: string }) => doc.title)).not.toContain('Embargoed story')
  })

  test('scheduled publishing runs through Payload’s job queue', async () => {
    const { json } = await create({ title: 'Scheduled story', body: bodyOf('Soon.') }, '?draft=true')
    await newsroom.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: json.doc.id }, user: { relationTo: 'users', value: editor.id } },
      waitUntil: new Date(Date.now() + 200),
    })
    await newsroom.payload.jobs.run()
    expect((await newsroom.rest('GET', `/articles/${json.doc.id}`)).status).toBe(404) // not due yet
    await new Promise((resolve) => setTimeout(resolve, 300))
    await newsroom.payload.jobs.run()
    const published = await newsroom.rest('GET', `/articles/${json.doc.id}`)
    expect(published.status).toBe(200)
    expect(published.json._status).toBe('published')
  })
})
