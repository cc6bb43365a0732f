/**
 * The desk: what needs each staff member, for the admin's dashboard. Editors see stories waiting
 * for review and approved ones waiting to go out; writers their own stories in progress (changes
 * requested first, with the editor's note); moderators the comments waiting and how long the
 * oldest has; everyone who writes sees what is scheduled and the recent corrections. Read with
 * the newsroom's own queries, as the staff member's role allows.
 */
import type { Payload, Where } from 'payload'

import { queueSummary, type QueueSummary } from '../comments/queue'
import { type Doc } from '../database/docs'
import { deskStage, reviewStateOf, type ReviewState } from '../editorial/review'
import { canModerate, canPublish, canWrite } from '../editorial/roles'
import { COLLECTION_SLUGS } from '../types'

export const DESK_LIST_LIMIT = 20
export const CORRECTION_DAYS = 14

export type DeskStory = {
  readonly id: string
  readonly title: string
  readonly state: ReviewState | 'scheduled'
  readonly authors: ReadonlyArray<string>
  /** When it reached its present state (the last review step), else when it was last saved. */
  readonly since: string | null
  /** The last step's note and who wrote it, when there is one. */
  readonly note: { readonly text: string; readonly by: string } | null
}

export type DeskScheduled = { readonly id: string; readonly title: string; readonly at: string; readonly how: 'publication time' | 'scheduled publish' }
export type DeskCorrection = { readonly id: string; readonly title: string; readonly slug: string; readonly date: string; readonly kind: string; readonly text: string }

/** The first stories of a list (DESK_LIST_LIMIT unless asked), and how many there are in all. */
export type DeskList = { readonly total: number; readonly items: ReadonlyArray<DeskStory> }

export type Desk = {
  readonly forReview: DeskList | null
  readonly toPublish: DeskList | null
  readonly mine: DeskList | null
  readonly scheduled: ReadonlyArray<DeskScheduled> | null
  readonly corrections: ReadonlyArray<DeskCorrection> | null
  readonly comments: QueueSummary | null
}

type Staff = { id: string | number; roles?: ReadonlyArray<string> | null }

const STORY_SELECT = { title: true, authors: true, reviewState: true, reviewLog: true, updatedAt: true, publishedAt: true, _status: true } as const

function deskStory(doc: Doc, names: Map<string, string>, now: Date): DeskStory {
  const log = Array.isArray(doc.reviewLog) ? (doc.reviewLog as Doc[]) : []
  const last = log[log.length - 1]
  const state = reviewStateOf(doc.reviewState, doc._status === 'published')
  return {
    id: String(doc.id),
    title: String(doc.title || 'Untitled'),
    state: deskStage(state, typeof doc.publishedAt === 'string' ? doc.publishedAt : null, now),
    authors: (Array.isArray(doc.authors) ? doc.authors : []).map((author) => names.get(String(typeof author === 'object' && author ? (author as Doc).id : author)) ?? 'someone'),
    since: typeof last?.at === 'string' ? last.at : typeof doc.updatedAt === 'string' ? doc.updatedAt : null,
    note: last && typeof last.note === 'string' && last.note ? { text: last.note, by: String(last.byName ?? '') } : null,
  }
}

async function stories(payload: Payload, staffSlug: string, where: Where, sort: string, now: Date, limit: number): Promise<DeskList> {
  // draft: true reads each story's latest version: where the review state of work in progress lives.
  const { docs, totalDocs } = await payload.find({ collection: COLLECTION_SLUGS.articles, where, sort, draft: true, limit, depth: 0, overrideAccess: true, select: STORY_SELECT })
  const ids = [...new Set((docs as Doc[]).flatMap((doc) => (Array.isArray(doc.authors) ? doc.authors.map(String) : [])))]
  const names = new Map<string, string>()
  if (ids.length) {
    const staff = await payload.find({ collection: staffSlug, where: { id: { in: ids } }, limit: ids.length, depth: 0, overrideAccess: true, select: { name: true, email: true } })
    for (const member of staff.docs as Doc[]) names.set(String(member.id), String(member.name || member.email || 'someone'))
  }
  return { total: totalDocs, items: (docs as Doc[]).map((doc) => deskStory(doc, names, now)) }
}

async function scheduled(payload: Payload, now: Date): Promise<DeskScheduled[]> {
  const [embargoed, jobs] = await Promise.all([
    payload.find({
      collection: COLLECTION_SLUGS.articles,
      where: { and: [{ _status: { equals: 'published' } }, { publishedAt: { greater_than: now.toISOString() } }] },
      sort: 'publishedAt',
      limit: DESK_LIST_LIMIT,
      depth: 0,
      overrideAccess: true,
      select: { title: true, publishedAt: true },
    }),
    payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
      sort: 'waitUntil',
      limit: 100,
      depth: 0,
      overrideAccess: true,
    }),
  ])
  const planned = (jobs.docs as Doc[]).flatMap((job) => {
    const input = (job.input ?? {}) as { type?: string; doc?: { relationTo?: string; value?: unknown } }
    if (input.doc?.relationTo !== COLLECTION_SLUGS.articles || (input.type && input.type !== 'publish') || typeof job.waitUntil !== 'string') return []
    return [{ id: String(input.doc.value), at: job.waitUntil }]
  })
  const titles = new Map<string, string>()
  if (planned.length) {
    const { docs } = await payload.find({
      collection: COLLECTION_SLUGS.articles,
      where: { id: { in: planned.map((plan) => plan.id) } },
      draft: true,
      limit: planned.length,
      depth: 0,
      overrideAccess: true,
      select: { title: true },
    })
    for (const doc of docs as Doc[]) titles.set(String(doc.id), String(doc.title || 'Untitled'))
  }
  return [
    ...(embargoed.docs as Doc[]).map((doc) => ({ id: String(doc.id), title: String(doc.title || 'Untitled'), at: String(doc.publishedAt), how: 'publication time' as const })),
    ...planned.filter((plan) => titles.has(plan.id)).map((plan) => ({ id: plan.id, title: titles.get(plan.id)!, at: plan.at, how: 'scheduled publish' as const })),
  ]
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(0, DESK_LIST_LIMIT)
}

async function corrections(payload: Payload, now: Date): Promise<DeskCorrection[]> {
  const since = new Date(now.getTime() - CORRECTION_DAYS * 86_400_000).toISOString()
  const { docs } = await payload.find({
    collection: COLLECTION_SLUGS.articles,
    where: { and: [{ _status: { equals: 'published' } }, { 'corrections.date': { greater_than_equal: since } }] },
    sort: '-updatedAt',
    limit: DESK_LIST_LIMIT,
    depth: 0,
    overrideAccess: true,
    select: { title: true, slug: true, corrections: true },
  })
  return (docs as Doc[])
    .flatMap((doc) =>
      (Array.isArray(doc.corrections) ? (doc.corrections as Doc[]) : [])
        .filter((correction) => typeof correction.date === 'string' && correction.date >= since)
        .map((correction) => ({
          id: String(doc.id),
          title: String(doc.title || 'Untitled'),
          slug: String(doc.slug ?? ''),
          date: String(correction.date),
          kind: String(correction.kind ?? 'correction'),
          text: String(correction.text ?? ''),
        })),
    )
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, DESK_LIST_LIMIT)
}

/** The desk for one staff member; the parts their roles have no business with are null. */
export async function deskFor(payload: Payload, staffSlug: string, user: Staff, now = new Date(), limit = DESK_LIST_LIMIT): Promise<Desk> {
  const editor = canPublish(user)
  const writer = canWrite(user)
  const [forReview, toPublish, mine, upcoming, recent, comments] = await Promise.all([
    editor ? stories(payload, staffSlug, { reviewState: { equals: 'in-review' } }, 'updatedAt', now, limit) : null,
    editor ? stories(payload, staffSlug, { reviewState: { equals: 'approved' } }, 'updatedAt', now, limit) : null,
    writer
      ? stories(
          payload,
          staffSlug,
          { and: [{ authors: { equals: user.id } }, { reviewState: { in: ['draft', 'changes-requested', 'in-review', 'approved'] } }] },
          '-updatedAt',
          now,
          limit,
        )
      : null,
    writer ? scheduled(payload, now) : null,
    writer ? corrections(payload, now) : null,
    canModerate(user) ? queueSummary(payload) : null,
  ])
  // Changes requested first: that is where an author is needed.
  const ordered = mine
    ? { total: mine.total, items: [...mine.items.filter((story) => story.state === 'changes-requested'), ...mine.items.filter((story) => story.state !== 'changes-requested')] }
    : null
  return { forReview, toPublish, mine: ordered, scheduled: upcoming, corrections: recent, comments }
}
