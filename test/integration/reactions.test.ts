/**
 * One path for every comment change: whichever write changes a comment's status (the form,
 * the moderation queue single and bulk, the admin's REST API, a report), the registered
 * reactions see it once, after it is stored, from the job queue; a change that is rolled back
 * or changes nothing queues nothing; a reaction that fails is retried.
 */
import { COMMENT_CHANGES, REACTIONS_TASK, type ReactionBatch } from '../../src/comments/reactions'
import { CommentService, type StaffAuthor } from '../../src/comments/service'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
let service: CommentService
let moderator: StaffAuthor & { token: string }
let article: { id: string; commentsOpen: boolean; publishedAt: string }
const seen: ReactionBatch[] = []
let failNext = 0
let insideTransaction: boolean[] = []

beforeAll(async () => {
  newsroom = await bootNewsroom({
    reactions: [
      {
        name: 'recorder',
        async run(payload, batch) {
          if (failNext > 0) {
            failNext -= 1
            throw new Error('the recorder is down for a moment')
          }
          // Outside the writer's transaction: the change is already visible to a fresh read.
          const stored = await payload.find({ collection: 'comments', where: { id: { in: batch.changes.map((change) => change.comment) } }, overrideAccess: true, depth: 0 })
          insideTransaction.push(stored.docs.length !== batch.changes.filter((change) => change.to !== null).length)
          seen.push(batch)
        },
      },
    ],
  })
  service = new CommentService(newsroom.payload, 'users')
  await newsroom.staff(['admin'], 'Chief')
  const mod = await newsroom.staff(['moderator'], 'Mo')
  moderator = { id: mod.id, name: 'Mo', roles: ['moderator'], token: mod.token }
  await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { floodSeconds: 0, mode: 'pre-moderate' }, overrideAccess: true })
  const doc = await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'A story readers answer', body: [{ children: [{ text: 'Body.' }] }], _status: 'published' },
    overrideAccess: true,
  })
  article = { id: String(doc.id), commentsOpen: true, publishedAt: String(doc.publishedAt) }
})

afterAll(async () => {
  await newsroom?.close()
})

beforeEach(async () => {
  await runJobs()
  seen.length = 0
  insideTransaction = []
})

const runJobs = () => newsroom.payload.jobs.run({ queue: 'default', limit: 100 })

/** Writes recorded for the reactions and not yet run. */
const recorded = async () => (await newsroom.payload.db.find({ collection: COMMENT_CHANGES, limit: 100, pagination: false })).docs

let n = 0
async function submit(): Promise<string> {
  n += 1
  const result = await service.submit({
    article,
    parentId: null,
    body: `A considered comment, number ${n}.`,
    author: { kind: 'guest', name: `Reader ${n}`, email: `reader${n}@reactions.example`, url: '' },
    honeypot: '',
    secondsOnPage: 30,
    ip: `10.9.0.${n}`,
    userAgent: 'test',
  })
  if (!result.comment) throw new Error(`refused: ${JSON.stringify(result.verdict)}`)
  return result.comment.id
}

const pendingJobs = async () =>
  (
    await newsroom.payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: REACTIONS_TASK } }, { completedAt: { exists: false } }] },
      overrideAccess: true,
      limit: 100,
    })
  ).docs

test('the comment form: a held comment is seen once, after it is stored, with where it came from', async () => {
  const id = await submit()
  expect(seen).toEqual([])
  await runJobs()
  expect(seen).toEqual([{ origin: 'form', at: expect.any(String), by: null, changes: [{ comment: id, article: article.id, from: null, to: 'pending', newReports: 0 }] }])
  expect(insideTransaction).toEqual([false])
  await runJobs()
  expect(seen).toHaveLength(1)
})

test('the moderation queue, single and bulk: every decision is seen, naming the moderator; writes in a row by one moderator come as one batch', async () => {
  const [a, b, c] = [await submit(), await submit(), await submit()]
  await runJobs()
  seen.length = 0
  await service.decide({ ids: [a], decision: 'approve', moderator })
  await service.decide({ ids: [b, c], decision: 'spam', moderator })
  await runJobs()
  expect(seen.map(({ origin, by, changes }) => ({ origin, by, changes: changes.map(({ comment, from, to }) => ({ comment, from, to })) }))).toEqual([
    {
      origin: 'queue',
      by: moderator.id,
      changes: [
        { comment: a, from: 'pending', to: 'approved' },
        { comment: b, from: 'pending', to: 'spam' },
        { comment: c, from: 'pending', to: 'spam' },
      ],
    },
  ])
  expect(await recorded()).toEqual([])
})

test('a decision that changes nothing, or is rolled back, queues nothing', async () => {
  const id = await submit()
  await service.decide({ ids: [id], decision: 'approve', moderator })
  await runJobs()
  seen.length = 0
  await service.decide({ ids: [id], decision: 'approve', moderator })
  const other = await submit()
  await runJobs()
  seen.length = 0
  await expect(service.decide({ ids: [other, 'ffffffff-ffff-4fff-8fff-ffffffffffff'], decision: 'trash', moderator })).rejects.toMatchObject({ status: 404 })
  expect(await pendingJobs()).toEqual([])
  expect(await recorded()).toEqual([])
  await runJobs()
  expect(seen).toEqual([])
})

test("the admin's REST API and a reader's report go the same way", async () => {
  const id = await submit()
  await runJobs()
  seen.length = 0
  const patched = await newsroom.rest('PATCH', `/comments/${id}`, { token: moderator.token, body: { status: 'approved' } })
  expect(patched.status).toBe(200)
  await service.report({ commentId: id, articleId: article.id, reason: 'spam', reporterKey: 'reporter-1' })
  await runJobs()
  expect(seen.map(({ origin, by, changes }) => ({ origin, by, changes }))).toEqual([
    { origin: 'collection', by: moderator.id, changes: [{ comment: id, article: article.id, from: 'pending', to: 'approved', newReports: 0 }] },
    { origin: 'report', by: null, changes: [{ comment: id, article: article.id, from: 'approved', to: 'approved', newReports: 1 }] },
  ])
})

test('a reaction that fails is retried later, and then sees the change', async () => {
  failNext = 1
  const id = await submit()
  await runJobs()
  expect(seen).toEqual([])
  const [job] = await pendingJobs()
  expect(job).toMatchObject({ totalTried: 1 })
  expect(Date.parse(String(job!.waitUntil))).toBeGreaterThan(Date.now())
  // Skip the back-off rather than wait for it.
  await newsroom.payload.update({ collection: 'payload-jobs', id: job!.id, data: { waitUntil: new Date(Date.now() - 1000).toISOString() }, overrideAccess: true })
  await runJobs()
  expect(seen.map((batch) => batch.changes[0]!.comment)).toEqual([id])
  expect(await pendingJobs()).toEqual([])
})
