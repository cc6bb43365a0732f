/**
 * The review workflow through REST: the access matrix (principal × move × state), what each move
 * records (who, when, the note, in the story and in its versions), Payload's own Publish and
 * Unpublish recorded too, an author's change to an approved story sending it back to review,
 * publish-rule refusals named as the editor reads them, bad input answered with 4xx, moves made
 * at once by many editors, and the mail each move sends through a real SMTP server.
 */
import { CommentService } from '../../src/comments/service'
import { deskFor } from '../../src/desk/desk'
import { MAIL_LOG } from '../../src/mail/ledger'
import { mailContextFor, Subscriptions } from '../../src/mail/subscriptions'
import { REVIEW_ACTIONS, REVIEW_STATES, type ReviewAction, type ReviewState } from '../../src/editorial/review'
import { bodyOf, bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { startMailServer, type TestMailServer } from '../helpers/smtp'

type Principal = 'anonymous' | 'admin' | 'editor' | 'author' | 'otherAuthor' | 'moderator'
const PRINCIPALS: Principal[] = ['anonymous', 'admin', 'editor', 'author', 'otherAuthor', 'moderator']

let smtp: TestMailServer
let newsroom: TestNewsroom
const people = {} as Record<Exclude<Principal, 'anonymous'>, { id: string; email: string; token: string }>
const tokenOf = (who: Principal) => (who === 'anonymous' ? null : people[who].token)

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
  people.admin = await newsroom.staff(['admin'], 'Ada Admin')
  people.editor = await newsroom.staff(['editor'], 'Eddie Editor')
  people.author = await newsroom.staff(['author'], 'Ann Author')
  people.otherAuthor = await newsroom.staff(['author'], 'Otto Author')
  people.moderator = await newsroom.staff(['moderator'], 'Mo Moderator')
}, 60_000)

afterAll(async () => {
  await newsroom?.close()
  await smtp?.close()
})

async function drainJobs(): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    const { totalDocs } = await newsroom.payload.count({
      collection: 'payload-jobs',
      where: { and: [{ completedAt: { exists: false } }, { hasError: { not_equals: true } }, { waitUntil: { exists: false } }] },
      overrideAccess: true,
    })
    if (!totalDocs) return
    await newsroom.payload.jobs.run({ queue: 'default', limit: 200 })
    // A job the server's own runner is sending right now finishes in a moment.
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const { docs } = await newsroom.payload.find({ collection: 'payload-jobs', where: { completedAt: { exists: false } }, overrideAccess: true, limit: 5 })
  throw new Error(`jobs did not drain: ${JSON.stringify(docs.map((doc) => [doc.taskSlug, doc.log, doc.error, doc.processing, doc.waitUntil]))}`)
}

const move = (who: Principal, id: string, action: unknown, note?: unknown) => newsroom.rest('POST', `/articles/${id}/review`, { token: tokenOf(who), body: { action, note } })

/** Ann's story, complete enough to publish. */
async function story(title = `Story ${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const created = await newsroom.rest('POST', '/articles?draft=true', { token: people.author.token, body: { title, body: bodyOf('What happened.') } })
  expect(created.status).toBe(201)
  return String(created.json.doc.id)
}

async function latest(id: string) {
  return (await newsroom.payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })) as unknown as {
    reviewState: ReviewState
    reviewLog: Array<{ move: string; from: string; to: string; by: string | null; byName: string; at: string; note?: string | null }>
    _status: string
  }
}

/** A story brought to `state` by the moves a newsroom would make. */
async function storyIn(state: ReviewState): Promise<string> {
  const id = await story()
  const step = async (who: Principal, action: ReviewAction) => expect((await move(who, id, action)).status).toBe(200)
  if (state === 'draft') return id
  if (state === 'published') {
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'published' } })).status).toBe(200)
    return id
  }
  await step('author', 'submit')
  if (state === 'changes-requested') await step('editor', 'request-changes')
  if (state === 'approved') await step('editor', 'approve')
  return id
}

const BYLINE_FROM: Record<'submit' | 'withdraw', ReviewState[]> = { submit: ['draft', 'changes-requested', 'published'], withdraw: ['in-review', 'approved'] }
const EDITOR_FROM: Record<'request-changes' | 'approve', ReviewState[]> = { 'request-changes': ['in-review', 'approved'], approve: ['in-review'] }

function expected(who: Principal, action: ReviewAction, state: ReviewState): number {
  if (who === 'anonymous') return 401
  if (who === 'moderator' || who === 'otherAuthor') return 403
  if (action === 'submit' || action === 'withdraw') return BYLINE_FROM[action].includes(state) ? 200 : 409
  if (who === 'author') return 403
  return EDITOR_FROM[action].includes(state) ? 200 : 409
}

describe('the access matrix: principal × move × state', () => {
  const cells = PRINCIPALS.flatMap((who) => REVIEW_ACTIONS.flatMap((action) => REVIEW_STATES.map((state) => [who, action, state] as const)))
  test.each(cells)('%s: %s from %s', async (who, action, state) => {
    const id = await storyIn(state)
    const before = await latest(id)
    const answer = await move(who, id, action)
    expect(answer.status).toBe(expected(who, action, state))
    const after = await latest(id)
    if (answer.status === 200) {
      expect(after.reviewLog).toHaveLength(before.reviewLog.length + 1)
      expect(after.reviewState).toBe(answer.json.reviewState)
    } else {
      expect(typeof answer.json.errors[0].message).toBe('string')
      expect(answer.json.errors[0].message.length).toBeGreaterThan(10)
      expect(after.reviewState).toBe(before.reviewState)
      expect(after.reviewLog).toHaveLength(before.reviewLog.length)
    }
  })
})

describe('what a move records', () => {
  test('draft → in review → changes requested → in review → approved → published, each step with who, when and the note', async () => {
    const id = await story('Ransomware crew hits a water utility')
    expect((await latest(id)).reviewState).toBe('draft')
    expect((await move('author', id, 'submit', 'Ready, I think.')).json.reviewState).toBe('in-review')
    expect((await move('editor', id, 'request-changes', '  Name the utility’s county, please.  ')).json.reviewState).toBe('changes-requested')
    expect((await newsroom.rest('PATCH', `/articles/${id}?draft=true`, { token: people.author.token, body: { dek: 'The county’s utility was hit.' } })).status).toBe(200)
    expect((await latest(id)).reviewState).toBe('changes-requested')
    expect((await move('author', id, 'submit')).json.reviewState).toBe('in-review')
    expect((await move('editor', id, 'approve')).json.reviewState).toBe('approved')
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'published' } })).status).toBe(200)

    const after = await latest(id)
    expect(after.reviewState).toBe('published')
    expect(after.reviewLog.map((entry) => [entry.move, entry.from, entry.to, entry.byName])).toEqual([
      ['submit', 'draft', 'in-review', 'Ann Author'],
      ['request-changes', 'in-review', 'changes-requested', 'Eddie Editor'],
      ['submit', 'changes-requested', 'in-review', 'Ann Author'],
      ['approve', 'in-review', 'approved', 'Eddie Editor'],
      ['publish', 'approved', 'published', 'Eddie Editor'],
    ])
    expect(after.reviewLog[0]!.note).toBe('Ready, I think.')
    expect(after.reviewLog[1]!.note).toBe('Name the utility’s county, please.')
    expect(String(after.reviewLog[1]!.by)).toBe(people.editor.id)
    const times = after.reviewLog.map((entry) => Date.parse(entry.at))
    expect(times.every((time, index) => Number.isFinite(time) && (index === 0 || time >= times[index - 1]!))).toBe(true)

    // The version history holds the log as it stood at each version.
    const versions = await newsroom.payload.findVersions({ collection: 'articles', where: { parent: { equals: id } }, sort: 'createdAt', limit: 50, overrideAccess: true })
    const lengths = versions.docs.map((version) => ((version.version as { reviewLog?: unknown[] }).reviewLog ?? []).length)
    expect(lengths[lengths.length - 1]).toBe(5)
    expect(new Set(lengths).size).toBeGreaterThanOrEqual(5)
  })

  test('the review state and log are the staff’s: readers never see them, and nobody writes them directly', async () => {
    const id = await storyIn('published')
    const anonymous = await newsroom.rest('GET', `/articles/${id}`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.json.reviewState).toBeUndefined()
    expect(anonymous.json.reviewLog ?? []).toEqual([])
    const forged = await newsroom.rest('PATCH', `/articles/${id}`, {
      token: people.editor.token,
      body: { reviewState: 'draft', reviewLog: [{ move: 'approve', byName: 'Nobody', at: new Date().toISOString() }] },
    })
    expect(forged.status).toBe(200)
    const after = await latest(id)
    expect(after.reviewState).toBe('published')
    expect(after.reviewLog.map((entry) => entry.byName)).toEqual(['Eddie Editor'])
  })

  test('an author’s change to an approved story sends it back to review', async () => {
    const id = await storyIn('approved')
    expect((await newsroom.rest('PATCH', `/articles/${id}?draft=true`, { token: people.author.token, body: { title: 'A new headline after approval' } })).status).toBe(200)
    const after = await latest(id)
    expect(after.reviewState).toBe('in-review')
    expect(after.reviewLog.at(-1)).toMatchObject({ move: 'edited-after-approval', from: 'approved', to: 'in-review', byName: 'Ann Author' })
    // An editor's own change does not undo their approval.
    expect((await move('editor', id, 'approve')).status).toBe(200)
    expect((await newsroom.rest('PATCH', `/articles/${id}?draft=true`, { token: people.editor.token, body: { dek: 'Tightened by the desk.' } })).status).toBe(200)
    expect((await latest(id)).reviewState).toBe('approved')
  })

  test('unpublishing is recorded, and the story can go round again', async () => {
    const id = await storyIn('published')
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'draft' } })).status).toBe(200)
    const after = await latest(id)
    expect(after.reviewState).toBe('draft')
    expect(after.reviewLog.at(-1)).toMatchObject({ move: 'unpublish', from: 'published', to: 'draft' })
    expect((await move('author', id, 'submit')).status).toBe(200)
  })

  test('ten editors approving at once: one approval, nine told it is already approved', async () => {
    const id = await storyIn('in-review')
    const answers = await Promise.all(Array.from({ length: 10 }, () => move('editor', id, 'approve')))
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(9).fill(409)])
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.json.errors[0].message === 'This story is already approved.')).toBe(true)
    expect((await latest(id)).reviewLog.filter((entry) => entry.move === 'approve')).toHaveLength(1)
  })
})

describe('refusals in words', () => {
  test('a story the publish rules stop cannot be submitted: the same reasons, each field named as the editor sees it', async () => {
    const created = await newsroom.rest('POST', '/articles?draft=true', {
      token: people.author.token,
      body: { title: 'Half-written', adaptedFrom: [{ originalHeadline: 'Wire copy' }] },
    })
    const id = String(created.json.doc.id)
    const answer = await move('author', id, 'submit')
    expect(answer.status).toBe(400)
    const labels: string[] = answer.json.errors[0].data.errors.map((error: { label: string }) => error.label)
    expect(labels).toContain('Body: The article has no body text yet.')
    expect(labels.some((label) => label.startsWith('Adapted from → entry 1 → Original report URL: '))).toBe(true)
    expect(labels.every((label) => !/\b\w+\.\d+\.\w+/.test(label))).toBe(true)
    expect(answer.json.errors[0].message).toMatch(/^The story cannot be submitted for review yet: /)
    expect((await latest(id)).reviewState).toBe('draft')
  })

  test('Payload’s own refusals read the same way: each field by its label, with what is wrong', async () => {
    const noName = await newsroom.rest('POST', '/sources', { token: people.editor.token, body: { kind: 'other' } })
    expect(noName.status).toBe(400)
    expect(noName.json.errors[0].message).toMatch(/^The following field is invalid: Name: \S/)
    const wrongKind = await newsroom.rest('POST', '/articles', { token: people.editor.token, body: { title: 'Kinds', incident: { cves: 'CVE-2024-3400' } } })
    expect(wrongKind.json.errors[0].message).toMatch(/^The following field is invalid: CVEs: This must be a list of texts\.$/)
    const policy = await newsroom.rest('POST', '/globals/comment-policy', { token: people.admin.token, body: { floodSeconds: 99999 } })
    expect(policy.status).toBe(400)
    expect(policy.json.errors[0].message).toMatch(/^The following field is invalid: Minimum seconds between two comments from the same person: \S/)
    for (const answer of [noName, wrongKind, policy]) expect(answer.json.errors[0].message).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\w\.\w/)
  })

  test('the admin’s form sends an array with no rows as 0: that is an empty list, not a refusal', async () => {
    const id = await storyIn('approved')
    const answer = await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'published', adaptedFrom: 0, corrections: 0 } })
    expect(answer.status).toBe(200)
    expect(answer.json.doc.adaptedFrom).toEqual([])
    expect((await latest(id)).reviewState).toBe('published')
  })

  test.each([
    ['no action', {}, 400, /Say which move/],
    ['an unknown action', { action: 'publish' }, 400, /Say which move/],
    ['a note that is not text', { action: 'submit', note: 42 }, 400, /note must be text/],
    ['a note of 2,001 characters', { action: 'submit', note: 'x'.repeat(2001) }, 400, /keep it to 2000/],
  ])('%s: 400 with a sentence', async (_name, body, status, message) => {
    const id = await story()
    const answer = await newsroom.rest('POST', `/articles/${id}/review`, { token: people.author.token, body })
    expect(answer.status).toBe(status)
    expect(answer.json.errors[0].message).toMatch(message)
    expect((await latest(id)).reviewLog).toHaveLength(0)
  })

  test('not JSON, a malformed id and an unknown story answer 4xx, never 500', async () => {
    const id = await story()
    const garbled = await newsroom.rest('POST', `/articles/${id}/review`, { token: people.author.token, body: undefined, headers: { 'Content-Type': 'application/json' } })
    expect(garbled.status).toBeGreaterThanOrEqual(400)
    expect(garbled.status).toBeLessThan(500)
    expect((await newsroom.rest('POST', '/articles/not%20an%20id!/review', { token: people.author.token, body: { action: 'submit' } })).status).toBe(400)
    const unknown = await newsroom.rest('POST', '/articles/999999/review', { token: people.author.token, body: { action: 'submit' } })
    expect(unknown.status).toBe(404)
    expect(unknown.json.errors[0].message).toBe('There is no article with that id.')
  })
})

describe('who is told, by mail', () => {
  test('editors on submit, the author on changes requested and on publication; never the person who moved it', async () => {
    const id = await story('Botnet takedown in three countries')
    await move('author', id, 'submit', 'Over to the desk.')
    await drainJobs()
    const toEditor = smtp.to(people.editor.email).filter((mail) => mail.subject?.includes('Botnet takedown'))
    const toAdmin = smtp.to(people.admin.email).filter((mail) => mail.subject?.includes('Botnet takedown'))
    expect(toEditor.map((mail) => mail.subject)).toEqual(['For review: “Botnet takedown in three countries”'])
    expect(toAdmin).toHaveLength(1)
    expect(toEditor[0]!.text).toContain('Over to the desk.')
    expect(toEditor[0]!.text).toContain(`/admin/collections/articles/${id}`)
    expect(smtp.to(people.author.email).filter((mail) => mail.subject?.includes('Botnet takedown'))).toHaveLength(0)
    expect(smtp.to(people.moderator.email)).toHaveLength(0)

    await move('editor', id, 'request-changes', 'Which three countries? <b>Say so</b>.')
    await drainJobs()
    const changes = smtp.to(people.author.email).filter((mail) => mail.subject?.includes('Botnet takedown'))
    expect(changes.map((mail) => mail.subject)).toEqual(['Changes requested: “Botnet takedown in three countries”'])
    expect(changes[0]!.text).toContain('Which three countries? <b>Say so</b>.')
    expect(String(changes[0]!.html)).toContain('&lt;b&gt;Say so&lt;/b&gt;')
    expect(smtp.to(people.editor.email).filter((mail) => mail.subject?.startsWith('Changes requested'))).toHaveLength(0)

    await move('author', id, 'submit')
    await move('editor', id, 'approve')
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'published' } })).status).toBe(200)
    await drainJobs()
    const published = smtp.to(people.author.email).filter((mail) => mail.subject?.startsWith('Published: “Botnet'))
    expect(published).toHaveLength(1)
    expect(published[0]!.text).toContain('/articles/botnet-takedown-in-three-countries')
    // Each mail once, whatever the job runner does again.
    await drainJobs()
    const { totalDocs } = await newsroom.payload.count({ collection: MAIL_LOG, where: { purpose: { equals: 'review' } }, overrideAccess: true })
    expect(totalDocs).toBe(smtp.messages.filter((mail) => /^(For review|Changes requested|Published|Scheduled|Changed after)/.test(mail.subject ?? '')).length)
  })

  test('a story published for a time to come tells its author it is scheduled, with the time', async () => {
    const id = await storyIn('approved')
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString()
    expect((await newsroom.rest('PATCH', `/articles/${id}`, { token: people.editor.token, body: { _status: 'published', publishedAt: at } })).status).toBe(200)
    await drainJobs()
    const title = String((await newsroom.payload.findByID({ collection: 'articles', id, depth: 0, overrideAccess: true })).title)
    const mail = smtp.to(people.author.email).find((message) => message.subject?.includes(title))
    expect(mail?.subject).toBe(`Scheduled: “${title}” goes out ${at.replace('T', ' ').slice(0, 16)} UTC`)
  })
})

describe('the desk, per role', () => {
  test('editors see what waits for review and approval; authors their own work, changes requested first with the note; moderators the comments waiting', async () => {
    const waiting = await storyIn('in-review')
    const approved = await storyIn('approved')
    const sentBack = await storyIn('in-review')
    await move('editor', sentBack, 'request-changes', 'Check the second source.')
    const scheduledFor = new Date(Date.now() + 5 * 86_400_000).toISOString()
    const scheduled = await storyIn('approved')
    await newsroom.rest('PATCH', `/articles/${scheduled}`, { token: people.editor.token, body: { _status: 'published', publishedAt: scheduledFor } })
    const corrected = await storyIn('published')
    await newsroom.rest('PATCH', `/articles/${corrected}`, {
      token: people.editor.token,
      body: { _status: 'published', corrections: [{ date: new Date().toISOString(), kind: 'correction', text: 'An earlier version named the wrong county.' }] },
    })

    // Two comments held for moderation on a published story.
    await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { floodSeconds: 0, mode: 'pre-moderate' }, overrideAccess: true })
    const article = await newsroom.payload.findByID({ collection: 'articles', id: corrected, depth: 0, overrideAccess: true })
    const service = new CommentService(newsroom.payload, 'users', new Subscriptions(newsroom.payload, mailContextFor(newsroom.settings)))
    for (const n of [1, 2]) {
      const result = await service.submit({
        article: { id: corrected, commentsOpen: true, publishedAt: String(article.publishedAt), title: String(article.title) },
        parentId: null,
        body: `Held comment ${n}.`,
        author: { kind: 'guest', name: `Guest ${n}`, email: `guest${n}@readers.example`, url: '' },
        honeypot: '',
        secondsOnPage: 30,
        ip: `10.9.0.${n}`,
        userAgent: 'test',
      })
      expect(result.comment).toBeTruthy()
    }

    const deskOf = (who: Exclude<Principal, 'anonymous'>) => {
      const roles = { admin: ['admin'], editor: ['editor'], author: ['author'], otherAuthor: ['author'], moderator: ['moderator'] }[who]
      return deskFor(newsroom.payload, 'users', { id: people[who].id, roles }, new Date(), 1000)
    }
    const editor = await deskOf('editor')
    expect(editor.forReview!.items.map((story) => story.id)).toEqual(expect.arrayContaining([waiting]))
    expect(editor.forReview!.items.every((story) => story.state === 'in-review')).toBe(true)
    expect(editor.forReview!.total).toBe(editor.forReview!.items.length)
    expect((await deskFor(newsroom.payload, 'users', { id: people.editor.id, roles: ['editor'] })).forReview).toMatchObject({ total: editor.forReview!.total })
    expect(editor.forReview!.items.map((story) => story.id)).not.toContain(sentBack)
    expect(editor.toPublish!.items.map((story) => story.id)).toContain(approved)
    expect(editor.forReview!.items.find((story) => story.id === waiting)!.authors).toEqual(['Ann Author'])
    expect(editor.scheduled!.find((item) => item.id === scheduled)).toMatchObject({ at: scheduledFor, how: 'publication time' })
    expect(editor.corrections!.find((item) => item.id === corrected)?.text).toBe('An earlier version named the wrong county.')
    expect(editor.comments!.pending).toBeGreaterThanOrEqual(2)

    const author = await deskOf('author')
    expect(author.forReview).toBeNull()
    expect(author.comments).toBeNull()
    expect(author.mine!.items[0]).toMatchObject({ id: sentBack, state: 'changes-requested', note: { text: 'Check the second source.', by: 'Eddie Editor' } })
    expect(author.mine!.items.map((story) => story.id)).toEqual(expect.arrayContaining([waiting, approved]))
    expect(author.mine!.items.map((story) => story.id)).not.toContain(corrected)
    expect((await deskOf('otherAuthor')).mine).toEqual({ total: 0, items: [] })

    const moderator = await deskOf('moderator')
    expect([moderator.forReview, moderator.mine, moderator.scheduled, moderator.corrections]).toEqual([null, null, null, null])
    expect(moderator.comments!.pending).toBe(editor.comments!.pending)
    expect(Date.parse(moderator.comments!.oldestPendingAt!)).toBeLessThanOrEqual(Date.now())
  })
})
