/**
 * The site's sign-in routes: `GET /auth/:provider` (to the provider), `GET /auth/:provider/callback`
 * (back, signed in), and the reader's "Your account" page with its unlink and delete forms.
 * Thin: the protocol is in auth/signIn.ts, the account rules in auth/readerAccounts.ts.
 */
import { stringifySetCookie } from 'cookie'
import type { Request, Response, Router } from 'express'
import type { Payload } from 'payload'

import { AccountError, ReaderAccounts } from '../auth/readerAccounts'
import { clearReaderCookie, cookieValue, endReaderSession, READER_COOKIE, readerCookie, startReaderSession } from '../auth/readerSessions'
import { safeReturnTo, withNotice } from '../auth/returnTo'
import { newBrowserId, SIGN_IN_COOKIE, SIGN_IN_TTL_MS, SignInLimitError, validBrowserId, type RefusedCallback, type SignInService } from '../auth/signIn'
import type { Visitor } from '../comments/visitors'
import { DOCUMENT_ID_PATTERN } from '../types'
import type { SafeHtml } from './html'
import { signInNotice } from './notices'
import type { Rendered } from './pageCache'
import type { Personal, Submission } from './router'
import type { ErrorKind } from './views/lists'
import { accountPage, READER_AVATAR_FILE, signedOutAccountPage, type ProviderLabels, type SignInChoice } from './views/signIn'

export type SignInContext = {
  readonly payload: Payload
  readonly signIn: SignInService
  readonly choices: ReadonlyArray<SignInChoice>
  readonly developmentSignIn: boolean
  readonly providerLabels: ProviderLabels
  readonly sessionDays: number
  readonly secureCookies: boolean
  readonly notices: (key: string) => string | null
  readonly identify: (req: Request) => Promise<Visitor>
  readonly send: (req: Request, res: Response, response: Rendered, personal?: Personal) => void
  readonly privatePage: (status: number, title: string, description: string, main: SafeHtml) => Rendered
  readonly personalFor: (res: Response, visitor: Pick<Visitor, 'csrfCookie'>) => Personal
  readonly formSubmission: (req: Request, visitor: Visitor, limit?: number) => Promise<Submission>
  readonly errorResponse: (kind: ErrorKind) => Rendered
  readonly notFound: (req: Request, res: Response) => void
  /** The client's address as Express sees it (behind a trusted proxy, from X-Forwarded-For). */
  readonly clientIp: (req: Request) => string
  /** The signed page of an address's mail subscriptions, when the newsroom sends mail. */
  readonly subscriptionsUrl?: (email: string) => string
}

/** Callbacks that cannot be tied to a sign-in this browser started: the error page for each. */
const REFUSED: Record<RefusedCallback, ErrorKind> = { 'unknown-state': 'sign-in-unknown-state', 'other-browser': 'sign-in-other-browser' }

export function mountSignIn(router: Router, context: SignInContext): void {
  const { payload, signIn } = context
  const accounts = new ReaderAccounts(payload)

  const refuse = (req: Request, res: Response, kind: ErrorKind) => context.send(req, res, context.errorResponse(kind))

  router.get('/avatars/readers/:file', async (req, res) => {
    const match = READER_AVATAR_FILE.exec(req.params.file)
    const stored = match ? await accounts.avatar(match[1]!) : null
    if (!stored) return context.notFound(req, res)
    // A page cached before the reader's picture changed still names the old hash: it gets the new picture, briefly cached.
    res.setHeader('Cache-Control', stored.hash === match![2] ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
    res.type('image/webp').send(stored.image)
  })

  router.get('/auth/:provider', async (req, res) => {
    const provider = signIn.provider(req.params.provider)
    if (!provider) return refuse(req, res, 'sign-in-unavailable')
    const raw = req.query.returnTo
    const returnTo = raw === undefined ? '/' : safeReturnTo(raw)
    if (!returnTo) return refuse(req, res, 'sign-in-return-refused')
    let browserId = cookieValue(req.headers.cookie, SIGN_IN_COOKIE)
    if (!validBrowserId(browserId)) browserId = newBrowserId()
    res.setHeader('Cache-Control', 'no-store')
    let destination: URL
    try {
      destination = await signIn.begin(provider, returnTo, browserId, context.clientIp(req))
    } catch (error) {
      if (error instanceof SignInLimitError) return refuse(req, res, 'sign-in-limit')
      payload.logger.warn({ msg: `Sign-in with ${provider.id} could not start: ${(error as Error)?.message ?? error}` })
      return res.redirect(303, withNotice(returnTo, signInNotice('unreachable', provider.id)))
    }
    res.append(
      'Set-Cookie',
      stringifySetCookie(SIGN_IN_COOKIE, browserId, { httpOnly: true, sameSite: 'lax', secure: context.secureCookies, path: '/auth', maxAge: SIGN_IN_TTL_MS / 1000 }),
    )
    res.redirect(302, destination.href)
  })

  router.get('/auth/:provider/callback', async (req, res) => {
    const provider = signIn.provider(req.params.provider)
    if (!provider) return refuse(req, res, 'sign-in-unavailable')
    res.setHeader('Cache-Control', 'no-store')
    const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '')
    const result = await signIn.complete(provider, query, cookieValue(req.headers.cookie, SIGN_IN_COOKIE))
    if (!result.ok && 'refused' in result) return refuse(req, res, REFUSED[result.refused])
    if (!result.ok) return res.redirect(303, withNotice(result.returnTo, signInNotice(result.problem, provider.id)))
    // A new session for every sign-in: whatever cookie came before is ended, never promoted.
    await endReaderSession(payload, cookieValue(req.headers.cookie, READER_COOKIE))
    const session = await startReaderSession(payload, result.readerId, { provider: provider.id, userAgent: String(req.headers['user-agent'] ?? ''), days: context.sessionDays })
    res.append('Set-Cookie', readerCookie(session.token, session.maxAgeSeconds, context.secureCookies))
    res.redirect(303, result.returnTo)
  })

  async function showAccount(req: Request, res: Response, visitor: Visitor, state: { notice?: string; error?: string; status?: number } = {}): Promise<void> {
    const personal = context.personalFor(res, visitor)
    const account = visitor.reader ? await accounts.account(visitor.reader.reader.id) : null
    if (!account) {
      const body = context.privatePage(
        state.status ?? 200,
        'Your account',
        'Your reader account on this site.',
        signedOutAccountPage(context.choices, context.developmentSignIn, state),
      )
      return context.send(req, res, body, personal)
    }
    context.send(
      req,
      res,
      context.privatePage(
        state.status ?? 200,
        'Your account',
        'Your reader account on this site.',
        accountPage({
          account,
          labels: context.providerLabels,
          notice: state.notice,
          error: state.error,
          subscriptionsUrl: account.email ? (context.subscriptionsUrl?.(account.email) ?? null) : null,
        }),
      ),
      personal,
    )
  }

  router.get('/account', async (req, res) => {
    const notice = req.query.notice
    const text = typeof notice === 'string' ? context.notices(notice) : null
    if (notice !== undefined && !text) return context.send(req, res, context.errorResponse('bad-request'))
    await showAccount(req, res, await context.identify(req), { notice: text ?? undefined })
  })

  /** A signed-in reader's account form, checked (origin, CSRF, size); null once the answer is sent. */
  async function accountForm(req: Request, res: Response): Promise<{ visitor: Visitor; readerId: string; fields: Record<string, string> } | null> {
    const visitor = await context.identify(req)
    const submission = await context.formSubmission(req, visitor, 8 * 1024)
    if (!submission.ok) {
      await showAccount(req, res, visitor, { error: submission.message, status: submission.status })
      return null
    }
    if (!visitor.reader) {
      await showAccount(req, res, visitor, { error: 'You are not signed in (your session may have expired). Sign in and try again.', status: 401 })
      return null
    }
    return { visitor, readerId: visitor.reader.reader.id, fields: submission.fields }
  }

  router.post('/account/identities/:id/unlink', async (req, res) => {
    if (!DOCUMENT_ID_PATTERN.test(req.params.id)) return context.notFound(req, res)
    const form = await accountForm(req, res)
    if (!form) return
    try {
      await accounts.unlink(form.readerId, req.params.id)
    } catch (error) {
      if (error instanceof AccountError) return showAccount(req, res, form.visitor, { error: error.message, status: error.status })
      throw error
    }
    res.redirect(303, '/account?notice=unlinked')
  })

  router.post('/account/delete', async (req, res) => {
    const form = await accountForm(req, res)
    if (!form) return
    if (form.fields.confirm !== 'yes')
      return showAccount(req, res, form.visitor, { error: 'Tick “I understand that this cannot be undone” to delete your account. Nothing was deleted.', status: 400 })
    await accounts.delete(form.readerId)
    res.append('Set-Cookie', clearReaderCookie(context.secureCookies))
    res.redirect(303, '/account?notice=account-deleted')
  })
}
