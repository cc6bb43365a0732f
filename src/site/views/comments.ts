/**
 * The comment area under an article: the published thread (threaded, paged, escaped, links
 * made safe) as every reader sees it, and the parts that are one viewer's own, which are put
 * into its slots when the page is sent: their comments awaiting moderation, their Edit links,
 * and the "Leave a Reply" form as they see it.
 */
import { AVATAR_KEY_PATTERN, avatarPath } from '../../comments/identicon'
import type { CommentView } from '../../comments/service'
import type { CommentPolicy } from '../../moderation/policy'
import { GUEST_LIMITS, LINK_PATTERN } from '../../moderation/text'
import { REPORT_REASONS } from '../../moderation/vocabulary'
import { html, SafeHtml } from '../html'
import { slot, TOKENS } from '../pageCache'
import { articlePath } from './article'
import { isoDate } from './format'
import { providerMark, readerAvatarPath, type ProviderLabels } from './signIn'

/** Stands in a page where each visitor's own form tokens go. */
const formTokens = slot(TOKENS)

export type CommentViewer =
  | { readonly kind: 'guest' }
  /** `hasEmail`: the account has an address to send "notify me" mail to. */
  | { readonly kind: 'reader'; readonly name: string; readonly identity: SafeHtml; readonly hasEmail?: boolean }
  | { readonly kind: 'staff'; readonly name: string }

export type FormState = {
  readonly values?: Partial<Record<'comment' | 'author' | 'email' | 'url' | 'notify_replies' | 'notify_comments' | 'notify_posts', string>>
  readonly error?: { readonly message: string; readonly field?: string }
  readonly notice?: string
}

type ArticleRef = { readonly slug: string; readonly title: string; readonly commentsOpen: boolean }

/** One page of an article's published thread, as read: its top-level comments and the replies under them. */
export type ThreadPage = {
  /** This page's top-level comments, in the order shown. */
  readonly roots: ReadonlyArray<CommentView>
  /** Published replies in those threads, in any order (a thread read whole may hold more than is shown). */
  readonly replies: ReadonlyArray<CommentView>
  /** Published comments on the article, all pages. */
  readonly total: number
  readonly page: number
  readonly totalPages: number
}

export type ThreadInput = {
  readonly article: ArticleRef
  readonly policy: CommentPolicy
  readonly thread: ThreadPage
  /** Provider names as this site configures them (the generic provider's label), for the marks beside readers' names. */
  readonly providerLabels?: ProviderLabels
}

/** A comment shown on a page, as a reply form addressed to it needs it. */
export type ShownComment = { readonly id: string; readonly authorName: string; readonly canReply: boolean }

export type RespondInput = {
  readonly article: ArticleRef
  readonly policy: CommentPolicy
  readonly viewer: CommentViewer
  /** The comment replied to (from the page it is on), or null. */
  readonly replyTo: ShownComment | null
  /** The comment page the form is on, so the cancel link stays there. */
  readonly page?: number
  /** Sign-in choices shown beside the guest fields (the login icons). */
  readonly signIn?: SafeHtml
  /** Forms that buttons inside the comment form submit (sign in, sign out): forms cannot nest. */
  readonly formsOutside?: SafeHtml
  readonly form?: FormState
  /** The form's hidden tokens; by default the slot where the sender puts them. */
  readonly tokens?: SafeHtml
  /** Offer "notify me" (the newsroom sends mail). */
  readonly notifications?: boolean
}

const commentDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })

/** Plain text → paragraphs, line breaks and safe links; never markup from the text itself. */
export function commentText(text: string): SafeHtml {
  const paragraph = (block: string) => {
    const parts: SafeHtml[] = []
    let last = 0
    for (const match of block.matchAll(LINK_PATTERN)) {
      let url = match[0]
      const trailing = /[.,;:!?)\]'"]+$/.exec(url)?.[0] ?? ''
      url = url.slice(0, url.length - trailing.length)
      const start = match.index ?? 0
      parts.push(html`${block.slice(last, start)}`)
      const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url
      let safe = false
      try {
        const parsed = new URL(href)
        safe = parsed.protocol === 'https:' || parsed.protocol === 'http:'
      } catch {
        safe = false
      }
      parts.push(safe ? html`<a href="${href}" rel="nofollow ugc noopener noreferrer">${url}</a>` : html`${url}`)
      last = start + url.length
    }
    parts.push(html`${block.slice(last)}`)
    const joined = parts.map((part) => part.value).join('')
    return new SafeHtml(`<p>${joined.replace(/\n/g, '<br>')}</p>`)
  }
  return html`${text
    .split(/\n{2,}/)
    .filter((block) => block.trim())
    .map(paragraph)}`
}

function authorName(comment: CommentView, labels?: ProviderLabels): SafeHtml {
  const name = comment.authorName || 'Anonymous'
  let safeUrl: string | null = null
  if (comment.authorUrl) {
    try {
      const parsed = new URL(comment.authorUrl)
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') safeUrl = parsed.href
    } catch {
      safeUrl = null
    }
  }
  const linked = safeUrl ? html`<a href="${safeUrl}" rel="nofollow ugc noopener noreferrer" class="url">${name}</a>` : html`${name}`
  const badge =
    comment.authorKind === 'staff' ? html` <span class="badge">Newsroom staff</span>` : comment.authorKind === 'reader' ? providerMark(comment.signedInWith, labels) : ''
  return html`<b class="fn">${linked}</b>${badge}`
}

function avatar(comment: CommentView): SafeHtml {
  if (comment.readerId && comment.readerAvatarHash && /^[0-9a-f]{16}$/.test(comment.readerAvatarHash))
    return html`<img class="avatar" src="${readerAvatarPath(comment.readerId, comment.readerAvatarHash)}" width="40" height="40" alt="" loading="lazy" decoding="async">`
  const key = comment.avatarKey && AVATAR_KEY_PATTERN.test(comment.avatarKey) ? comment.avatarKey : null
  return key ? html`<img class="avatar" src="${avatarPath(key)}" width="40" height="40" alt="" loading="lazy" decoding="async">` : html``
}

type Node = { comment: CommentView; children: Node[] }

type ItemContext = { readonly article: ArticleRef; readonly policy: CommentPolicy; readonly page: number; readonly providerLabels?: ProviderLabels }

const pageQuery = (page: number) => (page > 1 ? `cpage=${page}&` : '')

/**
 * One comment and the replies under it. A published one carries two empty slots: where its
 * author's Edit link goes, and where the viewer's own replies awaiting moderation go.
 */
function commentItem(node: Node, context: ItemContext): SafeHtml {
  const { comment } = node
  const path = articlePath(context.article.slug)
  const pending = comment.status !== 'approved'
  const time = Date.parse(comment.createdAt)
  const canReply = !pending && context.article.commentsOpen && comment.depth < context.policy.maxDepth
  const actions = pending
    ? ''
    : html`<p class="comment-actions">${
        canReply
          ? html`<a class="comment-reply-link" href="${path}?${pageQuery(context.page)}replytocom=${comment.id}#respond" aria-label="Reply to ${comment.authorName}">Reply</a>`
          : ''
      }${slot(`edit:${comment.id}`)} <a class="comment-report-link" href="${path}/comments/${comment.id}/report" rel="nofollow">Report</a></p>`
  const children = node.children.length ? html`<ol class="children">${node.children.map((child) => commentItem(child, context))}</ol>` : ''
  return html`<li id="comment-${comment.id}" class="comment depth-${comment.depth}${pending ? ' pending' : ''}">
<article class="comment-body">
<footer class="comment-meta">${avatar(comment)}${authorName(comment, context.providerLabels)} <a class="comment-permalink" href="#comment-${comment.id}"><time datetime="${isoDate(comment.createdAt)}">${Number.isFinite(time) ? commentDate.format(time) : ''}</time></a>${comment.editedAt ? html` <span class="edited">(edited)</span>` : ''}</footer>
${pending ? html`<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>` : ''}
<div class="comment-content" dir="auto">${commentText(comment.body)}</div>
${actions}
</article>
${children}${pending ? '' : slot(`replies:${comment.id}`)}
</li>`
}

/** The Edit link a reader sees on their own comment while they may still change it. */
export const editLink = (slug: string, commentId: string): string => html` <a class="comment-edit-link" href="${articlePath(slug)}/comments/${commentId}/edit">Edit</a>`.value

/** The viewer's own comments awaiting moderation, as list items (no actions: nobody else sees them). */
export const pendingItems = (comments: ReadonlyArray<CommentView>, context: Omit<ItemContext, 'page'>): string =>
  comments.map((comment) => commentItem({ comment: { ...comment, status: 'pending' }, children: [] }, { ...context, page: 1 }).value).join('')

/** The page's top-level comments with their published replies under them, in order. */
function threadTrees(page: ThreadPage): Node[] {
  const nodes = new Map<string, Node>()
  for (const comment of [...page.roots, ...page.replies]) if (!nodes.has(comment.id)) nodes.set(comment.id, { comment, children: [] })
  const roots = page.roots.map((root) => nodes.get(root.id)!)
  const rootIds = new Set(page.roots.map((root) => root.id))
  for (const node of nodes.values()) {
    if (rootIds.has(node.comment.id)) continue
    const parent = node.comment.parentId ? nodes.get(node.comment.parentId) : undefined
    if (parent) parent.children.push(node)
  }
  const byTime = (a: Node, b: Node) => Date.parse(a.comment.createdAt) - Date.parse(b.comment.createdAt)
  for (const node of nodes.values()) node.children.sort(byTime)
  return roots
}

/** Every comment on the page that a reply form can be addressed to, by id. */
function shownComments(trees: ReadonlyArray<Node>, input: Pick<ThreadInput, 'article' | 'policy'>): Map<string, ShownComment> {
  const shown = new Map<string, ShownComment>()
  const visit = (node: Node) => {
    const { comment } = node
    shown.set(comment.id, { id: comment.id, authorName: comment.authorName, canReply: input.article.commentsOpen && comment.depth < input.policy.maxDepth })
    node.children.forEach(visit)
  }
  trees.forEach(visit)
  return shown
}

function pageLinks(article: ArticleRef, page: number, totalPages: number): SafeHtml {
  if (totalPages <= 1) return html``
  const path = articlePath(article.slug)
  const link = (target: number, label: string, rel: string) => html`<a href="${path}${target > 1 ? `?cpage=${target}` : ''}#comments" rel="${rel}">${label}</a>`
  return html`<nav class="comment-navigation" aria-label="Comment pages">${page > 1 ? link(page - 1, 'Earlier comments', 'prev') : ''}<span>Comments page ${page} of ${totalPages}</span>${
    page < totalPages ? link(page + 1, 'Later comments', 'next') : ''
  }</nav>`
}

const fieldError = (state: FormState | undefined, field: string) => (state?.error?.field === field ? html` aria-invalid="true" aria-describedby="comment-form-error"` : '')

/** "Notify me of follow-up comments by email", unticked unless the reader ticked it. */
const notifyFields = (values: NonNullable<FormState['values']>) =>
  html`<fieldset class="comment-notify"><legend>Notify me of follow-up comments by email</legend>
<p><input id="notify-replies" name="notify_replies" type="checkbox"${values.notify_replies === 'on' ? ' checked' : ''}><label for="notify-replies">Replies to my comment</label></p>
<p><input id="notify-comments" name="notify_comments" type="checkbox"${values.notify_comments === 'on' ? ' checked' : ''}><label for="notify-comments">Every new comment on this story</label></p>
<p><input id="notify-posts" name="notify_posts" type="checkbox"${values.notify_posts === 'on' ? ' checked' : ''}><label for="notify-posts">Notify me of new posts by email</label></p>
<p class="hint">We email you to confirm first. Every email has a link to stop them.</p>
</fieldset>
`

/** The "Leave a Reply" form; `parentId` is the comment replied to ('0': none). */
function form(input: RespondInput, parentId: string): SafeHtml {
  const state = input.form
  const values = state?.values ?? {}
  const path = articlePath(input.article.slug)
  const guestFields =
    input.viewer.kind === 'guest'
      ? html`<p class="comment-notes">Fill in your details below or click an icon to log in:</p>
${input.signIn ?? ''}
<fieldset class="guest-fields"><legend>Your details</legend>
<p><label for="email">Email <span class="hint">(required, never published)</span></label><input id="email" name="email" type="email" maxlength="${GUEST_LIMITS.email}" autocomplete="email" value="${values.email ?? ''}"${fieldError(state, 'email')}></p>
<p><label for="author">Name <span class="hint">(required)</span></label><input id="author" name="author" type="text" maxlength="${GUEST_LIMITS.name}" autocomplete="name" value="${values.author ?? ''}"${fieldError(state, 'author')}></p>
<p><label for="url">Website</label><input id="url" name="url" type="url" maxlength="${GUEST_LIMITS.url}" autocomplete="url" value="${values.url ?? ''}"${fieldError(state, 'url')}></p>
</fieldset>`
      : input.viewer.kind === 'reader'
        ? input.viewer.identity
        : html`<p class="logged-in-as">You are commenting as <strong>${input.viewer.name}</strong> (newsroom staff).</p>`
  const action = `${path}/comments${(input.page ?? 1) > 1 ? `?cpage=${input.page}` : ''}`
  return html`${input.formsOutside ?? ''}<form id="commentform" class="comment-form" method="post" action="${action}">
${guestFields}
<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" rows="8" maxlength="${input.policy.maxBodyBytes}"${fieldError(state, 'comment')}>${values.comment ?? ''}</textarea></p>
<p class="form-trap" aria-hidden="true"><label for="website-confirm">Leave this field empty</label><input id="website-confirm" name="website" type="text" tabindex="-1" autocomplete="off"></p>
${input.notifications && (input.viewer.kind === 'guest' || (input.viewer.kind === 'reader' && input.viewer.hasEmail)) ? notifyFields(values) : ''}<input type="hidden" name="comment_parent" value="${parentId}">
${input.tokens ?? formTokens}
<p class="form-submit"><button type="submit">Post Comment</button></p>
</form>`
}

/** "Leave a Reply": the heading (and whom it answers), a notice or error, and the form as this viewer sees it. */
export function respondBlock(input: RespondInput): SafeHtml {
  const path = articlePath(input.article.slug)
  const replyTo = input.replyTo?.canReply ? input.replyTo : null
  const replyHeading = replyTo
    ? html`<h2 id="reply-title" class="comment-reply-title">Leave a Reply to ${replyTo.authorName} <small><a rel="nofollow" id="cancel-comment-reply-link" href="${path}${
        (input.page ?? 1) > 1 ? `?cpage=${input.page}` : ''
      }#respond">Cancel reply</a></small></h2>`
    : html`<h2 id="reply-title" class="comment-reply-title">Leave a Reply</h2>`
  const notice = input.form?.notice ? html`<p class="form-notice" role="status">${input.form.notice}</p>` : ''
  const error = input.form?.error ? html`<p class="form-error" role="alert" id="comment-form-error">${input.form.error.message}</p>` : ''
  return input.article.commentsOpen
    ? html`<div id="respond" class="comment-respond">${replyHeading}${notice}${error}${form(input, replyTo?.id ?? '0')}</div>`
    : html`<div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">Leave a Reply</h2>${notice}<p class="comments-closed">Comments are closed.</p></div>`
}

/**
 * The comment section as every reader sees it: the count, this page's threads, the page links.
 * Slots mark where one visitor's own parts go: `pending` (their top-level comments awaiting
 * moderation), `replies:<id>` and `edit:<id>` on each comment, and `respond` (the reply form).
 * `listOpen` says whether `pending` sits inside a list already.
 */
export function threadSection(input: ThreadInput): { html: SafeHtml; shown: Map<string, ShownComment>; listOpen: boolean } {
  const { thread } = input
  const trees = threadTrees(thread)
  const context: ItemContext = { article: input.article, policy: input.policy, page: thread.page, providerLabels: input.providerLabels }
  const count = thread.total
  const title = count ? html`<h2 id="comments-title" class="comments-title">${count === 1 ? 'One response' : `${count} responses`} to “${input.article.title}”</h2>` : ''
  const listOpen = trees.length > 0
  const list = listOpen ? html`<ol class="comment-list">${trees.map((node) => commentItem(node, context))}${slot('pending')}</ol>` : slot('pending')
  const section = html`<section id="comments" class="comments" aria-labelledby="${count ? 'comments-title' : 'reply-title'}">
${title}
${list}
${pageLinks(input.article, thread.page, thread.totalPages)}
${slot('respond')}
</section>`
  return { html: section, shown: shownComments(trees, input), listOpen }
}

export type NotSavedInput = Pick<RespondInput, 'article' | 'policy' | 'viewer' | 'formsOutside'> & {
  readonly form: FormState & { readonly error: { readonly message: string } }
  readonly parentId: string
}

/**
 * A submission that could not be saved yet (the newsroom was too busy): the reader's text and
 * details in the same form, to send again. Small on purpose: it is what an overloaded server sends.
 */
export function notSavedPage(input: NotSavedInput): SafeHtml {
  const path = articlePath(input.article.slug)
  return html`<h1 class="page-title">Your comment has not been saved yet</h1>
<div id="respond" class="comment-respond">
<p class="form-error" role="alert" id="comment-form-error">${input.form.error.message}</p>
${form({ ...input, replyTo: null }, input.parentId)}
</div>
<p><a href="${path}">Back to the article</a></p>`
}

export function reportPage(comment: CommentView, slug: string): SafeHtml {
  const path = articlePath(slug)
  return html`<h1 class="page-title">Report a comment</h1>
<blockquote class="reported-comment"><p><b>${comment.authorName}</b> wrote:</p><div dir="auto">${commentText(comment.body.slice(0, 2000))}</div></blockquote>
<form class="report-form" method="post" action="${path}/comments/${comment.id}/report">
<fieldset><legend>What is wrong with it?</legend>
${REPORT_REASONS.map((reason, index) => html`<p><input type="radio" id="reason-${reason.value}" name="reason" value="${reason.value}"${index === 0 ? ' checked' : ''}> <label for="reason-${reason.value}">${reason.label}</label></p>`)}
</fieldset>
${formTokens}
<p><button type="submit">Send report to the moderators</button> <a href="${path}#comment-${comment.id}">Cancel</a></p>
</form>`
}

export function editPage(comment: CommentView, slug: string, state: FormState = {}): SafeHtml {
  const path = articlePath(slug)
  const error = state.error ? html`<p class="form-error" role="alert" id="comment-form-error">${state.error.message}</p>` : ''
  return html`<h1 class="page-title">Edit your comment</h1>
${error}
<form class="comment-form" method="post" action="${path}/comments/${comment.id}/edit">
<p><label for="comment">Comment</label><textarea id="comment" name="comment" rows="8"${fieldError(state, 'comment')}>${state.values?.comment ?? comment.body}</textarea></p>
${formTokens}
<p><button type="submit">Save changes</button> <a href="${path}#comment-${comment.id}">Cancel</a></p>
</form>`
}
