/**
 * "Leave a Reply" through the form and as JSON: the policy's verdicts, what each visitor sees,
 * the moderation log and counts, and what the public APIs never show.
 */
import { seedDemoContent } from '../../src/seed/seed'
import { startReaderSession } from '../../src/auth/readerSessions'
import { guest, newBrowser, postComment, postForm, remember, type Browser } from '../helpers/comments'
import { bootNewsroom, ORIGIN, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
let slug: string
let articleId: string
let moderatorToken: string
let secret: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'demo password for comment tests' })
  site = await serveSite(newsroom)
  secret = newsroom.payload.secret
  // An article of its own, so the demo's comments do not count here.
  const article = await newsroom.payload.create({
    collection: 'articles',
    data: {
      title: 'Comments under test',
      body: [{ children: [{ text: 'Body.' }] }],
      adaptedFrom: [
        { source: (await newsroom.payload.find({ collection: 'sources', overrideAccess: true })).docs[0]!.id, originalUrl: 'https://www.reuters.com/x', usage: 'licensed' },
      ],
      _status: 'published',
    },
    overrideAccess: true,
  })
  slug = article.slug as string
  articleId = String(article.id)
  moderatorToken = await newsroom.login('moderator@newsroom.test', 'demo password for comment tests')
  // Tests post faster than people: the flood limit is tested on its own below.
  await setPolicy({ floodSeconds: 0 })
})

const setPolicy = (data: Record<string, unknown>) => newsroom.payload.updateGlobal({ slug: 'comment-policy', data, overrideAccess: true })
afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

const page = async (browser?: Browser, query = '') => {
  const response = await site.get(`/articles/${slug}${query}`, browser ? { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {})
  if (browser) remember(browser, response)
  return { response, html: await response.text() }
}
const commentId = (response: Response) => /#comment-([0-9a-f-]+)$/.exec(response.headers.get('location') ?? '')?.[1] ?? ''
const decide = (ids: string[], decision: string, reason?: string) =>
  newsroom.rest('POST', '/newsroom/moderation/decide', { token: moderatorToken, body: { ids, decision, reason } })
const stored = (id: string) => newsroom.payload.findByID({ collection: 'comments', id, overrideAccess: true, depth: 0 }) as Promise<Record<string, any>> // eslint-disable-line @typescript-eslint/no-explicit-any -- stored documents are inspected field by field

describe('a guest replies', () => {
  let browser: Browser
  let id: string

  test('the form posts, answers 303 to the comment, and a first comment is held with its reasons', async () => {
    browser = newBrowser()
    const response = await postComment(site, slug, { ...guest('Jane Reader'), comment: 'Thanks for this. Who was the outside firm?' }, { secret, browser })
    expect(response.status).toBe(303)
    id = commentId(response)
    expect(response.headers.get('location')).toBe(`/articles/${slug}#comment-${id}`)
    const comment = await stored(id)
    expect(comment).toMatchObject({
      status: 'pending',
      authorName: 'Jane Reader',
      guestEmail: 'jane.reader@example.org',
      holdReasons: [{ code: 'first-comment', text: 'first comment by this commenter' }],
    })
    expect(comment.ipHash).toMatch(/^[\w-]{43}$/)
    expect(JSON.stringify(comment)).not.toContain(browser.ip)
    expect(comment.moderationLog).toEqual([expect.objectContaining({ from: null, to: 'pending', reason: 'moderation policy', note: 'first comment by this commenter' })])
  })

  test('its author sees it "awaiting moderation"; nobody else does, and the shared page is unchanged', async () => {
    const mine = await page(browser)
    expect(mine.response.headers.get('cache-control')).toBe('private, no-store')
    expect(mine.html).toContain(`<li id="comment-${id}" class="comment depth-1 pending">`)
    expect(mine.html).toContain('Your comment is awaiting moderation.')
    const theirs = await page(newBrowser())
    expect(theirs.html).not.toContain(id)
    expect(theirs.html).not.toContain('awaiting moderation')
    expect(theirs.response.headers.get('cache-control')).toMatch(/^public, max-age=0, s-maxage=\d+/)
  })

  test('a moderator approves it: published for everyone at once, logged, counted', async () => {
    const before = await page(newBrowser())
    const result = await decide([id], 'approve')
    expect(result.status).toBe(200)
    expect(result.json).toEqual({ updated: 1 })
    const after = await page(newBrowser())
    expect(after.response.headers.get('etag')).not.toBe(before.response.headers.get('etag'))
    expect(after.html).toContain(`<li id="comment-${id}" class="comment depth-1">`)
    expect(after.html).toContain('One response to “')
    const comment = await stored(id)
    const moderator = (await newsroom.payload.find({ collection: 'users', where: { email: { equals: 'moderator@newsroom.test' } }, overrideAccess: true })).docs[0]!
    expect(comment.moderationLog.at(-1)).toMatchObject({ from: 'pending', to: 'approved', by: String(moderator.id) })
    const article = await newsroom.payload.findByID({ collection: 'articles', id: articleId, overrideAccess: true })
    expect(article.commentCount).toBe(1)
    const standing = await newsroom.payload.findByID({ collection: 'guest-commenters', id: String(comment.guestCommenter), overrideAccess: true })
    expect(standing).toMatchObject({ approvedCount: 1, rejectedCount: 0 })
    // The count was written without creating an article version or touching its sources.
    expect(article.adaptedFrom).toHaveLength(1)
  })

  test('the same guest is then approved at once (previously approved)', async () => {
    const response = await postComment(site, slug, { ...guest('Jane Reader'), comment: 'And a follow-up.' }, { secret, browser: newBrowser() })
    expect((await stored(commentId(response))).status).toBe('approved')
  })

  test('replies thread under their parent, and the form says whom it replies to', async () => {
    const replying = await page(newBrowser(), `?replytocom=${id}`)
    expect(replying.html).toContain('Leave a Reply to Jane Reader <small><a rel="nofollow" id="cancel-comment-reply-link"')
    expect(replying.html).toContain(`<input type="hidden" name="comment_parent" value="${id}">`)
    const response = await postComment(site, slug, { ...guest('Jane Reader'), comment: 'Replying to myself.', comment_parent: id }, { secret, browser: newBrowser() })
    const reply = await stored(commentId(response))
    expect(reply).toMatchObject({ parent: id, depth: 2, status: 'approved' })
    expect((await page(newBrowser())).html).toMatch(new RegExp(`<li id="comment-${id}"[\\s\\S]*<ol class="children"><li id="comment-${reply.id}" class="comment depth-2">`))
  })
})

describe('refusals keep the reader’s text and say why', () => {
  test('duplicate → 409, as a page with the text kept and as JSON with the field', async () => {
    const browser = newBrowser()
    await postComment(site, slug, { ...guest('Dupe Tester'), comment: 'Exactly the same words.' }, { secret, browser })
    const again = await postComment(site, slug, { ...guest('Dupe Tester'), comment: 'Exactly the same words.' }, { secret, browser: newBrowser() })
    expect(again.status).toBe(409)
    const html = await again.text()
    expect(html).toContain('Duplicate comment detected')
    expect(html).toContain('>Exactly the same words.</textarea>')
    expect(html).toContain('value="Dupe Tester"')
    const json = await postComment(site, slug, { ...guest('Dupe Tester'), comment: 'Exactly the same words.' }, { secret, browser: newBrowser(), json: true })
    expect(json.status).toBe(409)
    expect(await json.json()).toEqual({ error: 'Duplicate comment detected: it looks as though you’ve already said that!', field: 'comment' })
  })

  test('flood → 429 from the same address, or the same person, within 15 seconds', async () => {
    await setPolicy({ floodSeconds: 15 })
    try {
      const browser = newBrowser()
      expect((await postComment(site, slug, { ...guest('Fast Typist'), comment: 'First.' }, { secret, browser })).status).toBe(303)
      const sameAddress = await postComment(site, slug, { ...guest('Other Name'), comment: 'Second, too soon.' }, { secret, browser, json: true })
      expect(sameAddress.status).toBe(429)
      expect((await sameAddress.json()).error).toMatch(/too quickly\. Please wait 1\d? seconds?/)
      const samePerson = await postComment(site, slug, { ...guest('Fast Typist'), comment: 'From elsewhere.' }, { secret, browser: newBrowser(), json: true })
      expect(samePerson.status).toBe(429)
    } finally {
      await setPolicy({ floodSeconds: 0 })
    }
  })

  test('missing fields, bad email and bad website → 400 naming the field', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...guest('A'), comment: '' }, 'comment'],
      [{ ...guest('B'), author: '', comment: 'x' }, 'author'],
      [{ ...guest('C'), email: 'not-an-email', comment: 'x' }, 'email'],
      [{ ...guest('D'), url: 'javascript:alert(1)', comment: 'x' }, 'url'],
    ]
    for (const [fields, field] of cases) {
      const response = await postComment(site, slug, fields, { secret, browser: newBrowser(), json: true })
      expect({ field, status: response.status, body: await response.json() }).toEqual({ field, status: 400, body: { error: expect.any(String), field } })
    }
  })

  test('CSRF: another site’s Origin or Fetch Metadata → 403; a browser that says neither needs the token → 403, nothing stored', async () => {
    const before = (await newsroom.payload.count({ collection: 'comments', overrideAccess: true })).totalDocs
    const crossSite = { 'Sec-Fetch-Site': 'cross-site' }
    expect((await postComment(site, slug, { ...guest('Csrf Three'), comment: 'Cross-site.' }, { secret, browser: newBrowser(), origin: 'https://evil.example' })).status).toBe(403)
    expect((await postComment(site, slug, { ...guest('Csrf Four'), comment: 'Cross.' }, { secret, browser: newBrowser(), origin: null, headers: crossSite })).status).toBe(403)
    expect(
      (await postComment(site, slug, { ...guest('Csrf Five'), comment: 'Sibling.' }, { secret, browser: newBrowser(), origin: null, headers: { 'Sec-Fetch-Site': 'same-site' } }))
        .status,
    ).toBe(403)
    // Fetch Metadata outranks a token: a cross-site request with a valid token is still refused.
    expect((await postComment(site, slug, { ...guest('Csrf Six'), comment: 'Token.' }, { secret, browser: newBrowser(), origin: null, headers: crossSite })).status).toBe(403)
    const stolen = newBrowser()
    const fields = { ...guest('Csrf Two'), comment: 'Forged.', _csrf: 'x'.repeat(43), _ts: 'a.b' }
    expect((await postComment(site, slug, fields, { secret, browser: stolen, withTokens: false, origin: null })).status).toBe(403)
    // Neither header and no token: the form comes back with the text kept and a token of this visitor's own to send it with.
    const asker = newBrowser()
    const noToken = await postComment(site, slug, { ...guest('Csrf One'), comment: 'No token.' }, { secret, browser: asker, withTokens: false, origin: null })
    expect(noToken.status).toBe(403)
    const again = await noToken.text()
    expect(again).toContain('>No token.</textarea>')
    expect(again).toContain('did not say which site this form came from')
    expect(noToken.headers.get('cache-control')).toBe('private, no-store')
    expect((await newsroom.payload.count({ collection: 'comments', overrideAccess: true })).totalDocs).toBe(before)
    const token = /name="_csrf" value="([^"]+)"/.exec(again)?.[1]
    expect(token).toBeDefined()
    expect(asker.cookies.get('newsroom_csrf')).toBeDefined()
    const resent = await postComment(
      site,
      slug,
      { ...guest('Csrf One'), comment: 'No token.', _csrf: token! },
      { secret, browser: asker, withTokens: false, origin: null, secondsAgo: 10 },
    )
    expect(resent.status).toBe(303)
  })

  test('a form from this site’s own page needs no token: Fetch Metadata or Origin says where it came from', async () => {
    const sameOrigin = await postComment(
      site,
      slug,
      { ...guest('Fetch Meta'), comment: 'Sent from the article.' },
      { secret, browser: newBrowser(), withTokens: false, origin: null, headers: { 'Sec-Fetch-Site': 'same-origin' }, formTime: true },
    )
    expect(sameOrigin.status).toBe(303)
    const byOrigin = await postComment(
      site,
      slug,
      { ...guest('Origin Only'), comment: 'Sent by an older browser.' },
      { secret, browser: newBrowser(), withTokens: false, formTime: true },
    )
    expect(byOrigin.status).toBe(303)
  })

  test('comments closed → 403', async () => {
    const closed = await newsroom.payload.create({
      collection: 'articles',
      data: { title: 'Closed for comments', body: [{ children: [{ text: 'x' }] }], comments: 'closed', _status: 'published' },
      overrideAccess: true,
    })
    const form = (await page(newBrowser(), '')).html
    expect(form).toContain('id="commentform"')
    const response = await postComment(site, String(closed.slug), { ...guest('Late'), comment: 'Hello?' }, { secret, browser: newBrowser(), json: true })
    expect(response.status).toBe(403)
    expect((await response.json()).error).toBe('Comments are closed on this article.')
    const closedPage = await site.get(`/articles/${closed.slug}`)
    expect(await closedPage.text()).toContain('Comments are closed.')
  })

  test('an unknown article → 404; a malformed body → 400; a huge body → 413', async () => {
    expect((await postComment(site, 'no-such-article', { ...guest('X'), comment: 'x' }, { secret, browser: newBrowser(), json: true })).status).toBe(404)
    const browser = newBrowser()
    const malformed = await site.request('POST', `/articles/${slug}/comments`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': browser.ip, Origin: site.url },
      body: 'comment=%E0%A4%A&author=x',
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.text()).toContain('The form data was malformed')
    const invalidUtf8 = await site.request('POST', `/articles/${slug}/comments`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: Buffer.from([0x63, 0x3d, 0xff, 0xfe]),
    })
    expect(invalidUtf8.status).toBe(400)
    expect((await invalidUtf8.json()).error).toMatch(/not valid text/)
    const huge = await site.request('POST', `/articles/${slug}/comments`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: `comment=${'x'.repeat(300 * 1024)}`,
    })
    expect(huge.status).toBe(413)
    const multipart = await site.request('POST', `/articles/${slug}/comments`, {
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', Accept: 'application/json' },
      body: '--x--',
    })
    expect(multipart.status).toBe(415)
  })
})

describe('spam is caught quietly', () => {
  test('a filled honeypot or an instant submit is stored as spam, and looks pending to its sender', async () => {
    const bot = newBrowser()
    const trapped = await postComment(site, slug, { ...guest('Bot One'), comment: 'Buy now', website: 'http://spam.example' }, { secret, browser: bot })
    expect(trapped.status).toBe(303)
    expect(await stored(commentId(trapped))).toMatchObject({ status: 'spam', holdReasons: [{ code: 'honeypot' }] })
    expect((await page(bot)).html).toContain('Your comment is awaiting moderation.')
    const instant = await postComment(site, slug, { ...guest('Bot Two'), comment: 'So fast' }, { secret, browser: newBrowser(), secondsAgo: 0 })
    expect(await stored(commentId(instant))).toMatchObject({ status: 'spam', holdReasons: [{ code: 'too-fast' }] })
  })
})

describe('what the public APIs show', () => {
  test('REST lists approved comments only, and only their public fields', async () => {
    const { json } = await newsroom.rest('GET', '/comments?limit=100&depth=1')
    expect(json.docs.length).toBeGreaterThan(0)
    for (const doc of json.docs) {
      expect(doc.status).toBe('approved')
      for (const field of ['guestEmail', 'ipHash', 'userAgent', 'holdReasons', 'moderationLog', 'identityKey', 'bodyHash', 'reports', 'guestCommenter', 'rejectionReason'])
        expect(doc).not.toHaveProperty(field)
    }
    expect(JSON.stringify(json)).not.toMatch(/@example\.org/)
    const pending = await newsroom.rest('GET', '/comments?where[status][equals]=pending')
    expect(pending.json.docs).toEqual([])
  })

  test('a moderator sees everything', async () => {
    const { json } = await newsroom.rest('GET', '/comments?where[status][equals]=spam', { token: moderatorToken })
    expect(json.docs[0]).toHaveProperty('guestEmail')
    expect(json.docs[0]).toHaveProperty('holdReasons')
  })
})

describe('signed-in readers', () => {
  let reader: Record<string, unknown>
  let browser: Browser

  beforeAll(async () => {
    reader = await newsroom.payload.create({ collection: 'readers', data: { displayName: 'Rita Reader', email: 'rita@example.org' }, overrideAccess: true })
    const session = await startReaderSession(newsroom.payload, String(reader.id), { provider: 'google' })
    browser = newBrowser()
    browser.cookies.set('newsroom_reader', session.token)
  })

  test('comment as themselves, see their pending comment, and edit it within the window', async () => {
    const form = await page(browser)
    expect(form.html).toContain('<strong class="reader-name">Rita Reader</strong><br>You are commenting using your Google account.')
    expect(form.html).not.toContain('id="email"')
    const response = await postComment(site, slug, { comment: 'Signed in and commenting.' }, { secret, browser })
    const id = commentId(response)
    expect(await stored(id)).toMatchObject({ authorKind: 'reader', reader: String(reader.id), authorName: 'Rita Reader', status: 'pending' })
    expect((await page(browser)).html).toContain('Your comment is awaiting moderation.')
    const edit = await postForm(site, `/articles/${slug}/comments/${id}/edit`, { comment: 'Signed in and commenting (edited).' }, { secret, browser })
    expect(edit.status).toBe(303)
    expect(await stored(id)).toMatchObject({ body: 'Signed in and commenting (edited).', status: 'pending', editedAt: expect.any(String) })
  })

  test('another reader cannot edit it', async () => {
    const other = await newsroom.payload.create({ collection: 'readers', data: { displayName: 'Other' }, overrideAccess: true })
    const session = await startReaderSession(newsroom.payload, String(other.id))
    const intruder = newBrowser()
    intruder.cookies.set('newsroom_reader', session.token)
    const mine = (await newsroom.payload.find({ collection: 'comments', where: { reader: { equals: reader.id } }, overrideAccess: true })).docs[0]!
    expect((await postForm(site, `/articles/${slug}/comments/${mine.id}/edit`, { comment: 'Hijacked' }, { secret, browser: intruder })).status).toBe(404)
  })

  test('a banned reader is refused with the reason', async () => {
    const standing = await newsroom.rest('POST', '/newsroom/moderation/standing', {
      token: moderatorToken,
      body: { kind: 'reader', id: String(reader.id), status: 'banned', reason: 'Repeated abuse' },
    })
    expect(standing.status).toBe(200)
    const response = await postComment(site, slug, { comment: 'Let me back in.' }, { secret, browser, json: true })
    expect(response.status).toBe(403)
    expect((await response.json()).error).toBe('You can no longer comment here. Reason: Repeated abuse')
  })

  test('a reader session never opens the admin or a staff API', async () => {
    const cookie = `newsroom_reader=${browser.cookies.get('newsroom_reader')}`
    expect((await newsroom.rest('GET', '/users', { headers: { Cookie: cookie } })).status).toBe(403)
    expect((await newsroom.rest('GET', '/newsroom/moderation/queue', { headers: { Cookie: cookie } })).status).toBe(401)
    const me = await newsroom.rest('GET', `/readers/${reader.id}`, { headers: { Cookie: cookie } })
    expect(me.status).toBe(200)
    expect(me.json.email).toBe('rita@example.org')
    expect((await newsroom.rest('GET', '/readers', { headers: { Cookie: cookie } })).json.docs).toHaveLength(1)
    expect((await newsroom.rest('PATCH', `/readers/${reader.id}`, { headers: { Cookie: cookie }, body: { status: 'active' } })).status).toBe(403)
  })

  test('Log Out ends the session for real', async () => {
    const token = browser.cookies.get('newsroom_reader')!
    const response = await postForm(site, '/auth/logout', { returnTo: `/articles/${slug}` }, { secret, browser })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/articles/${slug}?notice=signed-out`)
    expect(browser.cookies.has('newsroom_reader')).toBe(false)
    const reused = newBrowser()
    reused.cookies.set('newsroom_reader', token)
    expect((await page(reused)).html).not.toContain('Rita Reader</strong>')
    expect((await page(reused)).html).toContain('Fill in your details below')
  })
})

describe('staff replies', () => {
  test('are approved at once and marked as staff', async () => {
    const token = await newsroom.login('editor@newsroom.test', 'demo password for comment tests')
    const browser = newBrowser()
    browser.cookies.set('payload-token', token)
    // Payload accepts its staff cookie only from the configured origin.
    const response = await postComment(site, slug, { comment: 'Editor here: the firm was not named in the report.' }, { secret, browser, origin: ORIGIN })
    expect(await stored(commentId(response))).toMatchObject({ authorKind: 'staff', authorName: 'Eddie Editor', status: 'approved', holdReasons: [{ code: 'staff' }] })
    expect((await page(newBrowser())).html).toContain('<span class="badge">Newsroom staff</span>')
  })
})

describe('reports', () => {
  test('a reader reports a published comment; it appears in the Reported tab until a moderator keeps it', async () => {
    const { docs } = await newsroom.payload.find({ collection: 'comments', where: { status: { equals: 'approved' } }, limit: 1, overrideAccess: true })
    const id = String(docs[0]!.id)
    const browser = newBrowser()
    const form = await site.get(`/articles/${slug}/comments/${id}/report`)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('What is wrong with it?')
    const forged = await postForm(site, `/articles/${slug}/comments/${id}/report`, { reason: 'abuse' }, { secret, browser: newBrowser(), origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('The form was not accepted')
    expect((await postForm(site, `/articles/${slug}/comments/${id}/report`, { reason: 'because' }, { secret, browser })).status).toBe(400)
    const report = await postForm(site, `/articles/${slug}/comments/${id}/report`, { reason: 'abuse' }, { secret, browser })
    expect(report.status).toBe(303)
    expect(report.headers.get('location')).toBe(`/articles/${slug}?notice=reported#comment-${id}`)
    await postForm(site, `/articles/${slug}/comments/${id}/report`, { reason: 'abuse' }, { secret, browser })
    expect(await stored(id)).toMatchObject({ reportCount: 1 })
    expect((await page(newBrowser(), '?notice=reported')).html).toContain('Thank you: the moderators will review the comment you reported.')
    const queue = await newsroom.rest('GET', '/newsroom/moderation/queue?tab=reported', { token: moderatorToken })
    expect(queue.json.rows.map((row: { id: string }) => row.id)).toEqual([id])
    expect(queue.json.rows[0].reportReasons).toEqual(['abuse'])
    await decide([id], 'approve')
    expect(await stored(id)).toMatchObject({ reportCount: 0 })
    expect((await newsroom.rest('GET', '/newsroom/moderation/queue?tab=reported', { token: moderatorToken })).json.counts.reported).toBe(0)
  })
})

describe('the moderation API', () => {
  test('the queue explains itself: reasons, author record, context', async () => {
    const parentId = String((await newsroom.payload.find({ collection: 'comments', where: { status: { equals: 'approved' } }, limit: 1, overrideAccess: true })).docs[0]!.id)
    const browser = newBrowser()
    await postComment(site, slug, { ...guest('Link Poster'), comment: 'See https://a.example and https://b.example', comment_parent: parentId }, { secret, browser })
    const { status, json } = await newsroom.rest('GET', `/newsroom/moderation/queue?tab=pending&article=${articleId}`, { token: moderatorToken })
    expect(status).toBe(200)
    const row = json.rows.find((entry: { author: { name: string } }) => entry.author.name === 'Link Poster')
    expect(row).toMatchObject({
      status: 'pending',
      article: { id: articleId, slug },
      author: { kind: 'guest', email: 'link.poster@example.org', commenter: { kind: 'guest', approved: 0, rejected: 0, status: 'active' } },
      holdReasons: [
        { code: 'links', text: '2 links (comments with 2 or more are held)' },
        { code: 'first-comment', text: 'first comment by this commenter' },
      ],
      parent: { authorName: expect.any(String), excerpt: expect.any(String) },
    })
    expect(Object.keys(json.counts)).toEqual(['pending', 'reported', 'spam', 'trash', 'all'])
    expect(json.counts.pending).toBeGreaterThan(0)
  })

  test('reject needs a reason from the list; every refusal is a 4xx with a message', async () => {
    const { docs } = await newsroom.payload.find({ collection: 'comments', where: { status: { equals: 'pending' } }, limit: 1, overrideAccess: true })
    const id = String(docs[0]!.id)
    expect((await decide([id], 'reject')).json.errors[0]).toEqual({ message: 'Choose a reason for the rejection.', field: 'reason' })
    expect((await decide([id], 'reject', 'because')).status).toBe(400)
    expect((await decide([id], 'destroy')).status).toBe(400)
    expect((await decide([], 'approve')).status).toBe(400)
    expect(
      (
        await decide(
          Array.from({ length: 501 }, (_, n) => `id-${n}`),
          'approve',
        )
      ).status,
    ).toBe(400)
    const rejected = await decide([id], 'reject', 'off-topic')
    expect(rejected.status).toBe(200)
    expect(await stored(id)).toMatchObject({ status: 'rejected', rejectionReason: 'off-topic' })
    const author = await newsroom.staff(['author'], 'Not A Moderator')
    expect((await newsroom.rest('POST', '/newsroom/moderation/decide', { token: author.token, body: { ids: [id], decision: 'approve' } })).status).toBe(403)
    expect((await newsroom.rest('GET', '/newsroom/moderation/queue')).status).toBe(401)
    expect((await newsroom.rest('GET', '/newsroom/moderation/queue?tab=everything', { token: moderatorToken })).status).toBe(400)
  })

  test('a guest can be banned from a queue row too', async () => {
    const browser = newBrowser()
    const first = await postComment(site, slug, { ...guest('Troll'), comment: 'Rude words' }, { secret, browser })
    const comment = await stored(commentId(first))
    expect(
      (await newsroom.rest('POST', '/newsroom/moderation/standing', { token: moderatorToken, body: { kind: 'guest', id: String(comment.guestCommenter), status: 'suspended' } }))
        .status,
    ).toBe(400)
    await newsroom.rest('POST', '/newsroom/moderation/standing', { token: moderatorToken, body: { kind: 'guest', id: String(comment.guestCommenter), status: 'banned' } })
    const again = await postComment(site, slug, { ...guest('Troll'), comment: 'Still rude' }, { secret, browser: newBrowser(), json: true })
    expect(again.status).toBe(403)
  })
})

describe('more submissions than the newsroom takes at once', () => {
  test('the excess is answered 503 with Retry-After and the text handed back; nothing half-stored, no 500', async () => {
    // A site that lets one submission run and one wait; and a write that holds the database
    // for a moment, so that the first submission is still running when the others arrive.
    const small = await serveSite(newsroom, { admission: { maxRunning: 1, maxWaiting: 1, maxWaitMs: 10_000 } })
    const holding = await newsroom.payload.db.beginTransaction()
    await newsroom.payload.db.updateGlobal({ slug: 'site-state', data: { jobRunner: null }, req: { transactionID: holding, payload: newsroom.payload } as never })
    const release = setTimeout(() => void newsroom.payload.db.commitTransaction(holding!), 500)
    try {
      const sent = await Promise.all(
        Array.from({ length: 20 }, async (_, n) => {
          const browser = newBrowser()
          const response = await postComment(small, slug, { ...guest(`Crowd ${n}`), comment: `In the crowd, number ${n}.` }, { secret, browser, json: n % 2 === 0 })
          return { n, response, text: await response.text() }
        }),
      )
      const statuses = sent.map(({ response }) => response.status)
      expect(statuses.every((status) => status === 201 || status === 303 || status === 503)).toBe(true)
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0)
      expect(statuses.filter((status) => status !== 503).length).toBeGreaterThan(0)
      for (const { n, response, text } of sent.filter(({ response }) => response.status === 503)) {
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
        if (n % 2 === 0) expect(JSON.parse(text).error).toMatch(/very busy.*Nothing was saved/)
        else {
          expect(text).toContain('Your comment has not been saved yet')
          expect(text).toContain(`In the crowd, number ${n}.</textarea>`)
          expect(text).toContain(`value="Crowd ${n}"`)
        }
      }
      const { docs } = await newsroom.payload.find({ collection: 'comments', where: { body: { like: 'In the crowd, number' } }, limit: 100, overrideAccess: true, depth: 0 })
      expect(docs).toHaveLength(statuses.filter((status) => status !== 503).length)
    } finally {
      clearTimeout(release)
      await newsroom.payload.db.commitTransaction(holding!)
      await small.close()
    }
  })
})
