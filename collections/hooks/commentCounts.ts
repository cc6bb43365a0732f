/**
 * Exact counts, recounted rather than incremented: an article's approved comments, and each
 * commenter's approved and rejected comments. Written straight to the database so that a
 * count never creates an article version or runs the article's publish rules.
 */
import type { Payload, PayloadRequest, Where } from 'payload'

import { COUNTS_AS_REJECTED } from '../../src/moderation/vocabulary'
import { COLLECTION_SLUGS } from '../../src/types'

type Id = string | number
export type CountTargets = { article: Id | null; reader: Id | null; guestCommenter: Id | null }

async function count(payload: Payload, where: Where, req?: PayloadRequest): Promise<number> {
  return (await payload.count({ collection: COLLECTION_SLUGS.comments, where, overrideAccess: true, req })).totalDocs
}

export async function refreshCommentCounts(payload: Payload, targets: ReadonlyArray<CountTargets>, req?: PayloadRequest): Promise<void> {
  const unique = (key: keyof CountTargets) => [
    ...new Set(
      targets
        .map((target) => target[key])
        .filter((id): id is Id => id !== null)
        .map(String),
    ),
  ]
  for (const article of unique('article')) {
    const commentCount = await count(payload, { and: [{ article: { equals: article } }, { status: { equals: 'approved' } }] }, req)
    await payload.db.updateOne({ collection: COLLECTION_SLUGS.articles, id: article, data: { commentCount }, req })
  }
  for (const [field, collection] of [
    ['reader', COLLECTION_SLUGS.readers],
    ['guestCommenter', COLLECTION_SLUGS.guestCommenters],
  ] as const) {
    for (const id of unique(field)) {
      const [approvedCount, rejectedCount] = await Promise.all([
        count(payload, { and: [{ [field]: { equals: id } }, { status: { equals: 'approved' } }] }, req),
        count(payload, { and: [{ [field]: { equals: id } }, { status: { in: [...COUNTS_AS_REJECTED] } }] }, req),
      ])
      await payload.db.updateOne({ collection, id, data: { approvedCount, rejectedCount }, req })
    }
  }
}
