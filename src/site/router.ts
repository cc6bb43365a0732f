/**
 * The public site as an Express router built from a Payload instance: front page, articles
 * with their comments, threat actors, feeds, sitemaps, media, avatars and signed staff
 * previews. Pages render on the server and work without JavaScript. Anonymous pages come from
 * a shared cache that any public change empties; anything for one visitor only (their pending
 * comment, their session, their form tokens) is never stored there.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

import { stringifySetCookie } from 'cookie'
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express'
import type { Payload, Where } from 'payload'

import { accountNoun, isProviderId } from '../auth/providers'
import { clearReaderCookie, cookieValue, endReaderSession, READER_COOKIE } from '../auth/readerSessions'
import { safeReturnTo, withNotice } from '../auth/returnTo'
import { SignInService } from '../auth/signIn'
import { DEFAULT_SESSION_DAYS, DEFAULT_SHARED_CACHE, type AuthSettings, type SharedCacheSettings } from '../config/environment'
import { AVATAR_KEY_PATTERN, avatarPath, identiconSvg } from '../comments/identicon'
import { avatarKeyFor, ipHash, readerIdentityKey } from '../comments/identity'
import { pendingCookie } from '../comments/pendingCookie'
import { CommentError, CommentService, type CommentView, type SubmitResult, type SubmittedAuthor } from '../comments/service'
import { commentsVersion, contentVersion, editorialVersion, personalVersion } from '../database/contentVersion'
import { BUSY_SENTENCE, isTransientDatabaseError, RETRY_AFTER_SECONDS } from '../database/transient'
import { DEFAULT_POLICY, type CommentPolicy } from '../moderation/policy'
import { identifyVisitor, type Visitor } from '../comments/visitors'
import { FACT_BASES, FACT_FIELDS, FACT_KINDS, factPath, parseFactParam, type FactParam } from '../editorial/facts'
import { SLUG_PATTERN } from '../editorial/slug'
import { AdmissionQueue, Overloaded, type AdmissionOptions } from '../http/admission'
import { BodyError, readFields, wantsJson, type FormFields } from '../http/body'
import { REPORT_REASONS } from '../moderation/vocabulary'
import { CSRF_COOKIE, CSRF_FIELD, csrfToken, csrfValid, FORM_TIME_FIELD, newCsrfSecret, secondsSince, signedTime } from '../security/csrf'
import { checkLink } from '../security/signedLinks'
import { COLLECTION_SLUGS, DOCUMENT_ID_PATTERN } from '../types'
import { SiteData, type ArticleView, type CommentTarget } from './data'
import { html, SafeHtml } from './html'
import { noticeTexts, providerOrigins } from './notices'
import { acceptedEncoding, compose, encodedBody, gzipJoined, PageCache, rendered, slot, TOKENS, type Encoding, type Fills, type Rendered } from './pageCache'
import { PREVIEW_PURPOSE, previewPath } from './preview'
import { redirects } from './redirects'
import { articlePage, articlePath } from './views/article'
import { editLink, editPage, notSavedPage, pendingItems, reportPage, respondBlock, threadSection, type CommentViewer, type FormState, type ShownComment } from './views/comments'
import { newsSitemap, robotsTxt, rssFeed, sitemap } from './views/feeds'
import { layout, type SiteInfo } from './views/layout'
import { mountMail } from './mailRoutes'
import { mountPrivacy } from './privacyRoutes'
import { mountSignIn } from './signInRoutes'
import { LINK_PURPOSE, mailOff, managePath, signedUrl, Subscriptions, type MailContext } from '../mail/subscriptions'
import { providerLabel, readerAvatarPath, signedInAs, signInButtons, signInForms, signOutForm, type ProviderLabels, type SignInChoice } from './views/signIn'
import { actorListing, errorPage, ERRORS, homePage, listingPage, topicListing, type ErrorKind, type Listing } from './views/lists'
import { factListing } from './views/facts'
import { articleStix, jsonFeed } from './views/intel'
import { searchPage, type SearchState } from './views/search'
import { searchIndexOf } from '../search/documents'
import { validDate } from '../search/model'
import { exactId, MAX_QUERY_CHARS, parseQuery, spellableWords, suggestion } from '../search/query'
import { attackTechnique } from '../editorial/attack'
import { ATTACK_TYPES, ATTRIBUTION_CONFIDENCE, SECTORS } from '../editorial/taxonomy'

export type SiteOptions = {
  readonly payload: Payload
  readonly site: Omit<SiteInfo, 'stylesheet'>
  readonly staffCollection: string
  readonly mediaDir: string
  /** Stories per page on the front page and actor pages. Default 20. */
  readonly pageSize?: number
  /** Reader sign-in: the configured providers (none: no icons) and how long sessions last. */
  readonly auth?: AuthSettings
  /** How many comment submissions run and wait at once (see http/admission.ts). */
  readonly admission?: Partial<AdmissionOptions>
  /** How long shared caches may keep anonymous pages (CACHE_S_MAXAGE_SECONDS, CACHE_STALE_SECONDS). */
  readonly sharedCache?: SharedCacheSettings
  /** Mail: who it comes from, and whether the newsroom sends any (no "notify me" without it). */
  readonly mail?: MailContext
  /**
   * Development: pages may be opened at another loopback name (127.0.0.1), from where the login
   * icons' forms go on to the site's own address to sign in (http/otherAddresses.ts).
   */
  readonly otherAddresses?: boolean
}

export type Site = {
  /** The site's routes. Mount after Payload's Next handler. */
  readonly router: Router
  /** The site's 404 page for any path nobody else answered. Mount after everything. */
  readonly notFound: RequestHandler
  /** Errors as the site's 400 or 500 page: never a stack trace. Mount last. */
  readonly onError: ErrorRequestHandler
}

const HTML = 'text/html; charset=utf-8'

/**
 * A shared page's form time is the same for every reader within one step: the anonymous page is
 * made again at most this often. Time on the page is over-counted by at most this (plus however
 * long a shared cache held the page), never under-counted.
 */
export const FORM_TIME_STEP_MS = 2000

/** Where an article's thread goes in its page, between rendering the two apart and joining them. */
const THREAD_MARK = '<!--newsroom:thread-->'

/** At most this many visitors' parts are kept with one page. */
const MAX_KEPT_PER_PAGE = 2000

/**
 * No inline script or style anywhere, no third party, no framing. Forms post to this site; the
 * login icons' forms are redirected on to the sign-in providers, which must be named too.
 */
const siteCsp = (formTargets: ReadonlyArray<string> = []): string =>
  `default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'${formTargets.map((origin) => ` ${origin}`).join('')}; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'`

const siteHeadersFor =
  (csp: string) =>
  (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    next()
  }

/** A posted form: its fields, or why it was refused (a status and a sentence). */
export type Submission =
  { readonly ok: true; readonly fields: FormFields } | { readonly ok: false; readonly status: 400 | 403 | 411 | 413 | 415; readonly message: string; readonly fields: FormFields }

/** What one visitor's copy of a page adds: the contents of its slots, and that it is theirs alone. */
export type Personal = { readonly fills: Fills; readonly cacheControl: string }

/** One visitor's response: no cache may keep it. */
const PRIVATE = 'private, no-store'

/**
 * Writes a response. A shared one (no personal parts) carries its validators, answers 304 when
 * the client's copy is current, and goes out compressed as made once for everyone; a personal
 * one has its slots filled and is compressed by joining (pageCache.ts). HEAD gets headers only.
 */
export function send(req: Request, res: Response, response: Rendered, personal?: Personal, options: { vary?: string } = {}): void {
  res.status(response.status)
  res.setHeader('Content-Type', response.contentType)
  res.setHeader('Cache-Control', personal?.cacheControl ?? response.cacheControl)
  res.setHeader('Vary', options.vary ?? (personal ? 'Accept-Encoding, Cookie' : 'Accept-Encoding'))
  let body: Buffer[]
  let encoding: Encoding
  if (!personal) {
    res.setHeader('ETag', response.etag)
    res.setHeader('Last-Modified', response.lastModified)
    if (response.status === 200 && req.fresh) {
      res.status(304).end()
      return
    }
    ;({ body, encoding } = encodedBody(response, acceptedEncoding(req.headers['accept-encoding'], { brotli: true })))
  } else {
    encoding = acceptedEncoding(req.headers['accept-encoding'], { brotli: false })
    body = encoding === 'gzip' ? gzipJoined(response, personal.fills) : compose(response, personal.fills)
  }
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding)
  res.setHeader(
    'Content-Length',
    body.reduce((total, part) => total + part.length, 0),
  )
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  // One write: a page in a hundred small parts costs the kernel more than one copy of it.
  res.end(body.length === 1 ? body[0] : Buffer.concat(body))
}

/** ?page=N, ?cpage=N: absent means 1; anything but a whole number ≥ 1 is bad input. */
function pageNumber(raw: unknown): number | 'invalid' {
  if (raw === undefined) return 1
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) return 'invalid'
  return Number(raw)
}

/** The client's address as Express sees it (honouring `trust proxy` when the app sets it). */
const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown'

/** Where a comment form's sign-in or sign-out comes back to: the form itself, on its page. */
const respondPath = (slug: string, replyTo: string | null, cpage = 1): string => {
  const query = [cpage > 1 ? `cpage=${cpage}` : '', replyTo ? `replytocom=${replyTo}` : ''].filter(Boolean).join('&')
  return `${articlePath(slug)}${query ? `?${query}` : ''}#respond`
}

export function createSite(options: SiteOptions): Site {
  const { payload } = options
  const pageSize = options.pageSize ?? 20
  const data = new SiteData(payload, options.staffCollection)
  const mail: MailContext = options.mail ?? mailOff({ name: options.site.name, origin: options.site.origin })
  const comments = new CommentService(payload, options.staffCollection, mail.enabled ? new Subscriptions(payload, mail) : undefined)
  const cache = new PageCache()
  const admission = new AdmissionQueue(options.admission)
  const css = readFileSync(new URL('./assets/site.css', import.meta.url))
  const favicon = readFileSync(new URL('./assets/favicon.svg', import.meta.url))
  const stylesheet = `/assets/site-${createHash('sha1').update(css).digest('hex').slice(0, 12)}.css`
  const site: SiteInfo = { ...options.site, stylesheet }
  const secureCookies = site.origin.startsWith('https:')
  const auth = options.auth ?? { providers: [], sessionDays: DEFAULT_SESSION_DAYS }
  const signIn = new SignInService({ payload, providers: auth.providers, origin: site.origin })
  const choices: SignInChoice[] = auth.providers.map((provider) => ({ id: provider.id, label: provider.label }))
  const developmentSignIn = auth.providers.some((provider) => provider.development)
  const providerLabels: ProviderLabels = Object.fromEntries(auth.providers.map((provider) => [provider.id, provider.label]))
  const siteHeaders = siteHeadersFor(siteCsp([...(options.otherAddresses ? [site.origin] : []), ...providerOrigins(auth.providers, site.origin)]))
  const notices = noticeTexts(auth.providers, site.origin)
  const sharedCache = options.sharedCache ?? DEFAULT_SHARED_CACHE
  // Anonymous pages are the same bytes for everyone: shared caches may keep them, browsers revalidate.
  const sharedPolicy = `public, max-age=0, s-maxage=${sharedCache.sMaxAgeSeconds}, stale-while-revalidate=${sharedCache.staleSeconds}`

  // Cached pages must not outlive the moment an embargoed article becomes public.
  let visibility = { version: '', until: 0 }
  async function visibleUntil(): Promise<number> {
    // Only editorial changes (a publish, a new embargo) move it.
    const version = await editorialVersion(payload)
    if (visibility.version !== version || Date.now() >= visibility.until) {
      const next = await data.nextScheduledVisibility()
      visibility = { version, until: next ? next.getTime() : Number.POSITIVE_INFINITY }
    }
    return visibility.until
  }

  /** The form time every reader of a shared page gets: the same for everyone within a step (see docs/architecture.md). */
  let formTimeKept = { second: -1, html: html`` }
  const formTime = (now = new Date()): SafeHtml => {
    const second = Math.floor(now.getTime() / 1000)
    if (formTimeKept.second !== second) formTimeKept = { second, html: html`<input type="hidden" name="${FORM_TIME_FIELD}" value="${signedTime(payload.secret, now)}">` }
    return formTimeKept.html
  }

  /** A page for this visitor only, with their form tokens: their CSRF cookie is set the first time. */
  function personalFor(res: Response, visitor: Pick<Visitor, 'csrfCookie'>, fills: Map<string, string | Buffer> = new Map()): Personal {
    let cookie = visitor.csrfCookie
    if (!cookie) {
      cookie = newCsrfSecret()
      res.append('Set-Cookie', stringifySetCookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' }))
    }
    fills.set(TOKENS, `<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(payload.secret, cookie)}">${formTime().value}`)
    return { fills, cacheControl: PRIVATE }
  }

  /** A page for one visitor (their form, their account): never cached, never indexed. */
  const privatePage = (status: number, title: string, description: string, main: SafeHtml): Rendered =>
    rendered(status, HTML, PRIVATE, layout(site, { title: `${title} — ${site.name}`, description, noindex: true }, main).value)
  const errorResponse = (kind: ErrorKind) => rendered(ERRORS[kind].status, HTML, 'no-store', errorPage(kind, site).value)
  const page = (kind: ErrorKind) => (req: Request, res: Response) => send(req, res, errorResponse(kind))
  const notFound = page('not-found')
  const badRequest = page('bad-request')

  /**
   * Serves `produce` through the shared cache under `key`; null from `produce` means 404.
   * Keys name only what the page depends on, so made-up query strings cannot crowd the cache.
   */
  async function cached(key: string, produce: () => Promise<Rendered | null>, limits: { ttlMs?: number } = {}): Promise<Rendered | null> {
    // These pages show no comments: a published comment leaves them cached.
    const version = await editorialVersion(payload)
    const hit = cache.get(key, version)
    if (hit) return hit
    const result = await produce()
    if (!result) return null
    const until = await visibleUntil()
    cache.set(key, version, Math.min(until, limits.ttlMs ? Date.now() + limits.ttlMs : Number.POSITIVE_INFINITY), result)
    return result
  }

  const sendCached =
    (key: string, produce: () => Promise<Rendered | null>, limits: { ttlMs?: number } = {}): RequestHandler =>
    async (req, res) => {
      const response = await cached(key, produce, limits)
      if (!response) return notFound(req, res)
      send(req, res, response)
    }

  // ——— The article page and its comments ———

  function viewerFor(visitor: Visitor | null): CommentViewer {
    if (visitor?.staff) return { kind: 'staff', name: visitor.staff.name }
    if (visitor?.reader) {
      const { reader, provider } = visitor.reader
      const label = isProviderId(provider) ? providerLabel(provider, providerLabels) : null
      const avatar = reader.avatarHash ? readerAvatarPath(reader.id, reader.avatarHash) : avatarPath(avatarKeyFor(readerIdentityKey(reader.id)))
      const identity = signedInAs({ name: reader.displayName, avatar, provider: label ? accountNoun({ label }) : null })
      return { kind: 'reader', name: reader.displayName, identity, hasEmail: Boolean(reader.email) }
    }
    return { kind: 'guest' }
  }

  type ArticleRequest = { slug: string; cpage: number; replyTo: string | null; notice: string | null }

  /**
   * One page of an article as every reader sees it, cut at the slots for a visitor's own parts,
   * with what filling them needs: the comments shown (a reply form may address only those) and
   * the policy it was rendered under. `anonymous` is the page with the anonymous reply form in
   * place, made again each FORM_TIME_STEP_MS so its form time stays near the truth.
   */
  type ArticleEntry = {
    readonly page: Rendered
    readonly article: ArticleView
    readonly cpage: number
    readonly policy: CommentPolicy
    readonly shown: ReadonlyMap<string, ShownComment>
    readonly listOpen: boolean
    anonymous?: { readonly step: number; readonly response: Rendered }
    /** Visitors' own parts of this page, by visitor, each for the personal version it was made at. */
    readonly kept: PageCache<ReadonlyMap<string, string> | string>
  }
  type ArticleShell = { readonly view: ArticleView; readonly before: string; readonly after: string }
  const articleViews = new PageCache<ArticleShell>(500)
  /** A page of an article's thread, rendered: kept for the comments version, whatever happens to the article's text. */
  type ThreadRender = { readonly html: string; readonly shown: ReadonlyMap<string, ShownComment>; readonly listOpen: boolean }
  const threadRenders = new PageCache<ThreadRender>(1000)
  const articlePages = new PageCache<ArticleEntry>(500)

  const articleCounts = new PageCache<{ commentCount: number; threadCount: number }>(1000)
  let policyKept: { version: string; policy: CommentPolicy; stamp: string } | null = null

  /**
   * The article as the page shows it, and its page rendered around an empty thread (its shell,
   * cut where the thread goes): kept for the editorial version, so a published comment re-reads
   * neither.
   */
  async function articleView(slug: string): Promise<ArticleView | null> {
    return (await articleAndShell(slug))?.view ?? null
  }
  async function articleAndShell(slug: string): Promise<ArticleShell | null> {
    const version = await editorialVersion(payload)
    const hit = articleViews.get(slug, version)
    if (hit) return hit
    const view = await data.article(slug)
    if (!view) return null
    const [before, after] = articlePage(view, site, { comments: new SafeHtml(THREAD_MARK) }).value.split(THREAD_MARK) as [string, string]
    const kept = { view, before, after }
    articleViews.set(slug, version, await visibleUntil(), kept)
    return kept
  }

  /** The article's kept comment counts, as of the content version (a published comment changes them, not the article's text). */
  async function countsOf(article: ArticleView): Promise<{ commentCount: number; threadCount: number }> {
    const version = await contentVersion(payload)
    const hit = articleCounts.get(article.id, version)
    if (hit) return hit
    const counts = (await data.commentCounts(article.id)) ?? { commentCount: article.commentCount, threadCount: article.threadCount }
    articleCounts.set(article.id, version, Number.POSITIVE_INFINITY, counts)
    return counts
  }

  /** The comment policy, kept for the editorial version (a change to it is an editorial change; a comment is not). */
  async function policyNow(): Promise<CommentPolicy> {
    const version = await editorialVersion(payload)
    if (policyKept?.version !== version) {
      const policy = await comments.policy()
      policyKept = { version, policy, stamp: JSON.stringify(policy) }
    }
    return policyKept.policy
  }

  const threadPages = (threadCount: number, policy: CommentPolicy) => Math.max(1, Math.ceil(threadCount / policy.perPage))

  /** Renders page `cpage` of the article's thread (reading only the threads it shows), kept for the content version. */
  async function articleEntry(article: ArticleView, cpage: number, policy: CommentPolicy): Promise<ArticleEntry> {
    const version = await contentVersion(payload)
    const key = `${article.slug}:${cpage}`
    const hit = articlePages.get(key, version)
    if (hit) return hit
    const shell = await articleAndShell(article.slug)
    const thread = await threadRender(article, cpage, policy)
    const entry: ArticleEntry = {
      page: rendered(200, HTML, sharedPolicy, `${shell?.before ?? ''}${thread.html}${shell?.after ?? ''}`),
      article,
      cpage,
      policy,
      shown: thread.shown,
      listOpen: thread.listOpen,
      kept: new PageCache(MAX_KEPT_PER_PAGE),
    }
    articlePages.set(key, version, await visibleUntil(), entry)
    return entry
  }

  /** Page `cpage` of the article's thread, read (only the threads it shows) and rendered; kept while no published comment changes. */
  async function threadRender(article: ArticleView, cpage: number, policy: CommentPolicy): Promise<ThreadRender> {
    const version = await commentsVersion(payload)
    // What the thread shows of the article itself, and the rules it was drawn by, are part of its name.
    const key = `${article.id}:${cpage}:${article.slug}:${article.commentsOpen}:${article.title}:${policyKept?.stamp ?? ''}`
    const hit = threadRenders.get(key, version)
    if (hit) return hit
    const [thread, counts] = await Promise.all([comments.threadPage(article.id, { page: cpage, perPage: policy.perPage, order: policy.order }), countsOf(article)])
    const section = threadSection({
      article: { slug: article.slug, title: article.title, commentsOpen: article.commentsOpen },
      policy,
      providerLabels,
      thread: { ...thread, total: counts.commentCount, page: cpage, totalPages: threadPages(counts.threadCount, policy) },
    })
    const made = { html: section.html.value, shown: section.shown, listOpen: section.listOpen }
    threadRenders.set(key, version, Number.POSITIVE_INFINITY, made)
    return made
  }

  /** The anonymous page: the shared page with the guest's reply form (and a fresh form time) in place. */
  function anonymousResponse(entry: ArticleEntry): Rendered {
    const now = Date.now()
    const step = Math.floor(now / FORM_TIME_STEP_MS)
    if (entry.anonymous?.step === step) return entry.anonymous.response
    const respond = respondBlock({
      ...respondBase(entry, null),
      viewer: { kind: 'guest' },
      formsOutside: signInForms(choices, respondPath(entry.article.slug, null, entry.cpage)),
      tokens: formTime(new Date(now)),
    })
    const body = Buffer.concat(compose(entry.page, new Map([['respond', respond.value]])))
    const response: Rendered = { ...entry.page, parts: [body], slots: [], slotNames: new Set(), encoded: {}, runs: new Map() }
    entry.anonymous = { step, response }
    return response
  }

  const loginIcons = signInButtons(choices, developmentSignIn)
  const articleRef = (entry: ArticleEntry) => ({ slug: entry.article.slug, title: entry.article.title, commentsOpen: entry.article.commentsOpen })
  const respondBase = (entry: ArticleEntry, replyTo: ShownComment | null) => ({
    article: articleRef(entry),
    policy: entry.policy,
    replyTo,
    page: entry.cpage,
    signIn: loginIcons,
    notifications: mail.enabled,
  })

  /**
   * One visitor's parts of a page are kept with the page (so a change to the page drops them)
   * for as long as the personal version stands (any change to a reader's comments, to a
   * comment's status, to a session or a reader changes it), and for at most a minute, or until
   * an Edit link's window closes: `entry.kept`.
   */

  /**
   * The visitor's own comments on this page, as its slots take them: those awaiting moderation
   * (under the comment they answer when it is on this page, else at the end) and the Edit links
   * on comments they may still change. One query on their own comments, then kept.
   */
  async function ownParts(entry: ArticleEntry, visitor: Visitor, version: string): Promise<ReadonlyMap<string, string>> {
    const reader = visitor.reader?.reader ?? null
    const key = `own|${reader?.id ?? ''}|${visitor.pendingIds.join(',')}`
    const hit = entry.kept.get(key, version)
    if (hit && typeof hit !== 'string') return hit
    const windowMs = entry.policy.editWindowMinutes * 60_000
    const own = await comments.ownComments(entry.article.id, {
      commentIds: visitor.pendingIds,
      readerId: reader?.id ?? null,
      readerAvatarHash: reader ? (reader.avatarHash ?? null) : undefined,
      editWindowMinutes: entry.policy.editWindowMinutes,
    })
    const parts = new Map<string, string>()
    const context = { article: articleRef(entry), policy: entry.policy, providerLabels }
    const top: CommentView[] = []
    const under = new Map<string, CommentView[]>()
    for (const comment of own.pending) {
      if (comment.parentId && entry.shown.has(comment.parentId)) under.set(comment.parentId, [...(under.get(comment.parentId) ?? []), comment])
      else top.push(comment)
    }
    if (top.length) parts.set('pending', entry.listOpen ? pendingItems(top, context) : `<ol class="comment-list">${pendingItems(top, context)}</ol>`)
    for (const [parentId, replies] of under) parts.set(`replies:${parentId}`, `<ol class="children">${pendingItems(replies, context)}</ol>`)
    const now = Date.now()
    const closes: number[] = []
    for (const comment of own.editable) {
      const closesAt = Date.parse(comment.createdAt) + windowMs
      if (!entry.shown.has(comment.id) || closesAt <= now) continue
      parts.set(`edit:${comment.id}`, editLink(entry.article.slug, comment.id))
      closes.push(closesAt)
    }
    entry.kept.set(key, version, Math.min(now + 60_000, ...closes), parts)
    return parts
  }

  /** The reply form as this viewer sees it (their form tokens go in its own slot); kept unless it shows a notice or an error. */
  function respondFor(entry: ArticleEntry, visitor: Visitor | null, replyTo: ShownComment | null, version: string, form?: FormState): string {
    const viewerKey = visitor?.staff ? `staff:${visitor.staff.id}` : visitor?.reader ? `reader:${visitor.reader.reader.id}` : 'guest'
    const key = `respond|${viewerKey}|${replyTo?.id ?? ''}`
    const plain = !form?.notice && !form?.error && !form?.values
    const hit = plain ? entry.kept.get(key, version) : null
    if (typeof hit === 'string') return hit
    const returnTo = respondPath(entry.article.slug, replyTo?.id ?? null, entry.cpage)
    const value = respondBlock({
      ...respondBase(entry, replyTo),
      viewer: viewerFor(visitor),
      formsOutside: visitor?.reader ? signOutForm(returnTo) : signInForms(choices, returnTo),
      form,
      tokens: slot(TOKENS),
    }).value
    if (plain) entry.kept.set(key, version, Date.now() + 60_000, value)
    return value
  }

  /**
   * What goes into the shared page's slots for this visitor: the reply form as they see it, and
   * for a signed-in reader or a guest who has just posted, their own comments (ownParts). The
   * thread is not read again. A visitor of none: an anonymous reply form or notice.
   */
  async function personalFills(entry: ArticleEntry, request: ArticleRequest, visitor: Visitor | null, form?: FormState): Promise<Map<string, string>> {
    const replyTo = request.replyTo ? (entry.shown.get(request.replyTo) ?? null) : null
    const version = await personalVersion(payload)
    const notice = form?.notice ?? (request.notice ? (notices(request.notice) ?? undefined) : undefined)
    const fills = new Map<string, string>()
    fills.set('respond', respondFor(entry, visitor, replyTo, version, form || notice ? { ...form, notice } : undefined))
    // Shared pages carry only the form time; a visitor's own carry their CSRF token too (personalFor).
    if (!visitor) fills.set(TOKENS, formTime().value)
    if (visitor && (visitor.reader || visitor.pendingIds.length > 0)) for (const [name, value] of await ownParts(entry, visitor, version)) fills.set(name, value)
    return fills
  }

  function parseArticleRequest(req: Request): ArticleRequest | 'invalid' | 'not-found' {
    const slug = req.params.slug as string
    if (!SLUG_PATTERN.test(slug)) return 'not-found'
    const cpage = pageNumber(req.query.cpage)
    const replyTo = req.query.replytocom
    const notice = req.query.notice
    if (cpage === 'invalid') return 'invalid'
    if (replyTo !== undefined && (typeof replyTo !== 'string' || !DOCUMENT_ID_PATTERN.test(replyTo))) return 'invalid'
    if (notice !== undefined && (typeof notice !== 'string' || !notices(notice))) return 'invalid'
    return { slug, cpage, replyTo: (replyTo as string | undefined) ?? null, notice: (notice as string | undefined) ?? null }
  }

  /**
   * The article page for this visitor. Everyone gets the shared page: as it is for an anonymous
   * reader (the bytes a CDN may keep), or with their own parts in its slots. A reply target that
   * is not on that page, or a page past the last, is redirected without rendering anything.
   */
  async function serveArticle(req: Request, res: Response, request: ArticleRequest, visitor: Visitor, form?: FormState, status = 200): Promise<void> {
    const article = await articleView(request.slug)
    if (!article) return notFound(req, res)
    const policy = await policyNow()
    const last = threadPages((await countsOf(article)).threadCount, policy)
    const canonical = (page: number, anchor: string) => `${articlePath(article.slug)}${page > 1 ? `?cpage=${page}` : ''}${anchor}`
    if (request.cpage > last && !form) return res.redirect(302, canonical(last, '#comments'))
    const entry = await articleEntry(article, Math.min(request.cpage, last), policy)
    if (request.replyTo && !entry.shown.get(request.replyTo)?.canReply && !form) return res.redirect(302, canonical(entry.cpage, '#respond'))
    const personal = visitor.personal || Boolean(form)
    if (!personal && !request.replyTo && !request.notice) return send(req, res, anonymousResponse(entry), undefined, { vary: 'Accept-Encoding, Cookie' })
    const fills = await personalFills(entry, request, personal ? visitor : null, form)
    const response = status === entry.page.status ? entry.page : { ...entry.page, status }
    if (personal) return send(req, res, response, personalFor(res, visitor, fills))
    // An anonymous reply form or notice: the same for every anonymous reader, composed rather than kept.
    send(req, res, response, { fills, cacheControl: request.notice ? PRIVATE : sharedPolicy }, { vary: 'Accept-Encoding, Cookie' })
  }

  /**
   * Refuses a state-changing request that did not come from this site's own pages (see
   * "Forms without per-visitor pages" in docs/architecture.md). A browser says where a form
   * came from: Fetch Metadata (`Sec-Fetch-Site`) in every current browser, `Origin` in nearly
   * all. Only a request that says neither needs the CSRF token, which the page that asks for it
   * again gives this visitor alone: the shared page carries none.
   */
  function checkOrigin(req: Request, fields: FormFields, visitor: Visitor): string | null {
    const origin = req.headers.origin
    const fetchSite = req.headers['sec-fetch-site']
    const own = origin !== undefined && (origin === site.origin || origin === `${req.protocol}://${req.headers.host}`)
    if (origin !== undefined && !own) return 'This form was sent from another site and has been refused.'
    if (fetchSite !== undefined) return fetchSite === 'same-origin' ? null : 'This form was sent from another site and has been refused.'
    if (own) return null
    if (csrfValid(payload.secret, visitor.csrfCookie, fields[CSRF_FIELD])) return null
    return 'Your browser did not say which site this form came from, so nothing was sent. Check your text below and press the button again to send it.'
  }

  /** A posted form's fields, refused (with a status and a sentence) when malformed, oversized or not sent from this site. */
  async function formSubmission(req: Request, visitor: Visitor, limit?: number): Promise<Submission> {
    let fields: FormFields
    try {
      fields = await readFields(req, limit)
    } catch (error) {
      if (error instanceof BodyError) return { ok: false, status: error.status, message: error.message, fields: {} }
      throw error
    }
    const problem = checkOrigin(req, fields, visitor)
    return problem ? { ok: false, status: 403, message: problem, fields } : { ok: true, fields }
  }

  const fieldValues = (fields: FormFields) => ({
    comment: fields.comment ?? '',
    author: fields.author ?? '',
    email: fields.email ?? '',
    url: fields.url ?? '',
    notify_replies: fields.notify_replies ?? '',
    notify_comments: fields.notify_comments ?? '',
    notify_posts: fields.notify_posts ?? '',
  })

  /**
   * The article a comment is posted to, remembered for as long as the content version stands:
   * any change to an article changes the version. Only found articles are remembered, so one
   * whose embargo lifts is found at once.
   */
  const targets = new Map<string, { version: string; target: CommentTarget }>()
  async function commentTarget(slug: string): Promise<CommentTarget | null> {
    // A published comment changes nothing here: posting under load does not re-read its article.
    const version = await editorialVersion(payload)
    const known = targets.get(slug)
    if (known?.version === version) return known.target
    const target = await data.commentTarget(slug)
    targets.delete(slug)
    if (target) targets.set(slug, { version, target })
    if (targets.size > 1000) targets.delete(targets.keys().next().value!)
    return target
  }

  /**
   * The newsroom was too busy to save a comment: 503 with Retry-After, nothing stored, and the
   * reader's text and details handed back in the form (a small page, cheap to send under load).
   */
  function notSaved(req: Request, res: Response, request: ArticleRequest, visitor: Visitor, fields: FormFields, json: boolean): void {
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
    if (json) return void res.status(503).json({ error: BUSY_SENTENCE })
    const parentId = fields.comment_parent && DOCUMENT_ID_PATTERN.test(fields.comment_parent) ? fields.comment_parent : '0'
    const main = notSavedPage({
      article: { slug: request.slug, title: '', commentsOpen: true },
      // Not read from the database (the answer of an overloaded server): the field's largest limit; the server checks the real one.
      policy: DEFAULT_POLICY,
      viewer: viewerFor(visitor),
      formsOutside: visitor.reader ? signOutForm(respondPath(request.slug, null)) : undefined,
      form: { values: fieldValues(fields), error: { message: BUSY_SENTENCE } },
      parentId,
    })
    send(req, res, privatePage(503, 'Your comment has not been saved yet', BUSY_SENTENCE, main), personalFor(res, visitor))
  }

  async function postComment(req: Request, res: Response): Promise<void> {
    const request = parseArticleRequest(req)
    const json = wantsJson(req)
    if (request === 'not-found') return json ? void res.status(404).json({ error: 'There is no such article.' }) : notFound(req, res)
    if (request === 'invalid') return json ? void res.status(400).json({ error: 'That address is not valid.' }) : badRequest(req, res)
    const visitor = await identifyVisitor(req, payload, options.staffCollection)
    const refuse = async (status: number, message: string, field?: string, fields: FormFields = {}) => {
      if (json) return void res.status(status).json({ error: message, ...(field ? { field } : {}) })
      await serveArticle(
        req,
        res,
        { ...request, replyTo: fields.comment_parent && fields.comment_parent !== '0' ? fields.comment_parent : null },
        { ...visitor, personal: true },
        { values: fieldValues(fields), error: { message, field } },
        status,
      )
    }
    const submission = await formSubmission(req, visitor)
    if (!submission.ok) return refuse(submission.status, submission.message, undefined, submission.fields)
    const { fields } = submission
    const parentRaw = (fields.comment_parent ?? '0').trim()
    if (parentRaw !== '0' && parentRaw !== '' && !DOCUMENT_ID_PATTERN.test(parentRaw)) return refuse(400, 'The comment you are replying to is not valid.', 'comment_parent', fields)
    const author: SubmittedAuthor = visitor.staff
      ? { kind: 'staff', staff: visitor.staff }
      : visitor.reader
        ? { kind: 'reader', reader: visitor.reader.reader, provider: visitor.reader.provider }
        : { kind: 'guest', name: fields.author ?? '', email: fields.email ?? '', url: fields.url ?? '' }
    let outcome: { article: CommentTarget; result: SubmitResult } | null
    try {
      outcome = await admission.run(async () => {
        const article = await commentTarget(request.slug)
        if (!article) return null
        const policy = await comments.policy()
        const result = await comments.submit(
          {
            article: { id: article.id, commentsOpen: article.commentsOpen, publishedAt: article.publishedAt, title: article.title },
            parentId: parentRaw === '0' || parentRaw === '' ? null : parentRaw,
            body: fields.comment ?? '',
            author,
            honeypot: fields.website ?? '',
            secondsOnPage: secondsSince(payload.secret, fields[FORM_TIME_FIELD]),
            ip: clientIp(req),
            userAgent: String(req.headers['user-agent'] ?? ''),
            notify: { replies: fields.notify_replies === 'on', comments: fields.notify_comments === 'on', posts: fields.notify_posts === 'on' },
          },
          policy,
        )
        return { article, result }
      })
    } catch (error) {
      if (error instanceof Overloaded || isTransientDatabaseError(error)) return notSaved(req, res, request, visitor, fields, json)
      if (error instanceof CommentError) return refuse(error.status, error.message, error.field, fields)
      throw error
    }
    if (!outcome) return refuse(404, 'There is no such article.')
    const { article, result } = outcome
    if (result.verdict.outcome === 'refuse' || !result.comment) {
      const verdict = result.verdict as Extract<typeof result.verdict, { outcome: 'refuse' }>
      return refuse(verdict.status, verdict.reasons[0]?.text ?? 'The comment was refused.', verdict.field, fields)
    }
    const { id, status } = result.comment
    // Held and spam comments look alike to their author: awaiting moderation, visible to them alone.
    const shownStatus = status === 'approved' ? 'approved' : 'pending'
    // A guest's next pages are theirs alone for a while (a shared cache would not show them their
    // comment yet): awaiting moderation, it shows to them; published, they see the page as it now is.
    if (author.kind === 'guest') res.append('Set-Cookie', pendingCookie(payload.secret, [...visitor.pendingIds, id], secureCookies))
    const location = `${articlePath(article.slug)}${request.cpage > 1 ? `?cpage=${request.cpage}` : ''}#comment-${id}`
    if (json) {
      res.status(201).json({ id, status: shownStatus, location, message: shownStatus === 'approved' ? 'Your comment is published.' : 'Your comment is awaiting moderation.' })
      return
    }
    res.redirect(303, location)
  }

  async function commentFor(req: Request): Promise<{ article: ArticleView; comment: CommentView } | null> {
    const slug = req.params.slug as string
    const id = req.params.id as string
    if (!SLUG_PATTERN.test(slug) || !DOCUMENT_ID_PATTERN.test(id)) return null
    const article = await articleView(slug)
    if (!article) return null
    const comment = await comments.published(article.id, id)
    return comment ? { article, comment } : null
  }

  const router = express.Router()
  router.use(siteHeaders)

  router.get(stylesheet, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
    res.type('text/css').send(css)
  })
  router.get('/favicon.svg', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400')
    res.type('image/svg+xml').send(favicon)
  })
  // Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
  router.get('/favicon.ico', (_req, res) => res.set('Cache-Control', 'public, max-age=86400').redirect(301, '/favicon.svg'))

  router.use(
    '/media',
    express.static(options.mediaDir, {
      index: false,
      dotfiles: 'ignore',
      maxAge: '7d',
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox"),
    }),
  )

  router.get('/avatars/:file', (req, res) => {
    const key = /^([0-9a-f]{20})\.svg$/.exec(req.params.file)?.[1]
    if (!key || !AVATAR_KEY_PATTERN.test(key)) return notFound(req, res)
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    res.type('image/svg+xml').send(identiconSvg(key))
  })

  const oldAddresses = redirects(payload)
  router.get('/', oldAddresses.frontPage)
  router.get('/', async (req, res) => {
    const number = pageNumber(req.query.page)
    if (number === 'invalid') return badRequest(req, res)
    return sendCached(`home:${number}`, async () => {
      const result = await data.latest(number, pageSize)
      if (number > 1 && number > result.totalPages) return null
      return rendered(200, HTML, sharedPolicy, homePage(result, site).value)
    })(req, res, () => undefined)
  })

  router.get('/articles/:slug', async (req, res) => {
    const request = parseArticleRequest(req)
    if (request === 'not-found') return notFound(req, res)
    if (request === 'invalid') return badRequest(req, res)
    await serveArticle(req, res, request, await identifyVisitor(req, payload, options.staffCollection))
  })

  router.post('/articles/:slug/comments', postComment)

  router.get('/articles/:slug/comments/:id/report', async (req, res) => {
    const found = await commentFor(req)
    if (!found) return notFound(req, res)
    const body = privatePage(200, 'Report a comment', 'Report a comment to the moderators.', reportPage(found.comment, found.article.slug))
    send(req, res, body, personalFor(res, await identifyVisitor(req, payload, options.staffCollection)))
  })

  router.post('/articles/:slug/comments/:id/report', async (req, res) => {
    const found = await commentFor(req)
    if (!found) return notFound(req, res)
    const visitor = await identifyVisitor(req, payload, options.staffCollection)
    const submission = await formSubmission(req, visitor, 16 * 1024)
    if (!submission.ok) return send(req, res, errorResponse(submission.status === 403 ? 'form-refused' : 'bad-request'))
    const reason = submission.fields.reason ?? ''
    if (!REPORT_REASONS.some((option) => option.value === reason)) return badRequest(req, res)
    const reporterKey = visitor.reader ? `reader:${visitor.reader.reader.id}` : `ip:${ipHash(payload.secret, clientIp(req))}`
    await comments.report({ commentId: found.comment.id, articleId: found.article.id, reason, reporterKey })
    res.redirect(303, `${articlePath(found.article.slug)}?notice=reported#comment-${found.comment.id}`)
  })

  async function editTarget(req: Request, res: Response): Promise<{ visitor: Visitor; article: ArticleView; comment: CommentView } | null> {
    const slug = req.params.slug as string
    const id = req.params.id as string
    const visitor = await identifyVisitor(req, payload, options.staffCollection)
    if (!visitor.reader || !SLUG_PATTERN.test(slug) || !DOCUMENT_ID_PATTERN.test(id)) {
      notFound(req, res)
      return null
    }
    const article = await articleView(slug)
    const comment = article ? await comments.readersOwn(article.id, id, visitor.reader.reader.id) : null
    if (!article || !comment) {
      notFound(req, res)
      return null
    }
    return { visitor, article, comment }
  }

  const editResponse = (target: { article: ArticleView; comment: CommentView }, state: FormState, status = 200) =>
    privatePage(status, 'Edit your comment', 'Edit your comment.', editPage(target.comment, target.article.slug, state))

  router.get('/articles/:slug/comments/:id/edit', async (req, res) => {
    const target = await editTarget(req, res)
    if (target) send(req, res, editResponse(target, {}), personalFor(res, target.visitor))
  })

  router.post('/articles/:slug/comments/:id/edit', async (req, res) => {
    const target = await editTarget(req, res)
    if (!target) return
    const personal = personalFor(res, target.visitor)
    const submission = await formSubmission(req, target.visitor)
    const fields = submission.fields
    if (!submission.ok)
      return send(req, res, editResponse(target, { values: { comment: fields.comment ?? '' }, error: { message: submission.message } }, submission.status), personal)
    try {
      await comments.edit({ commentId: target.comment.id, articleId: target.article.id, reader: target.visitor.reader!.reader, body: fields.comment ?? '' })
    } catch (error) {
      if (error instanceof CommentError)
        return send(req, res, editResponse(target, { values: { comment: fields.comment ?? '' }, error: { message: error.message, field: error.field } }, error.status), personal)
      throw error
    }
    res.redirect(303, `${articlePath(target.article.slug)}#comment-${target.comment.id}`)
  })

  router.post('/auth/logout', async (req, res) => {
    const visitor = await identifyVisitor(req, payload, options.staffCollection)
    const submission = await formSubmission(req, visitor, 8 * 1024)
    if (!submission.ok) return send(req, res, errorResponse(submission.status === 403 ? 'form-refused' : 'bad-request'))
    const { fields } = submission
    await endReaderSession(payload, cookieValue(req.headers.cookie, READER_COOKIE))
    res.append('Set-Cookie', clearReaderCookie(secureCookies))
    res.setHeader('Cache-Control', 'no-store')
    // Change: signed out, back at the icons and guest fields; Log Out: signed out, told so.
    const back = safeReturnTo(fields.returnTo) ?? '/'
    res.redirect(303, fields.then === 'change' ? back : withNotice(back, 'signed-out'))
  })

  mountMail(router, {
    payload,
    mail,
    send,
    privatePage,
    identify: (req) => identifyVisitor(req, payload, options.staffCollection),
    personalFor,
    formSubmission,
  })
  mountPrivacy(router, { payload, mail, identify: (req) => identifyVisitor(req, payload, options.staffCollection), send, privatePage, personalFor, formSubmission })

  mountSignIn(router, {
    subscriptionsUrl: mail.enabled ? (email) => signedUrl(mail, payload.secret, LINK_PURPOSE.manage, managePath(email)).slice(mail.site.origin.length) : undefined,
    payload,
    signIn,
    choices,
    developmentSignIn,
    providerLabels,
    sessionDays: auth.sessionDays,
    secureCookies,
    notices,
    identify: (req) => identifyVisitor(req, payload, options.staffCollection),
    send,
    privatePage,
    personalFor,
    formSubmission,
    errorResponse,
    notFound,
    clientIp,
  })

  router.get('/articles/:slug/comments', (req, res) => res.redirect(303, `${articlePath(String(req.params.slug))}#comments`))

  /**
   * The pages of stories about one thing, each with its RSS feed: `${base}/:param` and
   * `${base}/:param/feed.xml`. `parse` says at once what the address names (400, 404, or a
   * redirect to its canonical spelling); `load` finds the thing and which stories are about it.
   */
  type ListingSource = { readonly listing: Listing; readonly where: Where; readonly needsStories?: boolean }
  function mountListing(base: string, parse: (param: string) => FactParam, load: (id: string) => Promise<ListingSource | null>): void {
    const canonical = (req: Request, res: Response): string | null => {
      const parsed = parse(String(req.params.param))
      if (parsed === 'malformed') return (badRequest(req, res), null)
      if (parsed === 'unknown') return (notFound(req, res), null)
      if ('redirect' in parsed) {
        const rest = req.path.endsWith('/feed.xml') ? '/feed.xml' : ''
        const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : ''
        return (res.redirect(301, `${base}/${encodeURIComponent(parsed.redirect)}${rest}${query}`), null)
      }
      return parsed.id
    }
    router.get(`${base}/:param`, async (req, res) => {
      const number = pageNumber(req.query.page)
      if (number === 'invalid') return badRequest(req, res)
      const id = canonical(req, res)
      if (id === null) return
      const path = `${base}/${encodeURIComponent(id)}`
      return sendCached(`${path}:${number}`, async () => {
        const source = await load(id)
        if (!source) return null
        const result = await data.latest(number, pageSize, source.where)
        if ((number > 1 && number > result.totalPages) || (source.needsStories && result.total === 0)) return null
        return rendered(200, HTML, sharedPolicy, listingPage(source.listing, result, site, path).value)
      })(req, res, () => undefined)
    })
    router.get(`${base}/:param/feed.xml`, async (req, res) => {
      const id = canonical(req, res)
      if (id === null) return
      const path = `${base}/${encodeURIComponent(id)}`
      return sendCached(`${path}:feed`, async () => {
        const source = await load(id)
        if (!source) return null
        const { items, total } = await data.latest(1, pageSize, source.where)
        if (source.needsStories && total === 0) return null
        const channel = { title: `${site.name}: ${source.listing.name}`, path, feedPath: `${path}/feed.xml`, description: source.listing.description }
        return rendered(200, 'application/rss+xml; charset=utf-8', 'public, max-age=300', rssFeed(items, site, channel))
      })(req, res, () => undefined)
    })
  }

  const slugParam = (param: string): FactParam => (SLUG_PATTERN.test(param) ? { id: param } : 'unknown')
  mountListing('/topics', slugParam, async (slug): Promise<ListingSource | null> => {
    const topic = await data.topic(slug)
    const where: Where = { or: [{ section: { equals: topic?.id } }, { tags: { in: [topic?.id] } }] }
    return topic && { listing: topicListing(topic), where }
  })
  mountListing('/actors', slugParam, async (slug) => {
    const actor = await data.actor(slug)
    return actor && { listing: actorListing(actor), where: { 'incident.threatActors': { in: [actor.id] } } }
  })
  for (const kind of FACT_KINDS) {
    mountListing(
      FACT_BASES[kind],
      (param) => parseFactParam(kind, param),
      async (id) => {
        const listing = factListing(kind, id)
        // A CVE is known here by the stories that name it; techniques, sectors and attack types have pages of their own.
        return listing && { listing, where: { [FACT_FIELDS[kind]]: { in: [id] } }, needsStories: kind === 'cve' }
      },
    )
  }

  /** A search filter from the query string: its value, absent, or why it cannot be one. */
  const filterValue = (raw: unknown, valid: (value: string) => boolean, what: string): { value?: string } | { problem: string } => {
    if (raw === undefined || raw === '') return {}
    if (typeof raw !== 'string' || raw.length > 60 || !valid(raw)) return { problem: `“${String(raw).slice(0, 60)}” is not ${what}.` }
    return { value: raw }
  }
  const inVocabulary = (options: ReadonlyArray<{ value: string }>) => (value: string) => options.some((option) => option.value === value)

  router.get('/search', async (req, res) => {
    const rawQuery = req.query.q ?? ''
    const number = pageNumber(req.query.page)
    const index = searchIndexOf(payload)
    const empty = { topic: new Map<string, string>(), actor: new Map<string, string>() }
    const answer = (status: number, state: SearchState) => send(req, res, rendered(status, HTML, status === 200 ? sharedPolicy : 'no-store', searchPage(state, site).value))
    if (typeof rawQuery !== 'string') return answer(400, { q: '', filters: {}, results: null, suggestion: null, names: empty, notice: 'Search for one set of words at a time.' })
    const q = rawQuery.slice(0, MAX_QUERY_CHARS)
    const checks = {
      topic: filterValue(req.query.topic, (value) => SLUG_PATTERN.test(value), 'a topic'),
      actor: filterValue(req.query.actor, (value) => SLUG_PATTERN.test(value), 'a threat actor'),
      sector: filterValue(req.query.sector, inVocabulary(SECTORS), 'a sector this newsroom uses'),
      attackType: filterValue(req.query.type, inVocabulary(ATTACK_TYPES), 'a type of attack this newsroom uses'),
      confidence: filterValue(req.query.confidence, inVocabulary(ATTRIBUTION_CONFIDENCE), 'an attribution confidence (confirmed, suspected, alleged, disputed or unknown)'),
      from: filterValue(req.query.from, validDate, 'a date (YYYY-MM-DD)'),
      to: filterValue(req.query.to, validDate, 'a date (YYYY-MM-DD)'),
    }
    const filters: Record<string, string> = {}
    const problems: string[] = []
    for (const [name, check] of Object.entries(checks)) {
      if ('problem' in check) problems.push(check.problem)
      else if (check.value) filters[name] = check.value
    }
    if (filters.from && filters.to && filters.from > filters.to) problems.push('The “from” date is after the “to” date.')
    if (number === 'invalid') problems.push('That results page does not exist: pages are numbered from 1.')
    if (problems.length || number === 'invalid') return answer(400, { q, filters, results: null, suggestion: null, names: empty, notice: problems.join(' ') })
    if (!q.trim()) return answer(200, { q: '', filters, results: null, suggestion: null, names: empty })
    // An exact id or a threat actor's name goes to its page, when it has one.
    const exact = exactId(q)
    if (exact && number === 1 && (exact.kind === 'technique' ? attackTechnique(exact.id) : await data.anyStory({ 'incident.cves': { in: [exact.id] } })))
      return res.redirect(303, factPath(exact.kind, exact.id))
    const actor = number === 1 && !exact ? await data.actorNamed(q) : null
    if (actor) return res.redirect(303, `/actors/${encodeURIComponent(actor.slug)}`)
    const parsed = parseQuery(q)
    if (parsed.terms.length === 0) return answer(200, { q, filters, results: null, suggestion: null, names: empty, notice: 'Type a word, a name or an id to search for.' })
    if (!index) return answer(503, { q, filters, results: null, suggestion: null, names: empty, notice: 'Search is not available on this database yet.' })
    const found = await index.search({ query: parsed, filters, page: number, pageSize, now: new Date() })
    if (number > 1 && number > found.totalPages) return notFound(req, res)
    // The index proposes, the articles' own access rules dispose: a story unpublished a moment ago is never shown.
    const visible = await data.visibleIds(found.hits.map((hit) => hit.id))
    const results = { ...found, hits: found.hits.filter((hit) => visible.has(hit.id)) }
    let suggested: string | null = null
    if (results.total === 0) {
      const known = new Map<string, ReadonlyArray<{ term: string; count: number }>>()
      for (const word of spellableWords(parsed)) known.set(word, await index.vocabulary(word))
      suggested = suggestion(parsed, known)
    }
    const [topicNames, actorNames] = await Promise.all([
      data.namesBySlug(
        COLLECTION_SLUGS.topics,
        results.facets.topic.map((entry) => entry.value),
      ),
      data.namesBySlug(
        COLLECTION_SLUGS.threatActors,
        results.facets.actor.map((entry) => entry.value),
      ),
    ])
    answer(200, { q, filters, results, suggestion: suggested, names: { topic: topicNames, actor: actorNames } })
  })

  router.get('/articles/:slug/stix.json', async (req, res) => {
    const slug = req.params.slug
    if (!SLUG_PATTERN.test(slug)) return notFound(req, res)
    return sendCached(`stix:${slug}`, async () => {
      const view = await articleView(slug)
      if (!view) return null
      return rendered(200, 'application/stix+json; version=2.1; charset=utf-8', 'public, max-age=300', `${JSON.stringify(articleStix(view, site), null, 2)}\n`)
    })(req, res, () => undefined)
  })
  router.get(
    '/feed.json',
    sendCached('feed-json', async () => rendered(200, 'application/feed+json; charset=utf-8', 'public, max-age=300', jsonFeed(await data.latestWithFacts(pageSize), site))),
  )

  const xml = 'application/xml; charset=utf-8'
  router.get(
    '/feed.xml',
    sendCached('feed', async () => rendered(200, 'application/rss+xml; charset=utf-8', 'public, max-age=300', rssFeed((await data.latest(1, pageSize)).items, site))),
  )
  router.get(
    '/sitemap.xml',
    sendCached('sitemap', async () => rendered(200, xml, 'public, max-age=300', sitemap(await data.allPublished(), site, await data.allTopics(), await data.factPaths()))),
  )
  // The news sitemap's two-day window moves with the clock, so it is also re-rendered every few minutes.
  router.get(
    '/news-sitemap.xml',
    sendCached('news-sitemap', async () => rendered(200, xml, 'public, max-age=300', newsSitemap(await data.since(new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)), site)), {
      ttlMs: 5 * 60 * 1000,
    }),
  )
  router.get(
    '/robots.txt',
    sendCached('robots', async () => rendered(200, 'text/plain; charset=utf-8', 'public, max-age=3600', robotsTxt(site))),
  )

  router.get('/preview/articles/:id', async (req, res) => {
    const check = checkLink({ secret: payload.secret, purpose: PREVIEW_PURPOSE, path: previewPath(req.params.id), expires: req.query.expires, signature: req.query.signature })
    res.setHeader('X-Robots-Tag', 'noindex, nofollow')
    if (check !== 'valid') return send(req, res, errorResponse(check === 'expired' ? 'preview-expired' : 'preview-invalid'))
    const article = await data.preview(req.params.id)
    if (!article) return notFound(req, res)
    send(req, res, rendered(200, HTML, 'private, no-store', articlePage(article, site, { preview: true }).value))
  })

  const onError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error)
    const status = (error as { status?: unknown })?.status
    // Express answers undecodable percent-encoding in a path with a 400 error.
    if (status === 400 || error instanceof URIError) return siteHeaders(req, res, () => badRequest(req, res))
    if (isTransientDatabaseError(error)) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      return siteHeaders(req, res, () => page('busy')(req, res))
    }
    payload.logger.error({ err: error, msg: `${req.method} ${req.originalUrl} failed` })
    siteHeaders(req, res, () => page('server-error')(req, res))
  }

  router.use(oldAddresses.fallback)
  return { router, notFound: (req, res) => siteHeaders(req, res, () => notFound(req, res)), onError }
}
