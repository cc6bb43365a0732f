/**
 * The review workflow: how a story moves from an author's draft to publication, and who may
 * move it. Authors submit a story for review (only when the publish rules pass) and may
 * withdraw it; editors request changes, approve, and publish (with Payload's own Publish and
 * Schedule buttons, which are recorded here too). Every move is an entry in the story's review
 * log: what, from which state to which, who, when, and an optional note to the author.
 */
import { canPublish, canWrite } from './roles'
import type { PublishProblem } from './publishRules'

export const REVIEW_STATES = ['draft', 'in-review', 'changes-requested', 'approved', 'published'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  published: 'Published',
}

/** The moves a person asks for by name; publishing and unpublishing happen through Payload's buttons. */
export const REVIEW_ACTIONS = ['submit', 'withdraw', 'request-changes', 'approve'] as const
export type ReviewAction = (typeof REVIEW_ACTIONS)[number]
/** Every kind of entry in a review log. */
export const REVIEW_MOVES = [...REVIEW_ACTIONS, 'publish', 'unpublish', 'edited-after-approval'] as const
export type ReviewMove = (typeof REVIEW_MOVES)[number]

export const REVIEW_MOVE_LABELS: Record<ReviewMove, string> = {
  submit: 'Submitted for review',
  withdraw: 'Withdrawn from review',
  'request-changes': 'Changes requested',
  approve: 'Approved',
  publish: 'Published',
  unpublish: 'Unpublished',
  'edited-after-approval': 'Changed after approval: back in review',
}

export const REVIEW_NOTE_MAX = 2000

export type ReviewEntry = {
  readonly move: ReviewMove
  readonly from: ReviewState
  readonly to: ReviewState
  /** The staff member's id; null for the newsroom itself (the demo content, a job). */
  readonly by: string | null
  readonly byName: string
  readonly at: string
  readonly note?: string | null
}

export const isReviewState = (value: unknown): value is ReviewState => typeof value === 'string' && (REVIEW_STATES as readonly string[]).includes(value)
export const isReviewAction = (value: unknown): value is ReviewAction => typeof value === 'string' && (REVIEW_ACTIONS as readonly string[]).includes(value)

/** A story with no state yet (made before the workflow) is a draft, or published if it is. */
export const reviewStateOf = (value: unknown, published = false): ReviewState => (isReviewState(value) ? value : published ? 'published' : 'draft')

type Rule = {
  readonly from: ReadonlyArray<ReviewState>
  readonly to: ReviewState
  /** Who may: the story's own authors (and editors), or editors only. */
  readonly who: 'byline' | 'editors'
  /** The publish rules must pass first. */
  readonly checked: boolean
}

const RULES: Record<ReviewAction, Rule> = {
  submit: { from: ['draft', 'changes-requested', 'published'], to: 'in-review', who: 'byline', checked: true },
  withdraw: { from: ['in-review', 'approved'], to: 'draft', who: 'byline', checked: false },
  'request-changes': { from: ['in-review', 'approved'], to: 'changes-requested', who: 'editors', checked: false },
  approve: { from: ['in-review'], to: 'approved', who: 'editors', checked: true },
}

const WRONG_STATE: Record<ReviewAction, Partial<Record<ReviewState, string>>> = {
  submit: { 'in-review': 'This story is already in review.', approved: 'This story is already approved; an editor will publish it.' },
  withdraw: {},
  'request-changes': {},
  approve: { approved: 'This story is already approved.' },
}

export type ReviewActor = { readonly roles: ReadonlyArray<string>; readonly onByline: boolean }

export type ReviewVerdict =
  | { readonly ok: true; readonly to: ReviewState }
  | { readonly ok: false; readonly status: 400 | 403 | 409; readonly message: string; readonly problems?: ReadonlyArray<PublishProblem> }

/**
 * Whether `actor` may make `action` on a story in `state`, and where it leads. `problems` are
 * the publish rules' findings on the story as saved (the submit and approve moves need none).
 */
export function reviewVerdict(action: ReviewAction, state: ReviewState, actor: ReviewActor, problems: ReadonlyArray<PublishProblem>): ReviewVerdict {
  const rule = RULES[action]
  const user = { roles: [...actor.roles] }
  if (!canWrite(user)) return { ok: false, status: 403, message: 'Only the story’s authors, editors and admins take part in its review.' }
  if (rule.who === 'editors' && !canPublish(user)) return { ok: false, status: 403, message: 'Only editors and admins request changes or approve a story.' }
  if (rule.who === 'byline' && !canPublish(user) && !actor.onByline) return { ok: false, status: 403, message: 'Only the story’s own authors (or an editor) can do that.' }
  if (!rule.from.includes(state)) {
    const said = WRONG_STATE[action][state]
    const allowed = rule.from.map((from) => REVIEW_STATE_LABELS[from].toLowerCase()).join(' or ')
    return { ok: false, status: 409, message: said ?? `This story is ${REVIEW_STATE_LABELS[state].toLowerCase()}; that can be done only to a story that is ${allowed}.` }
  }
  if (rule.checked && problems.length > 0) {
    const what = action === 'submit' ? 'submitted for review' : 'approved'
    return { ok: false, status: 400, message: `The story cannot be ${what} yet: ${problems.map((problem) => problem.message).join(' ')}`, problems }
  }
  return { ok: true, to: rule.to }
}

/** The moves `actor` may make on a story in `state` (the publish rules are checked when one is made). */
export const reviewActionsFor = (state: ReviewState, actor: ReviewActor): ReviewAction[] => REVIEW_ACTIONS.filter((action) => reviewVerdict(action, state, actor, []).ok)

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  submit: 'Submit for review',
  withdraw: 'Withdraw from review',
  'request-changes': 'Request changes',
  approve: 'Approve',
}

/** A note as given: trimmed, empty as none; a reason when it is not acceptable. */
export function reviewNote(value: unknown): { note: string | null } | { problem: string } {
  if (value === undefined || value === null) return { note: null }
  if (typeof value !== 'string') return { problem: 'The note must be text.' }
  const note = value.trim()
  if (note.length > REVIEW_NOTE_MAX) return { problem: `The note is ${note.length} characters long; keep it to ${REVIEW_NOTE_MAX}.` }
  return { note: note || null }
}

/** The state a story shows on the desk: published with a time still to come is scheduled. */
export function deskStage(state: ReviewState, publishedAt: string | null | undefined, now: Date): ReviewState | 'scheduled' {
  if (state === 'published' && publishedAt && Date.parse(publishedAt) > now.getTime()) return 'scheduled'
  return state
}

/** How long something has waited, in words: "3 min", "5 h", "2 days". */
export function waitedFor(since: string | null | undefined, now: Date): string {
  const ms = since ? now.getTime() - Date.parse(since) : NaN
  if (!Number.isFinite(ms) || ms < 0) return 'just now'
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'under a minute'
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} days`
}
