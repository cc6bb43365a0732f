/**
 * The review workflow on articles (src/editorial/review decides; this applies it). A story's
 * review state and log are fields nobody writes directly: the moves asked by name come through
 * `POST /api/articles/:id/review`, and Payload's own Publish and Unpublish are recorded by the
 * hook here, in the same save. The log lives in every version, so the version history shows it.
 */
import type { ArrayField, CollectionBeforeChangeHook, Endpoint, PayloadRequest, SelectField } from 'payload'

import { canPublish } from '../../src/editorial/roles'
import {
  isReviewAction,
  REVIEW_MOVE_LABELS,
  REVIEW_MOVES,
  REVIEW_STATE_LABELS,
  REVIEW_STATES,
  reviewNote,
  reviewStateOf,
  reviewVerdict,
  type ReviewAction,
  type ReviewEntry,
  type ReviewMove,
  type ReviewState,
} from '../../src/editorial/review'
import { inTransaction } from '../../src/database/transactions'
import { IMPORTING } from '../../src/import/model'
import { jsonBody, problem, type FieldRefusal } from '../../src/http/payloadEndpoints'
import { COLLECTION_SLUGS, DOCUMENT_ID_PATTERN } from '../../src/types'
import { staffOnlyField, staffUser, type StaffUser } from '../access'
import { labelledErrors } from './fieldLabels'
import { articleProblems, livePublished, type CheckedArticle } from './publishCheck'
import { relationId } from './sourceLookup'

/** Request context: the move this save makes (set by the review endpoint). */
const REVIEW_MOVE = 'newsroom:reviewMove'
/** Request context: the entry this save added to the log (read by the mail that tells people). */
export const REVIEW_MOVED = 'newsroom:reviewMoved'

type AskedMove = { move: ReviewMove; to: ReviewState; note: string | null }
export type StoryMoved = { entry: ReviewEntry; story: Record<string, unknown> }

const options = <T extends string>(values: ReadonlyArray<T>, labels: Record<T, string>) => values.map((value) => ({ label: labels[value], value }))
const noDirectWrites = { create: () => false, update: () => false }

export function reviewStateField(staffSlug: string, panel: string): SelectField {
  return {
    name: 'reviewState',
    label: 'Review',
    type: 'select',
    options: options(REVIEW_STATES, REVIEW_STATE_LABELS),
    defaultValue: 'draft',
    index: true,
    access: { read: staffOnlyField(staffSlug), ...noDirectWrites },
    admin: { position: 'sidebar', components: { Field: panel } },
  }
}

export function reviewLogField(staffSlug: string): ArrayField {
  return {
    name: 'reviewLog',
    label: 'Review history',
    type: 'array',
    access: { read: staffOnlyField(staffSlug), ...noDirectWrites },
    labels: { singular: 'Review step', plural: 'Review steps' },
    admin: { readOnly: true, description: 'Every move of this story through review: who, when, and any note. Written by the newsroom, never by hand.' },
    fields: [
      { name: 'move', type: 'select', options: options(REVIEW_MOVES, REVIEW_MOVE_LABELS), required: true },
      { name: 'from', type: 'select', options: options(REVIEW_STATES, REVIEW_STATE_LABELS) },
      { name: 'to', type: 'select', options: options(REVIEW_STATES, REVIEW_STATE_LABELS) },
      { name: 'by', type: 'relationship', relationTo: staffSlug },
      { name: 'byName', label: 'By', type: 'text' },
      { name: 'at', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      { name: 'note', type: 'textarea' },
    ],
  }
}

const nameOf = (req: PayloadRequest): string => {
  const user = req.user as { name?: unknown; email?: unknown } | null
  return user ? String(user.name || user.email || 'Staff') : 'The newsroom (automatic)'
}

/**
 * Keeps the review state true to what the save does: a move asked by name, a publication, an
 * unpublication, or an author's change to an approved story (which needs approving again).
 * `livePublished` says whether readers' version was published before this save.
 */
export function recordReview(staffSlug: string, draftSaveKey: string): CollectionBeforeChangeHook {
  return async ({ data, originalDoc, operation, req }) => {
    const context = req.context as Record<string, unknown>
    const original = originalDoc as Record<string, unknown> | undefined
    const before = reviewStateOf(original?.reviewState, original?._status === 'published')
    const user = staffUser(req, staffSlug)
    const draftSave = context[draftSaveKey] === true
    let asked = (context[REVIEW_MOVE] as AskedMove | undefined) ?? null
    if (!asked && data._status === 'published' && before !== 'published') asked = { move: 'publish', to: 'published', note: null }
    else if (
      !asked &&
      operation === 'update' &&
      !draftSave &&
      data._status === 'draft' &&
      original?.id !== undefined &&
      original.id !== null &&
      (await livePublished(req, original.id as string | number))
    )
      asked = { move: 'unpublish', to: 'draft', note: null }
    else if (!asked && operation === 'update' && before === 'approved' && user && !canPublish(user)) asked = { move: 'edited-after-approval', to: 'in-review', note: null }

    const log = Array.isArray(original?.reviewLog) ? (original.reviewLog as Array<Record<string, unknown>>).map(({ id: _id, ...row }) => row) : []
    // The log only grows: not even restoring an old version takes entries from it.
    data.reviewState = asked?.to ?? before
    data.reviewLog = log
    // An import brings stories in as they stood elsewhere: their state, no steps, nobody told.
    if (!asked || context[IMPORTING]) return data
    delete context[REVIEW_MOVE]
    const entry: ReviewEntry = {
      move: asked.move,
      from: before,
      to: asked.to,
      by: user ? String(user.id) : null,
      byName: nameOf(req),
      at: new Date().toISOString(),
      note: asked.note,
    }
    data.reviewLog = [...log, { ...entry, by: user ? user.id : null }]
    context[REVIEW_MOVED] = { entry, story: { ...original, ...data } } satisfies StoryMoved
    return data
  }
}

export class ReviewRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: ReadonlyArray<FieldRefusal> = [],
  ) {
    super(message)
  }
}

/** Makes one move on a story, inside `tx`'s transaction, as `actor`; refusals are ReviewRefused. */
export async function moveStory(tx: PayloadRequest, actor: StaffUser, id: string, action: ReviewAction, note: string | null): Promise<ReviewEntry> {
  const story = (await tx.payload.findByID({ collection: COLLECTION_SLUGS.articles, id, draft: true, depth: 0, overrideAccess: true, req: tx, disableErrors: true })) as
    (Record<string, unknown> & CheckedArticle) | null
  if (!story) throw new ReviewRefused(404, 'There is no article with that id.')
  const authors = Array.isArray(story.authors) ? story.authors.map(relationId) : []
  const onByline = authors.some((author) => String(author) === String(actor.id))
  const state = reviewStateOf(story.reviewState, story._status === 'published')
  const verdict = reviewVerdict(action, state, { roles: actor.roles, onByline }, await articleProblems(tx, story))
  if (!verdict.ok) {
    const fields = tx.payload.collections[COLLECTION_SLUGS.articles]?.config.flattenedFields ?? []
    const labelled = verdict.problems ? labelledErrors(fields, verdict.problems).map(({ path, message, label }) => ({ path, message, label: String(label ?? path) })) : []
    throw new ReviewRefused(verdict.status, verdict.message, labelled)
  }
  ;(tx.context as Record<string, unknown>)[REVIEW_MOVE] = { move: action, to: verdict.to, note } satisfies AskedMove
  await tx.payload.update({ collection: COLLECTION_SLUGS.articles, id, data: {}, draft: true, overrideAccess: true, req: tx, depth: 0 })
  const moved = (tx.context as Record<string, unknown>)[REVIEW_MOVED] as StoryMoved | undefined
  if (!moved) throw new Error('the review move was not recorded')
  return moved.entry
}

/** `POST /api/articles/:id/review` with `{ "action": "submit" | "withdraw" | "request-changes" | "approve", "note"?: "…" }`. */
export function reviewEndpoint(staffSlug: string): Endpoint {
  return {
    path: '/:id/review',
    method: 'post',
    handler: async (req) => {
      const actor = staffUser(req, staffSlug)
      if (!actor) return problem(401, 'Sign in to the admin to review stories.')
      const id = String(req.routeParams?.id ?? '')
      if (!DOCUMENT_ID_PATTERN.test(id)) return problem(400, 'That is not an article id.', 'id')
      const body = await jsonBody(req)
      if (body instanceof Response) return body
      if (!isReviewAction(body.action)) return problem(400, 'Say which move to make: "submit", "withdraw", "request-changes" or "approve".', 'action')
      const note = reviewNote(body.note)
      if ('problem' in note) return problem(400, note.problem, 'note')
      const action = body.action
      try {
        const entry = await inTransaction(req.payload, (tx) => moveStory(tx, actor, id, action, note.note), { user: req.user })
        return Response.json({ reviewState: entry.to, entry, message: `${REVIEW_MOVE_LABELS[entry.move]}.` }, { headers: { 'Cache-Control': 'no-store' } })
      } catch (error) {
        if (error instanceof ReviewRefused) return problem(error.status, error.message, undefined, error.errors)
        throw error
      }
    },
  }
}
