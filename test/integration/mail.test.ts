/**
 * Mail against a real SMTP server: a guest ticks "notify me" on the comment form, confirms
 * through the link in the mail, and is told of replies once each, with escaped content and
 * one-click unsubscribe; nothing for held, spam or own comments; a bulk approve of 500 sends
 * each due mail exactly once, after the decision's transaction; a mail server that is down
 * loses nothing and sends nothing twice; a refused address is never mailed again; the staff
 * password reset says whether its mail went.
 */
import { startReaderSession } from '../../src/auth/readerSessions'
import { CommentService, type StaffAuthor } from '../../src/comments/service'
import { MAIL_LOG, MAIL_SUPPRESSIONS } from '../../src/mail/ledger'
import { mailContextFor, Subscriptions } from '../../src/mail/subscriptions'
import { guest, newBrowser, postComment, postForm } from '../helpers/comments'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'
import { linkIn, rawHeader, startMailServer, type TestMailServer } from '../helpers/smtp'
import { tamperedSignature } from '../helpers/links'

let smtp: TestMailServer
let newsroom: TestNewsroom
let site: TestSite
let service: CommentService
let moderator: StaffAuthor
let admin: { email: string }
let article: { id: string; slug: string; ref: { id: string; commentsOpen: boolean; publishedAt: string; title: string } }

beforeAll(async () => {
  smtp = await startMailServer()
  newsroom = await bootNewsroom(
    {},
    {
      mail: {
        transport: smtp.transport,
        from: { name: 'The Newsroom', address: 'news@newsroom.test' },
        notificationsFrom: { name: 'Newsroom comments', address: 'comments@newsroom.test' },
      },
    },
  )
  site = await serveSite(newsroom)
  service = new CommentService(newsroom.payload, 'users', new Subscriptions(newsroom.payload, mailContextFor(newsroom.settings)))
  admin = await newsroom.staff(['admin'], 'Chief')
  const mod = await newsroom.staff(['moderator'], 'Mo')
  moderator = { id: mod.id, name: 'Mo', roles: ['moderator'] }
  // Mo moderates the bulk tests below; the alerts test has moderators of its own.
  await newsroom.payload.update({ collection: 'users', id: mod.id, data: { moderationAlerts: 'off' } as never, overrideAccess: true })
  await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { floodSeconds: 0, mode: 'pre-moderate', maxDepth: 10 }, overrideAccess: true })
  const doc = await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'Ransomware hits a port operator', body: [{ children: [{ text: 'Body.' }] }], _status: 'published' },
    overrideAccess: true,
  })
  article = { id: String(doc.id), slug: String(doc.slug), ref: { id: String(doc.id), commentsOpen: true, publishedAt: String(doc.publishedAt), title: String(doc.title) } }
})

afterAll(async () => {
  await site?.close()
  await newsroom?.close()
  await smtp?.close()
})

/** Runs due jobs until none is left (reactions queue sends; sends run next). */
async function drainJobs(): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    const { docs } = await newsroom.payload.find({
      collection: 'payload-jobs',
      where: {
        and: [
          { completedAt: { exists: false } },
          { hasError: { not_equals: true } },
          { or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than: new Date().toISOString() } }] },
        ],
      },
      limit: 1,
      overrideAccess: true,
    })
    if (!docs.length) return
    await newsroom.payload.jobs.run({ queue: 'default', limit: 200 })
  }
  throw new Error('jobs did not drain')
}

/** Jobs waiting out a back-off are made due now (rather than waiting for it). */
async function skipBackoff(): Promise<void> {
  const { docs } = await newsroom.payload.find({ collection: 'payload-jobs', where: { completedAt: { exists: false } }, limit: 1000, overrideAccess: true })
  for (const job of docs)
    await newsroom.payload.update({ collection: 'payload-jobs', id: job.id, data: { waitUntil: new Date(Date.now() - 1000).toISOString() }, overrideAccess: true })
}

let n = 0
async function reply(parentId: string | null, name?: string, email?: string, notify?: { replies: boolean; comments: boolean }): Promise<string> {
  n += 1
  name ??= `Reader ${n}`
  email ??= `reader${n}@readers.example`
  const result = await service.submit({
    article: article.ref,
    parentId,
    body: `A reply, number ${n}, <b>not bold</b> & fine.`,
    author: { kind: 'guest', name, email, url: '' },
    honeypot: '',
    secondsOnPage: 30,
    ip: `10.7.${Math.floor(n / 250)}.${n % 250}`,
    userAgent: 'test',
    notify,
  })
  if (!result.comment) throw new Error(`refused: ${JSON.stringify(result.verdict)}`)
  return result.comment.id
}

const approve = (...ids: string[]) => service.decide({ ids, decision: 'approve', moderator })

describe('reply notifications, from the form to the unsubscribe', () => {
  const alice = 'alice@readers.example'
  let aliceComment: string
  let unsubscribeUrl: string

  test('ticking "notify me" on the form sends one confirmation, and nothing else reaches the address before it is used', async () => {
    const page = await (await site.get(`/articles/${article.slug}`)).text()
    expect(page).toContain('Notify me of follow-up comments by email')
    expect(page).not.toMatch(/name="notify_replies"[^>]*checked/)
    const browser = newBrowser()
    const posted = await postComment(
      site,
      article.slug,
      { ...guest('Alice'), email: alice, comment: 'The port has been down since Monday.', notify_replies: 'on' },
      { secret: newsroom.payload.secret, browser },
    )
    expect(posted.status).toBe(303)
    const stored = await newsroom.payload.find({ collection: 'comments', where: { guestEmail: { equals: alice } }, overrideAccess: true })
    aliceComment = String(stored.docs[0]!.id)
    // A second comment the same day asks for no second confirmation.
    await postComment(site, article.slug, { ...guest('Alice'), email: alice, comment: 'And the ferries too.', notify_comments: 'on' }, { secret: newsroom.payload.secret, browser })
    await drainJobs()
    const [confirmation, ...more] = smtp.to(alice)
    expect(more).toEqual([])
    expect(confirmation!.subject).toBe('Confirm your subscription to Security Newsroom')
    expect(confirmation!.from?.text).toBe('"The Newsroom" <news@newsroom.test>')
    expect(confirmation!.headers.get('list-unsubscribe')).toBeUndefined()
    expect(confirmation!.html).toContain('Ransomware hits a port operator')

    await approve(aliceComment)
    await approve(await reply(aliceComment, 'Bob'))
    await drainJobs()
    expect(smtp.to(alice)).toHaveLength(1)
  })

  test('the confirmation link shows a button (a GET changes nothing); its POST confirms, with no cookie and no token', async () => {
    const link = new URL(linkIn(smtp.to(alice)[0]!.text!, /http:\/\/localhost:3000\/mail\/confirm\/\S+/))
    const shown = await site.get(`${link.pathname}${link.search}`)
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain('Yes, send me these emails')
    const before = await newsroom.payload.find({ collection: 'subscriptions', where: { email: { equals: alice } }, overrideAccess: true })
    expect(before.docs.map((doc) => doc.status)).toEqual(['unconfirmed', 'unconfirmed'])
    const confirmed = await site.request('POST', `${link.pathname}${link.search}`)
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('Subscription confirmed')
    const after = await newsroom.payload.find({ collection: 'subscriptions', where: { email: { equals: alice } }, overrideAccess: true })
    expect(after.docs.map((doc) => doc.status)).toEqual(['active', 'active'])
    // A tampered or foreign link is refused in a sentence.
    const tampered = await site.request('POST', tamperedSignature(`${link.pathname}${link.search}`))
    expect(tampered.status).toBe(400)
    expect(await tampered.text()).toContain('This link is not valid')
  })

  test('an approved reply is mailed once, escaped, with List-Id and one-click unsubscribe; held, spam and own comments send nothing', async () => {
    const hostile = await reply(aliceComment, '<script>alert(1)</script> Mallory', 'mallory@readers.example')
    const held = await reply(aliceComment, 'Held Harry', 'harry@readers.example')
    const spam = await reply(aliceComment, 'Spam Sam', 'sam@readers.example')
    const own = await reply(aliceComment, 'Alice', alice)
    await approve(hostile, own)
    await service.decide({ ids: [spam], decision: 'spam', moderator })
    await drainJobs()
    // Approved twice: still one mail.
    await service.decide({ ids: [hostile], decision: 'pending', moderator })
    await approve(hostile)
    await drainJobs()
    const mails = smtp.to(alice).slice(1)
    expect(mails.map((mail) => mail.subject)).toEqual(['<script>alert(1)</script> Mallory replied to your comment on “Ransomware hits a port operator”'])
    const [mail] = mails
    expect(mail!.from?.text).toBe('"Newsroom comments" <comments@newsroom.test>')
    expect(mail!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Mallory')
    expect(mail!.html).not.toContain('<script>')
    expect(mail!.html).toContain('&lt;b&gt;not bold&lt;/b&gt; &amp; fine.')
    expect(mail!.text).toContain('<b>not bold</b> & fine.')
    expect(mail!.text).toContain(`http://localhost:3000/articles/${article.slug}#comment-${hostile}`)
    expect(rawHeader(mail!, 'list-id')).toBe('Security Newsroom comments <comments.localhost>')
    expect(rawHeader(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    unsubscribeUrl = linkIn(rawHeader(mail!, 'list-unsubscribe') ?? '', /http:\/\/localhost:3000\/mail\/unsubscribe\/[^>\s]+/)
    expect(smtp.to('harry@readers.example')).toEqual([])
    expect(held).toBeTruthy()
  })

  test('unsubscribe: the GET shows a confirm page, a mail client’s one-click POST (no cookie) unsubscribes at once', async () => {
    const link = new URL(unsubscribeUrl)
    const shown = await site.get(`${link.pathname}${link.search}`)
    expect(await shown.text()).toContain('Unsubscribe?')
    const before = await newsroom.payload.find({
      collection: 'subscriptions',
      where: { and: [{ email: { equals: alice } }, { kind: { equals: 'replies' } }] },
      overrideAccess: true,
    })
    expect(before.docs[0]!.status).toBe('active')
    const oneClick = await site.request('POST', `${link.pathname}${link.search}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.status).toBe(200)
    const after = await newsroom.payload.find({
      collection: 'subscriptions',
      where: { and: [{ email: { equals: alice } }, { kind: { equals: 'replies' } }] },
      overrideAccess: true,
    })
    expect(after.docs[0]!.status).toBe('unsubscribed')
    // Alice still follows every comment, so a reply now comes as "new comment", once.
    await approve(await reply(aliceComment, 'Carol'))
    await drainJobs()
    expect(smtp.to(alice).slice(-1)[0]!.subject).toBe('New comment on “Ransomware hits a port operator”')
  })
})

test('a bulk approve of 500 replies sends each due notification exactly once, none while the decision is being written', async () => {
  const subscriber = 'bulk@readers.example'
  const root = await reply(null, 'Bulk Subscriber', subscriber, { replies: true, comments: false })
  await approve(root)
  await drainJobs()
  const confirm = new URL(linkIn(smtp.to(subscriber)[0]!.text!, /http:\/\/localhost:3000\/mail\/confirm\/\S+/))
  expect((await site.request('POST', `${confirm.pathname}${confirm.search}`)).status).toBe(200)
  const ids: string[] = []
  for (let index = 0; index < 500; index += 1) ids.push(await reply(root))
  const sentBefore = smtp.messages.length
  await approve(...ids)
  // The decision is stored; no mail went while it was written.
  expect(smtp.messages.length).toBe(sentBefore)
  await drainJobs()
  await drainJobs()
  expect(smtp.to(subscriber)).toHaveLength(501)
  const keys = await newsroom.payload.find({ collection: MAIL_LOG, where: { to: { equals: subscriber } }, limit: 1000, overrideAccess: true })
  expect(keys.docs.filter((doc) => doc.status === 'sent')).toHaveLength(501)
}, 120_000)

test('the mail server down for a while: the mail waits and is sent once when it is back', async () => {
  const subscriber = 'patient@readers.example'
  const root = await reply(null, 'Patient', subscriber, { replies: true, comments: false })
  await smtp.down()
  try {
    await drainJobs()
    const [row] = (await newsroom.payload.find({ collection: MAIL_LOG, where: { to: { equals: subscriber } }, overrideAccess: true })).docs
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringMatching(/could not be reached/) })
    await skipBackoff()
    await drainJobs()
    expect(smtp.to(subscriber)).toEqual([])
  } finally {
    await smtp.up()
  }
  await skipBackoff()
  await drainJobs()
  await skipBackoff()
  await drainJobs()
  expect(smtp.to(subscriber)).toHaveLength(1)
  expect(root).toBeTruthy()
})

test('an address the mail server refuses is recorded and never mailed again', async () => {
  const gone = 'gone@readers.example'
  smtp.refuse(gone)
  await reply(null, 'Gone', gone, { replies: true, comments: false })
  await drainJobs()
  const [row] = (await newsroom.payload.find({ collection: MAIL_LOG, where: { to: { equals: gone } }, overrideAccess: true })).docs
  expect(row).toMatchObject({ status: 'refused', lastError: expect.stringMatching(/refused the recipient/) })
  const suppressed = await newsroom.payload.find({ collection: MAIL_SUPPRESSIONS, where: { email: { equals: gone } }, overrideAccess: true })
  expect(suppressed.docs[0]).toMatchObject({ reason: 'bounced' })
  // Another subscription the next day: recorded as not sent, no attempt made.
  await newsroom.payload.delete({ collection: MAIL_LOG, where: { to: { equals: gone } }, overrideAccess: true })
  await reply(null, 'Gone', gone, { replies: false, comments: true })
  await drainJobs()
  const [again] = (await newsroom.payload.find({ collection: MAIL_LOG, where: { to: { equals: gone } }, overrideAccess: true })).docs
  expect(again).toMatchObject({ status: 'suppressed', attempts: 0 })
})

test('staff password reset: 200 only once the mail server has the mail; a sentence when it is down', async () => {
  const sent = await newsroom.rest('POST', '/users/forgot-password', { body: { email: admin.email } })
  expect(sent.status).toBe(200)
  const [mail] = smtp.to(admin.email)
  expect(mail!.html).toMatch(/http:\/\/localhost:3000\/admin\/reset\/[0-9a-f]+/)
  await smtp.down()
  try {
    // Payload allows one reset request per interval; clear it as a second request later would find it.
    await newsroom.payload.update({ collection: 'users', where: { email: { equals: admin.email } }, data: { resetPasswordRequestedAt: null } as never, overrideAccess: true })
    const failed = await newsroom.rest('POST', '/users/forgot-password', { body: { email: admin.email } })
    expect(failed.status).toBe(503)
    expect(failed.json.errors[0].message).toMatch(/mail server could not be reached.*not sent/i)
  } finally {
    await smtp.up()
  }
})

describe('moderators and commenters', () => {
  test('a held comment alerts each moderator who chose "immediately" (the default) once; "off" and non-moderators get nothing; a report alerts too', async () => {
    const eager = await newsroom.staff(['moderator'], 'Eager')
    const quiet = await newsroom.staff(['moderator'], 'Quiet')
    await newsroom.payload.update({ collection: 'users', id: quiet.id, data: { moderationAlerts: 'off' } as never, overrideAccess: true })
    const writer = await newsroom.staff(['author'], 'Writer')
    const held = await reply(null, 'Held <i>Hal</i>', 'hal@readers.example')
    await drainJobs()
    const [alert, ...more] = smtp.to(eager.email)
    expect(more).toEqual([])
    expect(alert!.subject).toBe('Held for moderation: a comment on “Ransomware hits a port operator”')
    expect(alert!.html).toContain('Held &lt;i&gt;Hal&lt;/i&gt;')
    expect(alert!.text).toContain('Held because: every comment is reviewed before publication')
    expect(alert!.text).toContain(`http://localhost:3000/admin/moderation?tab=pending&article=${article.id}`)
    expect(alert!.text).toContain(`http://localhost:3000/admin/collections/comments/${held}`)
    expect(smtp.to(quiet.email)).toEqual([])
    expect(smtp.to(writer.email)).toEqual([])
    await approve(held)
    await service.report({ commentId: held, articleId: article.id, reason: 'abuse', reporterKey: 'reporter-a' })
    await drainJobs()
    expect(smtp.to(eager.email).map((mail) => mail.subject)).toEqual([
      'Held for moderation: a comment on “Ransomware hits a port operator”',
      'Reported: a comment on “Ransomware hits a port operator”',
    ])
    await newsroom.payload.update({ collection: 'users', id: eager.id, data: { moderationAlerts: 'off' } as never, overrideAccess: true })
  })

  test('the hourly digest gathers what was held in the hour for those who chose it, and is not sent twice', async () => {
    const digestReader = await newsroom.staff(['editor'], 'Digest')
    await newsroom.payload.update({ collection: 'users', id: digestReader.id, data: { moderationAlerts: 'hourly' } as never, overrideAccess: true })
    // Comments held an hour ago (the digest covers the last whole hour).
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
    const inLastHour = new Date(hour - 1_800_000).toISOString()
    const one = await reply(null, 'Digest One', 'd1@readers.example')
    await newsroom.payload.db.updateOne({ collection: 'comments', id: one, data: { updatedAt: inLastHour }, returning: false })
    await drainJobs()
    expect(smtp.to(digestReader.email)).toEqual([])
    for (let time = 0; time < 2; time += 1) {
      await newsroom.payload.jobs.queue({ task: 'moderation-digest', input: { period: 'hourly' } })
      await drainJobs()
    }
    const [digest, ...more] = smtp.to(digestReader.email)
    expect(more).toEqual([])
    expect(digest!.subject).toMatch(/^Hourly moderation digest: \d+ waiting$/)
    expect(digest!.text).toContain('Digest One')
  })

  test('with the policy on, a moderator’s decision is mailed to a commenter whose address is confirmed, with the reason; never to an unproved one', async () => {
    await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { mailCommenterOutcomes: true }, overrideAccess: true })
    try {
      const confirmedReader = 'alice@readers.example'
      const kept = await reply(null, 'Alice', confirmedReader)
      const dropped = await reply(null, 'Alice', confirmedReader)
      const stranger = await reply(null, 'Stranger', 'unproved@readers.example')
      await approve(kept, stranger)
      await service.decide({ ids: [dropped], decision: 'reject', reason: 'off-topic', note: 'Please keep to the story.', moderator })
      await drainJobs()
      const outcomes = smtp
        .to(confirmedReader)
        .filter((mail) => /Your comment/.test(mail.subject ?? ''))
        .sort((a, b) => (a.subject! < b.subject! ? -1 : 1))
      expect(outcomes.map((mail) => mail.subject)).toEqual([
        'Your comment on “Ransomware hits a port operator” is published',
        'Your comment on “Ransomware hits a port operator” was not published',
      ])
      expect(outcomes[1]!.text).toContain('Reason: Off-topic')
      expect(outcomes[1]!.text).toContain('Please keep to the story.')
      expect(outcomes[0]!.from?.text).toBe('"The Newsroom" <news@newsroom.test>')
      expect(smtp.to('unproved@readers.example')).toEqual([])
    } finally {
      await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { mailCommenterOutcomes: false }, overrideAccess: true })
    }
  })
})

describe("readers' own data", () => {
  test('a signed-in reader downloads everything held about them as JSON from "Your account"', async () => {
    const reader = await newsroom.payload.create({
      collection: 'readers',
      data: {
        displayName: 'Katherine',
        email: 'katherine@readers.example',
        identities: [{ key: 'google:k1', provider: 'google', subject: 'k1', email: 'katherine@readers.example', emailVerified: true, linkedAt: new Date().toISOString() }],
      },
      overrideAccess: true,
    })
    const session = await startReaderSession(newsroom.payload, String(reader.id), { provider: 'google' })
    const cookie = { Cookie: `newsroom_reader=${session.token}` }
    await service.submit({
      article: article.ref,
      parentId: null,
      body: 'My own words, for the export.',
      author: { kind: 'reader', reader: reader as never, provider: 'google' },
      honeypot: '',
      secondsOnPage: 30,
      ip: '203.0.113.77',
      userAgent: 'export test',
      notify: { replies: true, comments: false },
    })
    const account = await (await site.get('/account', cookie)).text()
    expect(account).toContain('href="/account/data"')
    const response = await site.get('/account/data', cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-newsroom-data.json"')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const exported = await response.json()
    expect(exported.account).toMatchObject({ displayName: 'Katherine', email: 'katherine@readers.example', signIns: [{ provider: 'google', emailVerified: true }] })
    expect(exported.comments).toEqual([
      expect.objectContaining({
        body: 'My own words, for the export.',
        status: 'pending',
        browser: 'export test',
        article: { title: 'Ransomware hits a port operator', url: expect.stringContaining('/articles/') },
      }),
    ])
    expect(exported.subscriptions).toEqual([expect.objectContaining({ kind: 'replies', status: 'unconfirmed' })])
    expect(JSON.stringify(exported)).not.toContain('203.0.113.77')
    // Not signed in: back to the account page, nothing handed out.
    expect((await site.get('/account/data')).status).toBe(303)
  })

  test('a guest asks by email: the same answer whoever asks, a link by mail, the download by that link only, the erasure after a confirm', async () => {
    const guestEmail = 'Erin@Readers.example'
    const erin = await reply(null, 'Erin', guestEmail, { replies: true, comments: false })
    await approve(erin)
    await drainJobs()
    const browser = newBrowser()
    const form = await site.get('/privacy')
    expect(await form.text()).toContain('Send me the link')
    const ask = (fields: Record<string, string>) => postForm(site, '/privacy', fields, { secret: newsroom.payload.secret, browser })
    const nobody = await ask({ email: 'never-commented@readers.example', choice: 'download' })
    const somebody = await ask({ email: 'erin@readers.example', choice: 'download' })
    expect(nobody.status).toBe(200)
    expect(somebody.status).toBe(200)
    expect((await nobody.text()).replace(/never-commented/g, 'X')).toBe((await somebody.text()).replace(/erin/g, 'X'))
    expect((await ask({ email: 'not an address', choice: 'download' })).status).toBe(400)
    expect((await postForm(site, '/privacy', { email: 'erin@readers.example' }, { secret: newsroom.payload.secret, browser, origin: 'https://evil.example' })).status).toBe(403)
    await drainJobs()
    const [request] = smtp.to('erin@readers.example').filter((mail) => mail.subject === 'Your data at Security Newsroom')
    const link = new URL(linkIn(request!.text!, /http:\/\/localhost:3000\/privacy\/data\/\S+/))
    const exported = await (await site.get(`${link.pathname}${link.search}`)).json()
    expect(exported.comments.map((comment: { name: string; email: string }) => [comment.name, comment.email])).toEqual([['Erin', guestEmail]])
    expect(exported.commenterRecords).toHaveLength(1)
    expect(exported.mailSent.length).toBeGreaterThan(0)
    expect((await site.get(tamperedSignature(`${link.pathname}${link.search}`))).status).toBe(400)

    await ask({ email: 'erin@readers.example', choice: 'erase' })
    await drainJobs()
    const [erase] = smtp.to('erin@readers.example').filter((mail) => mail.subject === 'Erase your data at Security Newsroom')
    const eraseLink = new URL(linkIn(erase!.text!, /http:\/\/localhost:3000\/privacy\/erase\/\S+/))
    const confirm = await site.get(`${eraseLink.pathname}${eraseLink.search}`)
    expect(await confirm.text()).toContain('Erase your data?')
    expect((await newsroom.payload.findByID({ collection: 'comments', id: erin, overrideAccess: true })).authorName).toBe('Erin')
    const erased = await site.request('POST', `${eraseLink.pathname}${eraseLink.search}`)
    expect(await erased.text()).toContain('One comment now reads “Former reader”')
    const after = await newsroom.payload.findByID({ collection: 'comments', id: erin, overrideAccess: true })
    expect(after).toMatchObject({ authorName: 'Former reader', status: 'approved', body: expect.stringContaining('A reply') })
    expect(after.guestEmail ?? null).toBeNull()
    const left = await (await site.get(`${link.pathname}${link.search}`)).json()
    expect(left).toMatchObject({ comments: [], commenterRecords: [], subscriptions: [], mailAddress: null, mailSent: [] })
  })
})

describe('new stories by email', () => {
  const publish = async (title: string, extra: Record<string, unknown> = {}) =>
    newsroom.payload.create({ collection: 'articles', data: { title, body: [{ children: [{ text: 'Body.' }] }], _status: 'published', ...extra }, overrideAccess: true })
  const confirmFor = async (address: string) => {
    const mail = smtp.to(address).find((one) => one.subject === 'Confirm your subscription to Security Newsroom')
    const link = new URL(linkIn(mail!.text!, /http:\/\/localhost:3000\/mail\/confirm\/\S+/))
    expect((await site.request('POST', `${link.pathname}${link.search}`)).status).toBe(200)
  }

  test('subscribers (from /subscribe and from the comment form) get one mail per story when it is first published; never for updates or a republication', async () => {
    const browser = newBrowser()
    expect(await (await site.get('/subscribe')).text()).toContain('A mail for each new story')
    const subscribed = await postForm(site, '/subscribe', { email: 'each@readers.example', frequency: 'each' }, { secret: newsroom.payload.secret, browser })
    expect(await subscribed.text()).toContain('Check your inbox')
    expect((await postForm(site, '/subscribe', { email: 'nope', frequency: 'each' }, { secret: newsroom.payload.secret, browser })).status).toBe(400)
    await postComment(
      site,
      article.slug,
      { ...guest('Posty'), email: 'posty@readers.example', comment: 'Tell me about the next one.', notify_posts: 'on' },
      { secret: newsroom.payload.secret, browser },
    )
    await drainJobs()
    await confirmFor('each@readers.example')
    await confirmFor('posty@readers.example')

    const story = await publish('Botnet takedown in three countries')
    await drainJobs()
    for (const address of ['each@readers.example', 'posty@readers.example']) {
      const mails = smtp.to(address).filter((mail) => mail.subject?.startsWith('New at'))
      expect(mails.map((mail) => mail.subject)).toEqual(['New at Security Newsroom: Botnet takedown in three countries'])
      expect(rawHeader(mails[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      expect(mails[0]!.from?.text).toBe('"Newsroom comments" <comments@newsroom.test>')
    }
    await newsroom.payload.update({ collection: 'articles', id: story.id, data: { title: 'Botnet takedown in four countries' }, overrideAccess: true })
    await newsroom.payload.update({ collection: 'articles', id: story.id, data: { _status: 'draft' }, overrideAccess: true })
    await newsroom.payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, overrideAccess: true })
    await drainJobs()
    expect(smtp.to('each@readers.example').filter((mail) => mail.subject?.startsWith('New at'))).toHaveLength(1)
  })

  test('an embargoed story is mailed when readers can first see it, not when it is saved', async () => {
    await publish('Embargoed: a zero-day in mail gateways', { publishedAt: new Date(Date.now() + 1500).toISOString() })
    await drainJobs()
    const embargoed = () => smtp.to('each@readers.example').filter((mail) => mail.subject?.includes('zero-day in mail gateways'))
    expect(embargoed()).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 1700))
    await drainJobs()
    expect(embargoed()).toHaveLength(1)
  })

  test('subscribers are mailed in batches: 250 of them, each once', async () => {
    const at = new Date().toISOString()
    for (let index = 0; index < 250; index += 1)
      await newsroom.payload.db.create({
        collection: 'subscriptions',
        data: { email: `many${index}@readers.example`, kind: 'posts', frequency: 'each', status: 'active', createdAt: at, updatedAt: at },
      })
    await publish('Patch Tuesday, again')
    await drainJobs()
    const got = smtp.messages.filter((mail) => mail.subject === 'New at Security Newsroom: Patch Tuesday, again')
    expect(got).toHaveLength(252)
    expect(new Set(got.map((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text)).size).toBe(252)
  }, 60_000)

  test('the daily digest lists the day’s new stories for those who chose it, once', async () => {
    const at = new Date().toISOString()
    await newsroom.payload.db.create({
      collection: 'subscriptions',
      data: { email: 'daily@readers.example', kind: 'posts', frequency: 'daily', status: 'active', createdAt: at, updatedAt: at },
    })
    const story = await publish('Yesterday’s story about a breach')
    await drainJobs()
    expect(smtp.to('daily@readers.example')).toEqual([])
    // Announced within the digest's window (the day before the last 07:00 UTC).
    const day = 86_400_000
    const end = Math.floor(Date.now() / day) * day + 7 * 3_600_000
    const until = end > Date.now() ? end - day : end
    await newsroom.payload.db.updateOne({
      collection: 'articles',
      id: story.id,
      data: { announcedAt: new Date(until - 3_600_000).toISOString(), publishedAt: new Date(until - 3_600_000).toISOString() },
      returning: false,
    })
    for (let time = 0; time < 2; time += 1) {
      await newsroom.payload.jobs.queue({ task: 'new-posts-digest', input: {} })
      await drainJobs()
    }
    const [digest, ...more] = smtp.to('daily@readers.example')
    expect(more).toEqual([])
    expect(digest!.text).toContain('Yesterday’s story about a breach')
  })
})
