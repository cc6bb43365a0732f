/**
 * insertRow stores a row at the adapter and answers its id without reading the row back: the
 * row is there under that id with every field and array, inside the caller's transaction (so a
 * rollback takes it too), on whichever engine the suite runs. Array rows carry their ids, as
 * every adapter-level writer gives them (Payload's operations would make them).
 */
import { insertRow } from '../../src/database/insertRow'
import { inTransaction } from '../../src/database/transactions'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
let articleId: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  const doc = await newsroom.payload.create({
    collection: 'articles',
    data: { title: 'Rows without a second read', body: [{ children: [{ text: 'Body.' }] }], _status: 'published' },
    overrideAccess: true,
  })
  articleId = String(doc.id)
})

afterAll(async () => {
  await newsroom?.close()
})

const at = () => new Date().toISOString()

test('the row is stored under the id it answers, with its arrays', async () => {
  const guest = await inTransaction(newsroom.payload, (req) =>
    insertRow(
      newsroom.payload,
      'guest-commenters',
      { identityKey: 'guest:insert-row', name: 'Ada', email: 'ada@example.test', status: 'active', approvedCount: 0, rejectedCount: 0, createdAt: at(), updatedAt: at() },
      req,
    ),
  )
  const comment = await inTransaction(newsroom.payload, (req) =>
    insertRow(
      newsroom.payload,
      'comments',
      {
        article: articleId,
        authorKind: 'guest',
        authorName: 'Ada',
        guestCommenter: guest,
        body: 'Stored in one go.',
        status: 'pending',
        holdReasons: [{ id: 'a1b2c3d4e5f6a1b2c3d4e5f6', code: 'first-comment', text: 'A first comment waits for a moderator' }],
        moderationLog: [{ id: 'f6e5d4c3b2a1f6e5d4c3b2a1', at: at(), to: 'pending', reason: 'moderation policy' }],
        reportCount: 0,
        identityKey: 'guest:insert-row',
        createdAt: at(),
        updatedAt: at(),
      },
      req,
    ),
  )
  expect(guest).toMatch(/^[0-9a-f-]{36}$/)
  expect(comment).not.toBe(guest)
  const stored = (await newsroom.payload.findByID({ collection: 'comments', id: comment, depth: 0, overrideAccess: true })) as unknown as Record<string, unknown>
  expect(stored).toMatchObject({ id: comment, body: 'Stored in one go.', status: 'pending', guestCommenter: guest, article: articleId })
  expect(stored.holdReasons).toEqual([expect.objectContaining({ code: 'first-comment', text: 'A first comment waits for a moderator' })])
  expect(stored.moderationLog).toEqual([expect.objectContaining({ to: 'pending', reason: 'moderation policy' })])
  const commenter = await newsroom.payload.findByID({ collection: 'guest-commenters', id: guest, depth: 0, overrideAccess: true })
  expect(commenter).toMatchObject({ id: guest, name: 'Ada', email: 'ada@example.test' })
})

test('a rolled-back transaction takes the row with it', async () => {
  let made = ''
  await expect(
    inTransaction(newsroom.payload, async (req) => {
      made = await insertRow(
        newsroom.payload,
        'guest-commenters',
        { identityKey: 'guest:rolled-back', name: 'Bo', status: 'active', approvedCount: 0, rejectedCount: 0, createdAt: at(), updatedAt: at() },
        req,
      )
      throw new Error('the write after it failed')
    }),
  ).rejects.toThrow('the write after it failed')
  expect(made).not.toBe('')
  const found = await newsroom.payload.find({ collection: 'guest-commenters', where: { id: { equals: made } }, overrideAccess: true, depth: 0 })
  expect(found.docs).toHaveLength(0)
})
