/**
 * Readers' own data. A signed-in reader downloads everything held about them from "Your
 * account" (`/account/data`). A guest asks at `/privacy` by typing their email address: a
 * link is mailed to that address, and only that link opens the download or the erasure (the
 * answer to the form is the same whether or not we hold anything, so it tells no one who
 * commented). The links are signed and last a day; the erasure's GET only asks to confirm.
 */
import type { Request, Response, Router } from 'express'
import type { Payload } from 'payload'

import type { Visitor } from '../comments/visitors'
import { compose } from '../mail/compose'
import { queueMail } from '../mail/ledger'
import { discardBody } from '../http/body'
import { addressFromToken, addressToken, EMAIL_FIELD, type MailContext } from '../mail/subscriptions'
import { PersonalData } from '../privacy/personalData'
import { checkLink, signLink } from '../security/signedLinks'
import { html, type SafeHtml } from './html'
import { slot, TOKENS, type Rendered } from './pageCache'
import type { Personal, Submission } from './router'

export type PrivacyContext = {
  readonly payload: Payload
  readonly mail: MailContext
  readonly identify: (req: Request) => Promise<Visitor>
  readonly send: (req: Request, res: Response, response: Rendered, personal?: Personal) => void
  readonly privatePage: (status: number, title: string, description: string, main: SafeHtml) => Rendered
  readonly personalFor: (res: Response, visitor: Pick<Visitor, 'csrfCookie'>) => Personal
  readonly formSubmission: (req: Request, visitor: Visitor, limit?: number) => Promise<Submission>
}

const PURPOSE = { download: 'privacy-download', erase: 'privacy-erase' } as const
const DAY_MS = 24 * 3600 * 1000

const downloadPath = (email: string) => `/privacy/data/${addressToken(email)}`
const erasePath = (email: string) => `/privacy/erase/${addressToken(email)}`

export function mountPrivacy(router: Router, context: PrivacyContext): void {
  const { payload, mail } = context
  const data = new PersonalData(payload, mail.site)

  const page = (req: Request, res: Response, status: number, title: string, main: SafeHtml, visitor?: Visitor) => {
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Referrer-Policy', 'no-referrer')
    context.send(req, res, context.privatePage(status, title, title, html`<h1 class="page-title">${title}</h1>${main}`), visitor ? context.personalFor(res, visitor) : undefined)
  }
  const download = (res: Response, body: unknown, name: string) => {
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
    res.type('application/json').send(`${JSON.stringify(body, null, 2)}\n`)
  }
  const requestForm = (values: { email?: string; choice?: string } = {}, error?: string) =>
    html`${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
      <p>Type the email address you commented with. We send a link to it; only that link opens your data, so nobody else can see it or remove it.</p>
      <form method="post" action="/privacy" class="privacy-request">
        <p><label for="privacy-email">Email</label><input id="privacy-email" name="email" type="email" maxlength="254" autocomplete="email" required value="${values.email ?? ''}" /></p>
        <fieldset>
          <legend>What would you like?</legend>
          <p><input id="choice-download" type="radio" name="choice" value="download"${values.choice === 'erase' ? '' : ' checked'} /><label for="choice-download">A copy of everything you hold about me</label></p>
          <p><input id="choice-erase" type="radio" name="choice" value="erase"${values.choice === 'erase' ? ' checked' : ''} /><label for="choice-erase">Erase it: my comments stay, without my name or address</label></p>
        </fieldset>
        ${slot(TOKENS)}
        <p><button type="submit">Send me the link</button></p>
      </form>`

  router.get('/account/data', async (req, res) => {
    const visitor = await context.identify(req)
    if (!visitor.reader) return void res.redirect(303, '/account')
    const exported = await data.forReader(visitor.reader.reader.id)
    if (!exported) return void res.redirect(303, '/account')
    download(res, exported, 'my-newsroom-data.json')
  })

  router.get('/privacy', async (req, res) => {
    const visitor = await context.identify(req)
    if (!mail.enabled)
      return page(req, res, 200, 'Your data', html`<p>This newsroom sends no mail, so it cannot check that an address is yours. Write to the newsroom to ask for your data.</p>`)
    page(req, res, 200, 'Your data', requestForm(), visitor)
  })

  router.post('/privacy', async (req, res) => {
    const visitor = await context.identify(req)
    const submission = await context.formSubmission(req, visitor, 8 * 1024)
    const values = { email: submission.fields.email?.trim() ?? '', choice: submission.fields.choice }
    if (!submission.ok) return page(req, res, submission.status, 'Your data', requestForm(values, submission.message), visitor)
    if (!mail.enabled) return page(req, res, 503, 'Your data', html`<p>This newsroom sends no mail, so it cannot check that an address is yours.</p>`)
    if (!EMAIL_FIELD.test(values.email)) return page(req, res, 400, 'Your data', requestForm(values, 'Type your whole email address, such as name@example.org.'), visitor)
    const choice = values.choice === 'erase' ? 'erase' : 'download'
    const now = Date.now()
    const link = `${mail.site.origin}${signLink({ secret: payload.secret, purpose: PURPOSE[choice], path: choice === 'erase' ? erasePath(values.email) : downloadPath(values.email), expiresAt: new Date(now + DAY_MS) })}`
    const message = compose({
      site: mail.site,
      subject: choice === 'erase' ? `Erase your data at ${mail.site.name}` : `Your data at ${mail.site.name}`,
      heading: choice === 'erase' ? 'Erase what we hold about you' : 'A copy of what we hold about you',
      blocks: [
        {
          kind: 'paragraph',
          text: `Someone, probably you, asked ${mail.site.name} for ${choice === 'erase' ? 'the erasure of' : 'a copy of'} what it holds about ${values.email}.`,
        },
        { kind: 'action', label: choice === 'erase' ? 'Erase my data' : 'Download my data', url: link },
        { kind: 'paragraph', text: 'The link works for 24 hours. If you did not ask, ignore this email: nothing happens.' },
      ],
      footer: [{ kind: 'paragraph', text: `${mail.site.name} sent this because its data request form was used with this address.` }],
    })
    // At most one of each an hour, whatever is typed into the form.
    await queueMail(payload, {
      key: `data-request:${values.email.toLowerCase()}:${choice}:${new Date(now).toISOString().slice(0, 13)}`,
      purpose: 'data-request',
      to: values.email,
      from: mail.from,
      message,
    })
    page(req, res, 200, 'Check your inbox', html`<p>If we hold anything for <strong>${values.email}</strong>, a link to it is on its way there. It works for 24 hours.</p>`)
  })

  const linkedAddress = (req: Request, purpose: string): { email: string } | { problem: string; status: number } => {
    const email = addressFromToken(String(req.params.address ?? ''))
    if (!email) return { problem: 'This link is not valid.', status: 400 }
    const check = checkLink({ secret: payload.secret, purpose, path: req.path, expires: req.query.expires, signature: req.query.signature })
    if (check === 'expired') return { problem: 'This link has expired: it works for 24 hours. Ask again at /privacy.', status: 410 }
    if (check === 'invalid') return { problem: 'This link is not valid. Copy the whole link from the email.', status: 400 }
    return { email }
  }

  router.get('/privacy/data/:address', async (req, res) => {
    const linked = linkedAddress(req, PURPOSE.download)
    if ('problem' in linked) return page(req, res, linked.status, 'This link does not work', html`<p>${linked.problem}</p>`)
    download(res, await data.forAddress(linked.email), 'my-newsroom-data.json')
  })

  router.get('/privacy/erase/:address', (req, res) => {
    const linked = linkedAddress(req, PURPOSE.erase)
    if ('problem' in linked) return page(req, res, linked.status, 'This link does not work', html`<p>${linked.problem}</p>`)
    page(
      req,
      res,
      200,
      'Erase your data?',
      html`<p>Your comments stay on the site, but read “Former reader”, without your name, website or address. Your subscriptions and the record of mail we sent to <strong>${linked.email}</strong> are deleted. This cannot be undone.</p>
        <form method="post" action="${req.originalUrl}"><p><button type="submit" class="danger">Erase my data</button></p></form>`,
    )
  })

  router.post('/privacy/erase/:address', async (req, res) => {
    await discardBody(req)
    const linked = linkedAddress(req, PURPOSE.erase)
    if ('problem' in linked) return page(req, res, linked.status, 'This link does not work', html`<p>${linked.problem}</p>`)
    const { anonymisedComments } = await data.eraseAddress(linked.email)
    page(
      req,
      res,
      200,
      'Your data is erased',
      html`<p>Done. ${anonymisedComments === 1 ? 'One comment now reads' : `${anonymisedComments} comments now read`} “Former reader”; nothing else of ${linked.email} is kept.</p>`,
    )
  })
}
