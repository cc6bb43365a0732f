/**
 * The pages links in mail lead to: confirm a subscription, unsubscribe, see all of an
 * address's subscriptions. Each link is signed (signedLinks.ts) and is its own authority: its
 * POST needs no cookie and no CSRF token, as a mail client's one-click unsubscribe (RFC 8058)
 * sends neither. A GET only shows a page with a button, because link scanners follow GETs.
 */
import type { Request, Response, Router } from 'express'
import type { Payload } from 'payload'

import { checkLink } from '../security/signedLinks'
import { discardBody } from '../http/body'
import { addressFromToken, EMAIL_FIELD, LINK_PURPOSE, managePath, signedUrl, Subscriptions, unsubscribePath, type MailContext, type SubscriptionKind } from '../mail/subscriptions'
import { DOCUMENT_ID_PATTERN } from '../types'
import { html, type SafeHtml } from './html'
import { slot, TOKENS, type Rendered } from './pageCache'
import type { Personal, Submission } from './router'
import type { Visitor } from '../comments/visitors'
import { inTransaction } from '../database/transactions'

export type MailRoutesContext = {
  readonly payload: Payload
  readonly mail: MailContext
  readonly send: (req: Request, res: Response, response: Rendered, personal?: Personal) => void
  readonly privatePage: (status: number, title: string, description: string, main: SafeHtml) => Rendered
  readonly identify: (req: Request) => Promise<Visitor>
  readonly personalFor: (res: Response, visitor: Pick<Visitor, 'csrfCookie'>) => Personal
  readonly formSubmission: (req: Request, visitor: Visitor, limit?: number) => Promise<Submission>
}

/** What a subscription sends, in words: "replies to your comments on “…”". */
const about = (subscription: { kind: SubscriptionKind; articleTitle: string | null }, siteName: string): string =>
  subscription.kind === 'posts'
    ? `new stories at ${siteName}`
    : `${subscription.kind === 'replies' ? 'replies to your comments on' : 'every new comment on'} “${subscription.articleTitle ?? 'a story'}”`

export function mountMail(router: Router, context: MailRoutesContext): void {
  const { payload } = context
  const subscriptions = new Subscriptions(payload, context.mail)
  const show = (req: Request, res: Response, status: number, title: string, main: SafeHtml) => {
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Referrer-Policy', 'no-referrer')
    context.send(req, res, context.privatePage(status, title, title, html`<h1 class="page-title">${title}</h1>${main}`))
  }
  /** The link's own check: a sentence for a link that is not one of ours, or one that has run out. */
  const linkProblem = (req: Request, purpose: string): string | null => {
    const check = checkLink({ secret: payload.secret, purpose, path: req.path, expires: req.query.expires, signature: req.query.signature })
    if (check === 'valid') return null
    return check === 'expired'
      ? 'This link has expired. Ask again from the page where you subscribed.'
      : 'This link is not valid. Copy the whole link from the email, or use the newest email we sent.'
  }
  const refuse = (req: Request, res: Response, problem: string) =>
    show(req, res, problem.startsWith('This link has expired') ? 410 : 400, 'This link does not work', html`<p>${problem}</p>`)
  // The same address with its query, for the button's form.
  const self = (req: Request) => req.originalUrl

  const subscribeForm = (values: { email?: string; frequency?: string } = {}, error?: string) =>
    html`${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
      <p>A mail when ${context.mail.site.name} publishes a story, or one a day listing them. We ask you to confirm first, and every mail has a link to stop them.</p>
      <form method="post" action="/subscribe" class="subscribe">
        <p><label for="subscribe-email">Email</label><input id="subscribe-email" name="email" type="email" maxlength="254" autocomplete="email" required value="${values.email ?? ''}" /></p>
        <fieldset>
          <legend>How often</legend>
          <p><input id="frequency-each" type="radio" name="frequency" value="each"${values.frequency === 'daily' ? '' : ' checked'} /><label for="frequency-each">A mail for each new story</label></p>
          <p><input id="frequency-daily" type="radio" name="frequency" value="daily"${values.frequency === 'daily' ? ' checked' : ''} /><label for="frequency-daily">One mail a day</label></p>
        </fieldset>
        ${slot(TOKENS)}
        <p><button type="submit">Subscribe</button></p>
      </form>`
  const showForm = (req: Request, res: Response, status: number, visitor: Visitor, main: SafeHtml) => {
    res.setHeader('Cache-Control', 'no-store')
    context.send(
      req,
      res,
      context.privatePage(status, 'New stories by email', 'New stories by email', html`<h1 class="page-title">New stories by email</h1>${main}`),
      context.personalFor(res, visitor),
    )
  }

  router.get('/subscribe', async (req, res) => {
    if (!context.mail.enabled) return show(req, res, 200, 'New stories by email', html`<p>This newsroom sends no mail yet.</p>`)
    showForm(req, res, 200, await context.identify(req), subscribeForm())
  })

  router.post('/subscribe', async (req, res) => {
    const visitor = await context.identify(req)
    const submission = await context.formSubmission(req, visitor, 8 * 1024)
    const values = { email: submission.fields.email?.trim() ?? '', frequency: submission.fields.frequency }
    if (!submission.ok) return showForm(req, res, submission.status, visitor, subscribeForm(values, submission.message))
    if (!context.mail.enabled) return show(req, res, 503, 'New stories by email', html`<p>This newsroom sends no mail yet.</p>`)
    if (!EMAIL_FIELD.test(values.email)) return showForm(req, res, 400, visitor, subscribeForm(values, 'Type your whole email address, such as name@example.org.'))
    const status = await inTransaction(payload, (tx) =>
      subscriptions.subscribe(tx, { email: values.email, kind: 'posts', frequency: values.frequency === 'daily' ? 'daily' : 'each' }),
    )
    show(
      req,
      res,
      200,
      status === 'active' ? 'You are subscribed' : 'Check your inbox',
      status === 'active'
        ? html`<p><strong>${values.email}</strong> now gets new stories by email.</p>`
        : html`<p>We sent a link to <strong>${values.email}</strong>. Use it to confirm, and new stories will follow.</p>`,
    )
  })

  router.get('/mail/confirm/:address', (req, res) => {
    const email = addressFromToken(req.params.address)
    const problem = email ? linkProblem(req, LINK_PURPOSE.confirm) : 'This link is not valid.'
    if (problem) return refuse(req, res, problem)
    show(
      req,
      res,
      200,
      'Confirm your subscription',
      html`<p>Send comment notifications to <strong>${email}</strong>?</p>
        <form method="post" action="${self(req)}"><p><button type="submit">Yes, send me these emails</button></p></form>`,
    )
  })

  router.post('/mail/confirm/:address', async (req, res) => {
    await discardBody(req)
    const email = addressFromToken(req.params.address)
    const problem = email ? linkProblem(req, LINK_PURPOSE.confirm) : 'This link is not valid.'
    if (problem) return refuse(req, res, problem)
    await subscriptions.confirm(email!)
    const manage = signedUrl(context.mail, payload.secret, LINK_PURPOSE.manage, managePath(email!))
    show(
      req,
      res,
      200,
      'Subscription confirmed',
      html`<p>Thank you: <strong>${email}</strong> now gets the emails it asked for.</p><p><a href="${manage}">See or stop your subscriptions</a></p>`,
    )
  })

  router.get('/mail/unsubscribe/:id', async (req, res) => {
    if (!DOCUMENT_ID_PATTERN.test(req.params.id)) return refuse(req, res, 'This link is not valid.')
    const problem = linkProblem(req, LINK_PURPOSE.unsubscribe)
    if (problem) return refuse(req, res, problem)
    const subscription = await subscriptions.one(req.params.id)
    if (!subscription) return show(req, res, 404, 'No such subscription', html`<p>There is nothing to unsubscribe from: this subscription no longer exists.</p>`)
    if (subscription.status === 'unsubscribed') return show(req, res, 200, 'You are unsubscribed', html`<p>${subscription.email} gets no more of these emails.</p>`)
    show(
      req,
      res,
      200,
      'Unsubscribe?',
      html`<p>Stop emailing <strong>${subscription.email}</strong> about ${about(subscription, context.mail.site.name)}?</p>
        <form method="post" action="${self(req)}"><p><button type="submit">Unsubscribe</button></p></form>`,
    )
  })

  router.post('/mail/unsubscribe/:id', async (req, res) => {
    await discardBody(req)
    if (!DOCUMENT_ID_PATTERN.test(req.params.id)) return refuse(req, res, 'This link is not valid.')
    const problem = linkProblem(req, LINK_PURPOSE.unsubscribe)
    if (problem) return refuse(req, res, problem)
    const subscription = await subscriptions.one(req.params.id)
    if (!subscription) return show(req, res, 404, 'No such subscription', html`<p>There is nothing to unsubscribe from: this subscription no longer exists.</p>`)
    await subscriptions.unsubscribe(subscription.id)
    show(req, res, 200, 'You are unsubscribed', html`<p>${subscription.email} gets no more emails about ${about(subscription, context.mail.site.name)}.</p>`)
  })

  router.get('/mail/manage/:address', async (req, res) => {
    const email = addressFromToken(req.params.address)
    const problem = email ? linkProblem(req, LINK_PURPOSE.manage) : 'This link is not valid.'
    if (problem) return refuse(req, res, problem)
    const list = (await subscriptions.ofAddress(email!)).filter((subscription) => subscription.status !== 'unsubscribed')
    show(
      req,
      res,
      200,
      'Your subscriptions',
      list.length
        ? html`<p>What we email to <strong>${email}</strong>:</p>
            <ul class="subscriptions">
              ${list.map(
                (subscription) =>
                  html`<li>${about(subscription, context.mail.site.name).replace(/^./, (first) => first.toUpperCase())}${subscription.status === 'unconfirmed' ? ' (waiting for you to confirm)' : ''}
                    <form method="post" action="${signedUrl(context.mail, payload.secret, LINK_PURPOSE.unsubscribe, unsubscribePath(subscription.id)).slice(context.mail.site.origin.length)}"><button type="submit">Unsubscribe</button></form></li>`,
              )}
            </ul>`
        : html`<p>We email nothing to <strong>${email}</strong>.</p>`,
    )
  })
}
