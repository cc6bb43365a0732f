/**
 * The article page at any size: a comment page reads and shows only its own threads, from the
 * counts kept on the article; reply targets and page numbers it does not have are redirected
 * without rendering; one shared page for everyone, with each visitor's own parts (their
 * identity line, their comments awaiting moderation) put into it for them alone.
 */
import { endReaderSession, startReaderSession } from '../../src/auth/readerSessions'
import { CommentService, type StaffAuthor } from '../../src/comments/service'
import type { CommentPolicy } from '../../src/moderation/policy'
import { guest, newBrowser, postComment, remember, type Browser } from '../helpers/comments'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
let service: CommentService
let secret: string
let moderator: StaffAuthor
let policy: CommentPolicy

type Ref = { id: string; commentsOpen: boolean; publishedAt: string }

beforeAll(async () => {
  newsroom = await bootNewsroom()
  site = await serveSite(newsroom)
  secret = newsroom.payload.secret
  service = new CommentService(newsroom.payload, 'users')
  const staff = await newsroom.payload.create({
    collection: 'users',
    data: { email: 'mod@threads.test', password: 'a long moderator password', name: 'Mo Derator', roles: ['moderator'] },
    overrideAccess: true,
  })
  moderator = { id: String(staff.id), name: 'Mo Derator', roles: ['moderator'] }
  await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { perPage: 3, floodSeconds: 0, mode: 'post-moderate' }, overrideAccess: true })
  policy = await service.policy()
})

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

async function newArticle(title: string): Promise<{ slug: string; ref: Ref }> {
  const article = await newsroom.payload.create({
    collection: 'articles',
    data: { title, body: [{ children: [{ text: 'Body.' }] }], _status: 'published' },
    overrideAccess: true,
  })
  return { slug: String(article.slug), ref: { id: String(article.id), commentsOpen: true, publishedAt: String(article.publishedAt) } }
}

let n = 0
async function comment(ref: Ref, parentId: string | null = null, rules: Partial<CommentPolicy> = {}): Promise<string> {
  n += 1
  const result = await service.submit(
    {
      article: ref,
      parentId,
      body: `Comment number ${n}.`,
      author: { kind: 'guest', name: `Reader ${n}`, email: `reader${n}@threads.example`, url: '' },
      honeypot: '',
      secondsOnPage: 30,
      ip: `198.51.100.${n % 250}`,
      userAgent: 'test',
    },
    { ...policy, ...rules },
  )
  if (!result.comment) throw new Error(JSON.stringify(result.verdict))
  return result.comment.id
}

const cookieOf = (browser: Browser) => [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await site.get(path, headers)
  return { response, html: await response.text() }
}
/** The ids of the page's top-level comments, in order. */
const topLevel = (html: string) => {
  const list = /<ol class="comment-list">([\s\S]*)<\/ol>\s*(?:<nav|<div id="respond")/.exec(html)?.[1] ?? ''
  const ids: string[] = []
  let depth = 0
  for (const match of list.matchAll(/<li id="comment-([0-9a-f-]+)"|<\/li>/g)) {
    if (match[1]) {
      if (depth === 0) ids.push(match[1])
      depth += 1
    } else depth -= 1
  }
  return ids
}
const stored = (collection: string, id: string) => newsroom.payload.findByID({ collection, id, overrideAccess: true, depth: 0 }) as Promise<Record<string, unknown>>

describe('one page of threads', () => {
  let slug: string
  let ref: Ref
  const roots: string[] = []
  let reply = ''
  let deeper = ''

  beforeAll(async () => {
    ;({ slug, ref } = await newArticle('Seven threads'))
    for (let index = 0; index < 7; index += 1) {
      roots.push(await comment(ref))
      if (index === 1) {
        reply = await comment(ref, roots[1]!)
        deeper = await comment(ref, reply)
      }
    }
  })

  test('the article keeps its counts: published comments, and those that start a thread', async () => {
    expect(await stored('articles', ref.id)).toMatchObject({ commentCount: 9, threadCount: 7 })
    expect(await stored('comments', deeper)).toMatchObject({ thread: roots[1], startsThread: false, depth: 3 })
    expect(await stored('comments', roots[0]!)).toMatchObject({ thread: null, startsThread: true, depth: 1 })
  })

  test('each page shows its own threads whole, and says how many pages there are', async () => {
    const first = await get(`/articles/${slug}`)
    expect(topLevel(first.html)).toEqual(roots.slice(0, 3))
    expect(first.html).toContain('9 responses to “Seven threads”')
    expect(first.html).toContain('Comments page 1 of 3')
    expect(first.html).toMatch(
      new RegExp(`id="comment-${roots[1]}"[\\s\\S]*<ol class="children"><li id="comment-${reply}"[\\s\\S]*<ol class="children"><li id="comment-${deeper}"`),
    )
    expect(topLevel((await get(`/articles/${slug}?cpage=2`)).html)).toEqual(roots.slice(3, 6))
    const last = await get(`/articles/${slug}?cpage=3`)
    expect(topLevel(last.html)).toEqual(roots.slice(6))
    expect(last.html).not.toContain(`comment-${reply}`)
  })

  test('a page past the last is redirected to the last, without a page being made', async () => {
    const past = await site.get(`/articles/${slug}?cpage=9`)
    expect(past.status).toBe(302)
    expect(past.headers.get('location')).toBe(`/articles/${slug}?cpage=3#comments`)
    expect((await site.get(`/articles/${slug}?cpage=0`)).status).toBe(400)
  })

  test('a reply whose parent is taken down shows at the top level, with its own replies, and goes back when the parent returns', async () => {
    await service.decide({ ids: [roots[1]!], decision: 'trash', moderator })
    expect(await stored('comments', reply)).toMatchObject({ startsThread: true })
    expect(await stored('articles', ref.id)).toMatchObject({ commentCount: 8, threadCount: 7 })
    const pages = [1, 2, 3].map((page) => get(`/articles/${slug}?cpage=${page}`))
    const shown = (await Promise.all(pages)).map(({ html }) => topLevel(html)).flat()
    expect(shown).toContain(reply)
    expect(shown).not.toContain(roots[1])
    const withReply = (await Promise.all(pages)).find(({ html }) => topLevel(html).includes(reply))!.html
    expect(withReply).toMatch(new RegExp(`<li id="comment-${reply}" class="comment depth-2">[\\s\\S]*<ol class="children"><li id="comment-${deeper}"`))

    await service.decide({ ids: [roots[1]!], decision: 'approve', moderator })
    expect(await stored('comments', reply)).toMatchObject({ startsThread: false })
    expect(await stored('articles', ref.id)).toMatchObject({ commentCount: 9, threadCount: 7 })
    expect(topLevel((await get(`/articles/${slug}`)).html)).toEqual(roots.slice(0, 3))
  })

  test('a reply target on the page addresses the form; any other is redirected without a page', async () => {
    const addressed = await get(`/articles/${slug}?replytocom=${roots[0]}`)
    expect(addressed.html).toContain(`Leave a Reply to Reader`)
    expect(addressed.html).toContain(`name="comment_parent" value="${roots[0]}"`)
    const elsewhere = await site.get(`/articles/${slug}?cpage=2&replytocom=${roots[0]}`)
    expect(elsewhere.status).toBe(302)
    expect(elsewhere.headers.get('location')).toBe(`/articles/${slug}?cpage=2#respond`)
    const random = await site.get(`/articles/${slug}?replytocom=6f9619ff-8b86-4d11-b42d-00c04fc964ff`)
    expect(random.status).toBe(302)
    expect(random.headers.get('location')).toBe(`/articles/${slug}#respond`)
    expect((await site.get(`/articles/${slug}?replytocom=<script>`)).status).toBe(400)
    // Reply links on a later page keep the page, and its form posts back to it.
    const second = (await get(`/articles/${slug}?cpage=2`)).html
    expect(second).toContain(`?cpage=2&amp;replytocom=${roots[3]}#respond`)
    const form = (await get(`/articles/${slug}?cpage=2&replytocom=${roots[3]}`)).html
    expect(form).toContain(`action="/articles/${slug}/comments?cpage=2"`)
  })

  test('made-up query parameters are the same page: same validator, nothing of their own', async () => {
    const plain = await site.get(`/articles/${slug}`)
    const tagged = await site.get(`/articles/${slug}?utm_source=newsletter&fbclid=abc123&x=${'y'.repeat(200)}`)
    expect(tagged.status).toBe(200)
    expect(tagged.headers.get('etag')).toBe(plain.headers.get('etag'))
    expect(tagged.headers.get('cache-control')).toBe(plain.headers.get('cache-control'))
  })
})

describe('each visitor’s own parts, on the shared page', () => {
  let slug: string
  let ref: Ref

  beforeAll(async () => {
    ;({ slug, ref } = await newArticle('Visitors and their own'))
    await comment(ref)
  })

  test('a guest sees every one of their comments awaiting moderation (twenty are remembered)', async () => {
    await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { mode: 'pre-moderate' }, overrideAccess: true })
    const browser = newBrowser()
    const ids: string[] = []
    for (let index = 0; index < 6; index += 1) {
      const posted = await postComment(site, slug, { ...guest('Prolific Guest'), comment: `Held comment ${index}.` }, { secret, browser })
      expect(posted.status).toBe(303)
      ids.push(/#comment-([0-9a-f-]+)$/.exec(posted.headers.get('location') ?? '')![1]!)
    }
    await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { mode: 'post-moderate' }, overrideAccess: true })
    const mine = await site.get(`/articles/${slug}`, { Cookie: cookieOf(browser) })
    remember(browser, mine)
    const html = await mine.text()
    for (const id of ids) expect(html).toContain(`<li id="comment-${id}" class="comment depth-1 pending">`)
    expect(mine.headers.get('cache-control')).toBe('private, no-store')
    const theirs = await get(`/articles/${slug}`)
    for (const id of ids) expect(theirs.html).not.toContain(id)
  })

  test('a signed-in reader’s page is theirs alone: their identity line, never another’s, never the shared page', async () => {
    const [ada, grace] = await Promise.all(
      ['Ada Lovelace', 'Grace Hopper'].map((displayName) => newsroom.payload.create({ collection: 'readers', data: { displayName }, overrideAccess: true })),
    )
    const sessions = await Promise.all([ada, grace].map((reader) => startReaderSession(newsroom.payload, String(reader!.id), { provider: 'google' })))
    const cookies = sessions.map((session) => `newsroom_reader=${session.token}`)
    for (let round = 0; round < 3; round += 1) {
      const [asAda, asGrace, anonymous] = await Promise.all([
        get(`/articles/${slug}`, { Cookie: cookies[0]! }),
        get(`/articles/${slug}`, { Cookie: cookies[1]! }),
        get(`/articles/${slug}`),
      ])
      expect(asAda.html).toContain('<strong class="reader-name">Ada Lovelace</strong>')
      expect(asAda.html).not.toContain('Grace Hopper')
      expect(asGrace.html).toContain('<strong class="reader-name">Grace Hopper</strong>')
      expect(asGrace.html).not.toContain('Ada Lovelace')
      for (const personal of [asAda, asGrace]) {
        expect(personal.response.headers.get('cache-control')).toBe('private, no-store')
        expect(personal.response.headers.get('vary')).toBe('Accept-Encoding, Cookie')
        expect(personal.response.headers.get('etag')).toBeNull()
      }
      expect(anonymous.html).not.toContain('comment-identity')
      expect(anonymous.response.headers.get('cache-control')).toMatch(/^public, /)
      expect(anonymous.response.headers.getSetCookie?.() ?? []).toEqual([])
    }
    // Signed out (through any instance: the session's end changes the personal version): the cookie is a stranger's.
    await endReaderSession(newsroom.payload, sessions[0]!.token)
    expect((await get(`/articles/${slug}`, { Cookie: cookies[0]! })).html).not.toContain('Ada Lovelace')
    // Renamed by a moderator: the kept session shows the new name at once.
    await newsroom.payload.update({ collection: 'readers', id: grace!.id, data: { displayName: 'Rear Admiral Hopper' }, overrideAccess: true })
    expect((await get(`/articles/${slug}`, { Cookie: cookies[1]! })).html).toContain('<strong class="reader-name">Rear Admiral Hopper</strong>')
  })

  test('a reader’s comment awaiting moderation leaves their page when a moderator rejects it; their published one keeps its Edit link', async () => {
    const reader = await newsroom.payload.create({ collection: 'readers', data: { displayName: 'Katherine Johnson' }, overrideAccess: true })
    const session = await startReaderSession(newsroom.payload, String(reader.id), { provider: 'google' })
    const cookie = { Cookie: `newsroom_reader=${session.token}` }
    const submit = (body: string, mode: CommentPolicy['mode']) =>
      service.submit(
        {
          article: ref,
          parentId: null,
          body,
          author: { kind: 'reader', reader: reader as never, provider: 'google' },
          honeypot: '',
          secondsOnPage: 30,
          ip: '203.0.113.9',
          userAgent: 'test',
        },
        { ...policy, mode },
      )
    const published = (await submit('Trajectories first, then the launch window.', 'post-moderate')).comment!.id
    const held = (await submit('A second thought, held for a moderator.', 'pre-moderate')).comment!.id
    let html = (await get(`/articles/${slug}`, cookie)).html
    expect(html).toContain(`<li id="comment-${held}" class="comment depth-1 pending">`)
    expect(html).toContain(`href="/articles/${slug}/comments/${published}/edit">Edit</a>`)
    await service.decide({ ids: [held], decision: 'reject', moderator, reason: 'off-topic' })
    html = (await get(`/articles/${slug}`, cookie)).html
    expect(html).not.toContain(held)
    expect(html).toContain(`/comments/${published}/edit">Edit</a>`)
    // Nobody else sees the Edit link.
    expect((await get(`/articles/${slug}`)).html).not.toContain('comment-edit-link')
  })
})

test('moderating comments does not touch the article: its updatedAt (the page’s "Updated" and dateModified) stays', async () => {
  const { slug, ref } = await newArticle('Quiet article')
  const before = await stored('articles', ref.id)
  await new Promise((resolve) => setTimeout(resolve, 20))
  const id = await comment(ref, null, { mode: 'pre-moderate' })
  await service.decide({ ids: [id], decision: 'approve', moderator })
  await comment(ref)
  const after = await stored('articles', ref.id)
  expect(after).toMatchObject({ commentCount: 2, threadCount: 2 })
  expect(after.updatedAt).toBe(before.updatedAt)
  expect((await get(`/articles/${slug}`)).html).not.toContain('Updated <time')
})
