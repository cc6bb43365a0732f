/**
 * The access matrix, through REST: every principal × collection × operation. Each denied
 * attempt is also checked to have changed nothing.
 */
import { READER_COOKIE, startReaderSession } from '../../src/auth/readerSessions'
import { REACTIONS_TASK } from '../../src/comments/reactions'
import { bodyOf, bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { png, uploadForm } from '../helpers/images'

type Principal = 'anonymous' | 'admin' | 'editor' | 'author' | 'moderator'
type Op = 'create' | 'read' | 'update' | 'delete'
const PRINCIPALS: Principal[] = ['anonymous', 'admin', 'editor', 'author', 'moderator']

let newsroom: TestNewsroom
const tokens: Record<Principal, string | null> = { anonymous: null, admin: null, editor: null, author: null, moderator: null }
const ids: Partial<Record<Principal, string>> = {}

beforeAll(async () => {
  newsroom = await bootNewsroom()
  for (const role of PRINCIPALS.slice(1)) {
    const member = await newsroom.staff([role], role)
    tokens[role] = member.token
    ids[role] = member.id
  }
})
afterAll(() => newsroom?.close())

const as = (who: Principal) => ({ token: tokens[who] })
const allowed = (status: number) => status >= 200 && status < 300
const local = { overrideAccess: true } as const

/** Fresh records for each attempt, so one principal's delete cannot hide another's result. */
const fixtures = {
  async articles() {
    const doc = await newsroom.payload.create({ collection: 'articles', data: { title: `Editor’s draft ${Math.random()}`, authors: [ids.editor!] }, draft: true, ...local })
    return String(doc.id)
  },
  async sources() {
    return String(
      (await newsroom.payload.create({ collection: 'sources', data: { name: `Source ${Math.random()}`, kind: 'other', notes: 'internal licence terms' }, ...local })).id,
    )
  },
  async 'threat-actors'() {
    return String((await newsroom.payload.create({ collection: 'threat-actors', data: { name: `Actor ${Math.random()}` }, ...local })).id)
  },
  async media() {
    const data = await png()
    return String(
      (
        await newsroom.payload.create({
          collection: 'media',
          data: { alt: 'Blue square' },
          file: { data, mimetype: 'image/png', name: `square-${Math.random()}.png`, size: data.length },
          ...local,
        })
      ).id,
    )
  },
  async users() {
    return String(
      (
        await newsroom.payload.create({
          collection: 'users',
          data: { email: `someone-${Math.random()}@newsroom.test`, name: 'Someone', roles: ['author'], password: 'a long enough password' },
          ...local,
        })
      ).id,
    )
  },
}
type Slug = keyof typeof fixtures

const createBody: Record<Slug, () => Promise<{ body?: unknown; form?: FormData }>> = {
  articles: async () => ({ body: { title: `New ${Math.random()}` } }),
  sources: async () => ({ body: { name: `New source ${Math.random()}`, kind: 'other' } }),
  'threat-actors': async () => ({ body: { name: `New actor ${Math.random()}` } }),
  media: async () => ({ form: uploadForm(await png(), `new-${Math.random()}.png`, 'image/png', { alt: 'New image' }) }),
  users: async () => ({ body: { email: `new-${Math.random()}@newsroom.test`, name: 'New', roles: ['author'], password: 'a long enough password' } }),
}
const updateBody: Record<Slug, () => Record<string, string>> = {
  articles: () => ({ title: 'Changed headline' }),
  sources: () => ({ name: `Changed ${Math.random()}` }),
  'threat-actors': () => ({ description: 'Changed description' }),
  media: () => ({ alt: 'Changed alt text' }),
  users: () => ({ name: 'Changed name' }),
}
const changedField: Record<Slug, string> = { articles: 'title', sources: 'name', 'threat-actors': 'description', media: 'alt', users: 'name' }

// ✓ = allowed. Articles here are someone else's draft; own work and publishing are tested below.
const MATRIX: Record<Slug, Record<Op, Principal[]>> = {
  articles: { create: ['admin', 'editor', 'author'], read: ['admin', 'editor', 'author', 'moderator'], update: ['admin', 'editor'], delete: ['admin', 'editor'] },
  sources: { create: ['admin', 'editor', 'author'], read: PRINCIPALS, update: ['admin', 'editor', 'author'], delete: ['admin', 'editor'] },
  'threat-actors': { create: ['admin', 'editor', 'author'], read: PRINCIPALS, update: ['admin', 'editor', 'author'], delete: ['admin', 'editor'] },
  media: { create: ['admin', 'editor', 'author'], read: PRINCIPALS, update: ['admin', 'editor', 'author'], delete: ['admin', 'editor'] },
  users: { create: ['admin'], read: ['admin', 'editor', 'author', 'moderator'], update: ['admin'], delete: ['admin'] },
}

const cases = (Object.keys(MATRIX) as Slug[]).flatMap((slug) =>
  (['create', 'read', 'update', 'delete'] as Op[]).flatMap((op) => PRINCIPALS.map((who) => [slug, op, who, MATRIX[slug][op].includes(who)] as const)),
)

describe('access matrix through REST', () => {
  test.each(cases)('%s %s by %s → allowed: %s', async (slug, op, who, expected) => {
    if (op === 'create') {
      const before = (await newsroom.payload.count({ collection: slug, ...local })).totalDocs
      const result = await newsroom.rest('POST', `/${slug}`, { ...as(who), ...(await createBody[slug]()) })
      expect(allowed(result.status)).toBe(expected)
      if (!expected) expect([401, 403]).toContain(result.status)
      expect((await newsroom.payload.count({ collection: slug, ...local })).totalDocs).toBe(before + (expected ? 1 : 0))
      return
    }
    const id = await fixtures[slug]()
    if (op === 'read') {
      const result = await newsroom.rest('GET', `/${slug}/${id}`, as(who))
      expect(allowed(result.status)).toBe(expected)
      if (!expected) expect([401, 403, 404]).toContain(result.status)
      return
    }
    if (op === 'update') {
      const change = updateBody[slug]()
      const result = await newsroom.rest('PATCH', `/${slug}/${id}`, { ...as(who), body: change })
      expect(allowed(result.status)).toBe(expected)
      if (!expected) expect([401, 403, 404]).toContain(result.status)
      const stored = (await newsroom.payload.findByID({ collection: slug, id, draft: true, ...local })) as Record<string, unknown>
      expect(stored[changedField[slug]] === change[changedField[slug]]).toBe(expected)
      return
    }
    const result = await newsroom.rest('DELETE', `/${slug}/${id}`, as(who))
    expect(allowed(result.status)).toBe(expected)
    if (!expected) expect([401, 403, 404]).toContain(result.status)
    const stillThere = await newsroom.payload.findByID({ collection: slug, id, draft: true, disableErrors: true, ...local })
    expect(stillThere === null).toBe(expected)
  })
})

describe('articles: own work, publishing and reading', () => {
  test('authors edit their own drafts and delete never-published ones', async () => {
    const created = await newsroom.rest('POST', '/articles', { ...as('author'), body: { title: 'My draft' } })
    expect(created.status).toBe(201)
    expect(created.json.doc.authors.map((author: { id: string }) => author.id)).toEqual([ids.author])
    const edited = await newsroom.rest('PATCH', `/articles/${created.json.doc.id}?draft=true`, { ...as('author'), body: { dek: 'My dek' } })
    expect(edited.status).toBe(200)
    expect((await newsroom.rest('DELETE', `/articles/${created.json.doc.id}`, as('author'))).status).toBe(200)
  })

  test('authors cannot publish, even their own work', async () => {
    const created = await newsroom.rest('POST', '/articles', { ...as('author'), body: { title: 'Wants out', body: bodyOf('Text') } })
    const publish = await newsroom.rest('PATCH', `/articles/${created.json.doc.id}`, { ...as('author'), body: { _status: 'published' } })
    expect(publish.status).toBe(403)
    const direct = await newsroom.rest('POST', '/articles', { ...as('author'), body: { title: 'Straight out', body: bodyOf('Text'), _status: 'published' } })
    expect(direct.status).toBe(403)
    expect((await newsroom.rest('GET', `/articles/${created.json.doc.id}`)).status).toBe(404)
  })

  test('once published, an author may only save drafts of it; the live version is the editor’s', async () => {
    const created = await newsroom.rest('POST', '/articles', { ...as('author'), body: { title: 'Co-written', body: bodyOf('First version') } })
    const id = created.json.doc.id
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { ...as('editor'), body: { _status: 'published' } })).status).toBe(200)

    const liveEdit = await newsroom.rest('PATCH', `/articles/${id}`, { ...as('author'), body: { title: 'Changed live' } })
    expect(liveEdit.status).toBe(403)
    expect(liveEdit.json.errors[0].message).toMatch(/save your changes as a draft/)
    const unpublish = await newsroom.rest('PATCH', `/articles/${id}`, { ...as('author'), body: { _status: 'draft' } })
    expect(unpublish.status).toBe(403)
    const draftEdit = await newsroom.rest('PATCH', `/articles/${id}?draft=true`, { ...as('author'), body: { title: 'Proposed headline' } })
    expect(draftEdit.status).toBe(200)

    const live = await newsroom.rest('GET', `/articles/${id}`)
    expect(live.json.title).toBe('Co-written')
    expect(live.json._status).toBe('published')
    expect((await newsroom.rest('DELETE', `/articles/${id}`, as('author'))).status).toBe(403)
  })

  test('editors publish; moderators read but cannot change articles', async () => {
    const id = await fixtures.articles()
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { ...as('moderator'), body: { _status: 'published' } })).status).toBe(403)
    const published = await newsroom.rest('PATCH', `/articles/${id}`, { ...as('editor'), body: { body: bodyOf('Ready.'), _status: 'published' } })
    expect(published.status).toBe(200)
    expect((await newsroom.rest('GET', `/articles/${id}`)).json._status).toBe('published')
  })

  test('the public sees only published articles, never drafts, draft versions or version history', async () => {
    const draftId = await fixtures.articles()
    for (const path of [`/articles/${draftId}`, `/articles/${draftId}?draft=true`]) {
      expect((await newsroom.rest('GET', path)).status).toBe(404)
    }
    const list = await newsroom.rest('GET', '/articles?draft=true&limit=200')
    expect(list.json.docs.every((doc: { _status: string }) => doc._status === 'published')).toBe(true)
    expect((await newsroom.rest('GET', '/articles/versions')).status).toBe(403)
  })

  test('internal source notes are staff-only', async () => {
    const id = await fixtures.sources()
    expect((await newsroom.rest('GET', `/sources/${id}`)).json.notes).toBeUndefined()
    expect((await newsroom.rest('GET', `/sources/${id}`, as('author'))).json.notes).toBe('internal licence terms')
  })
})

describe('staff and roles', () => {
  test('nobody raises their own role; the attempt is refused, not silently dropped', async () => {
    for (const who of ['editor', 'author', 'moderator'] as const) {
      const result = await newsroom.rest('PATCH', `/users/${ids[who]}`, { ...as(who), body: { roles: ['admin'] } })
      expect(result.status).toBe(403)
      expect(result.json.errors[0].message).toBe('Only admins can change roles.')
      const stored = await newsroom.payload.findByID({ collection: 'users', id: ids[who]!, ...local })
      expect(stored.roles).toEqual([who])
    }
  })

  test('staff edit their own profile; admins change roles', async () => {
    expect((await newsroom.rest('PATCH', `/users/${ids.author}`, { ...as('author'), body: { name: 'Alex A.' } })).status).toBe(200)
    const promoted = await newsroom.rest('PATCH', `/users/${ids.author}`, { ...as('admin'), body: { roles: ['author', 'moderator'] } })
    expect(promoted.status).toBe(200)
    expect(promoted.json.doc.roles).toEqual(['author', 'moderator'])
  })

  test('the last admin cannot be demoted or deleted', async () => {
    const demote = await newsroom.rest('PATCH', `/users/${ids.admin}`, { ...as('admin'), body: { roles: ['editor'] } })
    expect(demote.status).toBe(400)
    expect(JSON.stringify(demote.json)).toMatch(/last admin/)
    const remove = await newsroom.rest('DELETE', `/users/${ids.admin}`, as('admin'))
    expect(remove.status).toBe(409)
  })

  test('the public cannot list staff', async () => {
    expect((await newsroom.rest('GET', '/users')).status).toBe(403)
  })
})

test('sign-ins to one staff account at the same moment each keep their session (Payload would keep only the last)', async () => {
  const { email } = await newsroom.staff(['editor'], 'two-devices')
  const tokens = await Promise.all(Array.from({ length: 5 }, () => newsroom.login(email)))
  const seen = await Promise.all(tokens.map(async (token) => (await newsroom.rest('GET', '/users/me', { token })).json?.user?.email ?? null))
  expect(seen).toEqual(tokens.map(() => email))
  // Signing out of one leaves the others signed in.
  expect((await newsroom.rest('POST', '/users/logout', { token: tokens[0] })).status).toBe(200)
  expect((await newsroom.rest('GET', '/users/me', { token: tokens[0] })).json?.user ?? null).toBeNull()
  expect((await newsroom.rest('GET', '/users/me', { token: tokens[1] })).json?.user?.email).toBe(email)
})

test('the job runner cannot be set off through REST: not by staff of any role, not by a signed-in reader, not by anyone', async () => {
  const reader = await newsroom.payload.create({ collection: 'readers', data: { displayName: 'Curious Reader' }, ...local })
  const session = await startReaderSession(newsroom.payload, String(reader.id), { provider: 'google' })
  const readerCookie = { headers: { Cookie: `${READER_COOKIE}=${session.token}` } }
  // A due job: run, it would complete (and be gone).
  const job = await newsroom.payload.jobs.queue({ task: REACTIONS_TASK, input: {} })
  const callers = [...PRINCIPALS.map((who) => ({ who, options: as(who) })), { who: 'reader', options: readerCookie }]
  for (const { who, options } of callers)
    for (const endpoint of ['/payload-jobs/run?allQueues=true', '/payload-jobs/handle-schedules']) {
      const result = await newsroom.rest('GET', endpoint, options)
      expect({ who, endpoint, refused: [401, 403].includes(result.status) }).toEqual({ who, endpoint, refused: true })
    }
  const still = await newsroom.payload.findByID({ collection: 'payload-jobs', id: job.id, disableErrors: true, ...local })
  expect(still?.completedAt ?? null).toBeNull()
  expect(still?.processing).toBe(false)
  await newsroom.payload.delete({ collection: 'payload-jobs', id: job.id, ...local })
})
