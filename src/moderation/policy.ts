/**
 * The comment policy: every reply passes a pipeline of small named checks. Each check either
 * lets the comment through, holds it with a reason, or ends the pipeline (spam, or a refusal
 * that is answered to the reader and stores nothing). The reasons are what the moderation
 * queue shows, so every hold explains itself.
 */
import { bodyProblem, countLinks, emailProblem, firstMatchingWord, nameProblem, urlProblem } from './text'

export const MODERATION_MODES = ['pre-moderate', 'hold-until-approved', 'post-moderate'] as const
export type ModerationMode = (typeof MODERATION_MODES)[number]

export type CommentPolicy = {
  /** pre-moderate: hold everything; hold-until-approved: hold a commenter until one comment is approved (WordPress); post-moderate: publish at once. */
  readonly mode: ModerationMode
  readonly allowGuests: boolean
  readonly requireNameAndEmail: boolean
  /** Hold a comment with this many links or more (WordPress: 2). 0 turns the check off. */
  readonly maxLinks: number
  readonly moderationWords: ReadonlyArray<string>
  readonly disallowedWords: ReadonlyArray<string>
  readonly floodSeconds: number
  /** The same text from the same commenter on the same article within this many hours is a duplicate. 0: ever. */
  readonly duplicateWindowHours: number
  readonly minSecondsBeforeSubmit: number
  readonly editWindowMinutes: number
  /** Close comments this many days after publication. 0: never. */
  readonly closeAfterDays: number
  readonly maxDepth: number
  readonly perPage: number
  readonly order: 'oldest' | 'newest'
  readonly maxBodyBytes: number
}

/** WordPress's defaults where it has one. */
export const DEFAULT_POLICY: CommentPolicy = {
  mode: 'hold-until-approved',
  allowGuests: true,
  requireNameAndEmail: true,
  maxLinks: 2,
  moderationWords: [],
  disallowedWords: [],
  floodSeconds: 15,
  duplicateWindowHours: 0,
  minSecondsBeforeSubmit: 3,
  editWindowMinutes: 5,
  closeAfterDays: 0,
  maxDepth: 5,
  perPage: 50,
  order: 'oldest',
  maxBodyBytes: 65_525,
}

export const STANDINGS = ['active', 'premoderated', 'suspended', 'banned'] as const

/** How a commenter (a signed-in reader, or a guest known by their email) stands with the moderators. */
export type Standing = {
  readonly status: (typeof STANDINGS)[number]
  readonly suspendedUntil?: string | null
  readonly statusReason?: string | null
}

export type CommentAuthor =
  | { readonly kind: 'guest'; readonly name: string; readonly email: string; readonly url: string; readonly standing?: Standing }
  | { readonly kind: 'reader'; readonly name: string; readonly standing: Standing }
  | { readonly kind: 'staff'; readonly name: string }

const standingOf = (author: CommentAuthor): Standing | undefined => (author.kind === 'staff' ? undefined : author.standing)

export type Submission = {
  readonly body: string
  readonly author: CommentAuthor
  readonly article: { readonly commentsOpen: boolean; readonly publishedAt: string | null }
  /** The comment replied to, if any; null when it is not a published comment on this article. */
  readonly parent: { readonly depth: number } | null | undefined
  readonly honeypot: string
  /** Seconds between the page being served and the form being sent; null when the form carried no valid timestamp. */
  readonly secondsOnPage: number | null
}

/** What the pipeline needs to know about the past, looked up before it runs. */
export type History = {
  /** When this commenter (by identity or by network address) last commented, anywhere. */
  readonly lastCommentAt: Date | null
  /** Whether the same text from the same commenter already exists on this article (within the window). */
  readonly duplicate: boolean
  /** How many of this commenter's comments have been approved before. */
  readonly approvedBefore: number
}

export type Reason = { readonly code: string; readonly text: string }

export type Refusal = { readonly outcome: 'refuse'; readonly status: 400 | 403 | 409 | 429; readonly field?: string; readonly reasons: Reason[] }
export type Verdict = { readonly outcome: 'approve' | 'hold' | 'spam'; readonly reasons: Reason[] } | Refusal

type Step = null | { readonly hold: Reason } | { readonly end: Verdict }
type Check = { readonly name: string; readonly run: (submission: Submission, history: History, policy: CommentPolicy, now: Date) => Step }

const refuse = (status: Refusal['status'], code: string, text: string, field?: string): Step => ({ end: { outcome: 'refuse', status, field, reasons: [{ code, text }] } })
const spam = (code: string, text: string): Step => ({ end: { outcome: 'spam', reasons: [{ code, text }] } })
const hold = (code: string, text: string): Step => ({ hold: { code, text } })

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/**
 * The checks, in order. Refusals come first (nothing is stored; a flooding bot cannot fill the
 * database with spam), then what marks spam, then what holds a comment for a moderator.
 */
export const CHECKS: ReadonlyArray<Check> = [
  {
    name: 'field limits',
    run: ({ body, author }, _history, policy) => {
      const bodyIssue = bodyProblem(body, policy.maxBodyBytes)
      if (bodyIssue) return refuse(400, 'body', bodyIssue, 'comment')
      if (author.kind !== 'guest') return null
      const nameIssue = nameProblem(author.name, policy.requireNameAndEmail)
      if (nameIssue) return refuse(400, 'name', nameIssue, 'author')
      const emailIssue = emailProblem(author.email, policy.requireNameAndEmail)
      if (emailIssue) return refuse(400, 'email', emailIssue, 'email')
      const urlIssue = urlProblem(author.url)
      if (urlIssue) return refuse(400, 'url', urlIssue, 'url')
      return null
    },
  },
  {
    name: 'guests allowed',
    run: ({ author }, _history, policy) => (author.kind === 'guest' && !policy.allowGuests ? refuse(403, 'sign-in-required', 'Please sign in to comment.') : null),
  },
  {
    name: 'closed article',
    run: ({ article }, _history, policy, now) => {
      if (!article.commentsOpen) return refuse(403, 'closed', 'Comments are closed on this article.')
      if (policy.closeAfterDays > 0 && article.publishedAt) {
        const closesAt = Date.parse(article.publishedAt) + policy.closeAfterDays * 24 * 60 * 60 * 1000
        if (now.getTime() >= closesAt) return refuse(403, 'closed', `Comments close ${plural(policy.closeAfterDays, 'day')} after publication; this article is older.`)
      }
      return null
    },
  },
  {
    name: 'thread depth',
    run: ({ parent }, _history, policy) => {
      if (parent === null) return refuse(400, 'parent', 'The comment you are replying to is not published on this article.', 'comment_parent')
      if (parent && parent.depth + 1 > policy.maxDepth)
        return refuse(400, 'depth', `Replies nest at most ${policy.maxDepth} deep; please reply further up the thread.`, 'comment_parent')
      return null
    },
  },
  {
    name: 'banned or suspended commenter',
    run: ({ author }, _history, _policy, now) => {
      const standing = standingOf(author)
      if (!standing) return null
      const because = standing.statusReason ? ` Reason: ${standing.statusReason}` : ''
      if (standing.status === 'banned') return refuse(403, 'banned', `You can no longer comment here.${because}`)
      if (standing.status === 'suspended' && (!standing.suspendedUntil || Date.parse(standing.suspendedUntil) > now.getTime())) {
        const until = standing.suspendedUntil ? ` until ${new Date(standing.suspendedUntil).toUTCString()}` : ''
        return refuse(403, 'suspended', `You are suspended from commenting${until}.${because}`)
      }
      return null
    },
  },
  { name: 'staff reply', run: ({ author }) => (author.kind === 'staff' ? { end: { outcome: 'approve', reasons: [{ code: 'staff', text: 'reply by newsroom staff' }] } } : null) },
  {
    name: 'flood',
    run: (_submission, { lastCommentAt }, policy, now) => {
      if (!lastCommentAt || policy.floodSeconds <= 0) return null
      const wait = policy.floodSeconds - (now.getTime() - lastCommentAt.getTime()) / 1000
      return wait > 0 ? refuse(429, 'flood', `You are posting comments too quickly. Please wait ${plural(Math.ceil(wait), 'second')} and try again.`) : null
    },
  },
  {
    name: 'duplicate',
    run: (_submission, { duplicate }) => (duplicate ? refuse(409, 'duplicate', 'Duplicate comment detected: it looks as though you’ve already said that!', 'comment') : null),
  },
  {
    name: 'honeypot',
    run: ({ honeypot }) => (honeypot.trim() ? spam('honeypot', 'the hidden form field that only bots fill in was filled in') : null),
  },
  {
    name: 'too-fast submit',
    run: ({ secondsOnPage }, _history, policy) => {
      if (secondsOnPage === null) return spam('no-form', 'sent without the comment form (no valid form timestamp)')
      if (secondsOnPage < policy.minSecondsBeforeSubmit)
        return spam('too-fast', `sent ${plural(Math.max(0, Math.floor(secondsOnPage)), 'second')} after the page loaded (minimum ${policy.minSecondsBeforeSubmit})`)
      return null
    },
  },
  {
    name: 'disallowed words',
    run: ({ body, author }, _history, policy) => {
      const word = firstMatchingWord(policy.disallowedWords, authorTexts(body, author))
      return word ? spam('disallowed-word', `disallowed word '${word}'`) : null
    },
  },
  {
    name: 'link count',
    run: ({ body }, _history, policy) => {
      const links = countLinks(body)
      return policy.maxLinks > 0 && links >= policy.maxLinks ? hold('links', `${plural(links, 'link')} (comments with ${policy.maxLinks} or more are held)`) : null
    },
  },
  {
    name: 'moderation words',
    run: ({ body, author }, _history, policy) => {
      const word = firstMatchingWord(policy.moderationWords, authorTexts(body, author))
      return word ? hold('moderation-word', `moderation word '${word}'`) : null
    },
  },
  {
    name: 'always-held commenter',
    run: ({ author }) => (standingOf(author)?.status === 'premoderated' ? hold('premoderated', 'this commenter’s comments are always held') : null),
  },
  {
    name: 'first-time commenter',
    run: (_submission, { approvedBefore }, policy) =>
      policy.mode === 'hold-until-approved' && approvedBefore === 0 ? hold('first-comment', 'first comment by this commenter') : null,
  },
  {
    name: 'pre-moderation',
    run: (_submission, _history, policy) => (policy.mode === 'pre-moderate' ? hold('pre-moderation', 'every comment is reviewed before publication') : null),
  },
]

function authorTexts(body: string, author: CommentAuthor): string[] {
  return author.kind === 'guest' ? [body, author.name, author.email, author.url] : [body, author.name]
}

/** Runs every check in order and returns the verdict, with every reason that led to it. */
export function moderate(submission: Submission, history: History, policy: CommentPolicy = DEFAULT_POLICY, now = new Date()): Verdict {
  const holds: Reason[] = []
  for (const check of CHECKS) {
    const step = check.run(submission, history, policy, now)
    if (!step) continue
    if ('end' in step) return step.end
    holds.push(step.hold)
  }
  return holds.length ? { outcome: 'hold', reasons: holds } : { outcome: 'approve', reasons: [] }
}

/**
 * The checks that apply when an author edits a published comment within the edit window:
 * the content checks only (who they are and when they posted have not changed).
 */
export function moderateEdit(body: string, author: CommentAuthor, policy: CommentPolicy = DEFAULT_POLICY): Verdict {
  const problem = bodyProblem(body, policy.maxBodyBytes)
  if (problem) return { outcome: 'refuse', status: 400, field: 'comment', reasons: [{ code: 'body', text: problem }] }
  const disallowed = firstMatchingWord(policy.disallowedWords, authorTexts(body, author))
  if (disallowed) return { outcome: 'spam', reasons: [{ code: 'disallowed-word', text: `disallowed word '${disallowed}'` }] }
  const holds: Reason[] = []
  const links = countLinks(body)
  if (policy.maxLinks > 0 && links >= policy.maxLinks) holds.push({ code: 'links', text: `${plural(links, 'link')} (comments with ${policy.maxLinks} or more are held)` })
  const word = firstMatchingWord(policy.moderationWords, authorTexts(body, author))
  if (word) holds.push({ code: 'moderation-word', text: `moderation word '${word}'` })
  return holds.length ? { outcome: 'hold', reasons: holds } : { outcome: 'approve', reasons: [] }
}
