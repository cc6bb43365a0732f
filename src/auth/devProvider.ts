/**
 * The development identity provider: a real OpenID Connect / OAuth 2.0 provider (oidc-provider)
 * that stands in for WordPress.com, Google, X and Facebook on a machine with no provider
 * configured, and in the tests. It has a sign-in page (pick a demo reader or type one) and a
 * consent page, says on every page that it is not the real service, and serves each plain
 * OAuth 2.0 preset's profile in that provider's own shape, so the newsroom reads it exactly as
 * it would read the real one. It refuses to start in production.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'

import express, { type Request, type Response, type Router } from 'express'
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider'

import type { Mode } from '../config/environment'
import { html, type SafeHtml } from '../site/html'
import { callbackUrl, devClient, PRESETS, PROVIDER_IDS, type ProviderId } from './providers'

export type DevAccount = { readonly id: string; readonly name: string; readonly email: string; readonly emailVerified: boolean }

export const DEMO_ACCOUNTS: ReadonlyArray<DevAccount> = [
  { id: 'ada', name: 'Ada Lovelace', email: 'ada@readers.example', emailVerified: true },
  { id: 'grace', name: 'Grace Hopper', email: 'grace@readers.example', emailVerified: true },
  { id: 'alan', name: 'Alan Turing', email: 'alan@readers.example', emailVerified: false },
]

export type DevIdentityProviderOptions = {
  /** The provider's own address, including the path it is mounted at (no trailing slash). */
  readonly issuer: string
  /** The newsroom whose callbacks the clients may redirect to. */
  readonly newsroomOrigin: string
  readonly mode: Mode
}

export type DevIdentityProvider = { readonly issuer: string; readonly router: Router }

const ACCOUNT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/

/** A number that stays the same for an account (WordPress.com and X number their accounts). */
const numericId = (id: string): string => String(parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16))

const page = (title: string, body: SafeHtml): string =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}.dev{background:#fff3cd;border:1px solid #c9a400;padding:.5rem .75rem}button{font:inherit;padding:.4rem .9rem;margin:.2rem 0}fieldset{margin:1rem 0}label{display:block;margin-top:.5rem}</style>
</head><body><p class="dev" role="note"><strong>Development sign-in.</strong> This page belongs to the newsroom's built-in test provider, not to the real service. Nothing leaves this computer.</p>${body}</body></html>`
    .value

/**
 * oidc-provider announces two things that are intended here: its in-memory store (a
 * development provider keeps nothing across restarts) and that it prefers Node 22 (it runs,
 * and is tested, on the Node 20 this project supports). Those two lines are kept off the
 * newcomer's console; any other warning still shows.
 */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    const text = String(args[0] ?? '')
    if (/oidc-provider WARNING: (Unsupported runtime|a quick start development-only in-memory adapter)/.test(text)) return
    warn(...args)
  }
  try {
    return await run()
  } finally {
    console.warn = warn
  }
}

export async function createDevIdentityProvider(options: DevIdentityProviderOptions): Promise<DevIdentityProvider> {
  if (options.mode === 'production') throw new Error('The development identity provider cannot run in production.')
  const issuer = options.issuer.replace(/\/$/, '')
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '')
  const accounts = new Map(DEMO_ACCOUNTS.map((account) => [account.id, account]))
  const pictureUrl = (id: string) => `${issuer}/pictures/${id}.png`

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const configuration: Configuration = {
    clients: PROVIDER_IDS.map((id) => ({
      client_id: devClient(id).clientId,
      client_secret: devClient(id).clientSecret,
      client_name: `${options.newsroomOrigin} (${PRESETS[id].label})`,
      redirect_uris: [callbackUrl(options.newsroomOrigin, id)],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: PRESETS[id].tokenAuth === 'post' ? 'client_secret_post' : 'client_secret_basic',
    })),
    // PKCE is required of every client whose real provider supports it (WordPress.com does not).
    pkce: { required: (_ctx, client) => PROVIDER_IDS.some((id) => PRESETS[id].pkce && devClient(id).clientId === client.clientId) },
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'development', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'picture', 'profile', 'preferred_username'] },
    // The plain OAuth 2.0 presets' own scopes, so the consent page has something to ask for.
    scopes: ['openid', 'email', 'profile', 'auth', 'users.read', 'tweet.read', 'public_profile'],
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: account.name,
          preferred_username: id,
          email: account.email,
          email_verified: account.emailVerified,
          picture: pictureUrl(id),
          profile: `${issuer}/people/${id}`,
        }),
      }
    },
    renderError: (ctx, out) => {
      ctx.type = 'html'
      ctx.body = page('Sign-in error', html`<h1>Sign-in error</h1><p>${String(out.error_description ?? out.error)}</p>`)
    },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  }
  const provider = await quietly(async () => new (await import('oidc-provider')).default(issuer, configuration))
  // Quiet: the provider's own server errors are reported by its responses.
  provider.on('server_error', (_ctx, error) => console.error('development identity provider:', error))

  const router = express.Router()
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  const form = express.urlencoded({ extended: false, limit: '8kb' })

  router.get('/interaction/:uid', async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res)
    const client = await provider.Client.find(String(details.params.client_id))
    const serviceName = (client?.clientName ?? '').replace(/^.*\((.*)\)$/, '$1') || 'the service'
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'")
    if (details.prompt.name === 'login') {
      return res.type('html').send(
        page(
          `Sign in — development ${serviceName}`,
          html`<h1>Sign in (development ${serviceName})</h1>
<form method="post" action="${mountPath}/interaction/${details.uid}/login">
<fieldset><legend>Sign in as a demo reader</legend>
${DEMO_ACCOUNTS.map((account) => html`<p><button type="submit" name="account" value="${account.id}">${account.name}</button> <small>${account.email}${account.emailVerified ? ' (verified)' : ' (not verified)'}</small></p>`)}
</fieldset></form>
<form method="post" action="${mountPath}/interaction/${details.uid}/login">
<fieldset><legend>Or as someone else</legend>
<label for="name">Name</label><input id="name" name="name" required maxlength="60">
<label for="email">Email</label><input id="email" name="email" type="email" maxlength="120">
<label><input type="checkbox" name="verified" value="yes"> The provider has verified this email</label>
<p><button type="submit">Sign in</button></p>
</fieldset></form>
<form method="post" action="${mountPath}/interaction/${details.uid}/abort"><button type="submit">Cancel</button></form>`,
        ),
      )
    }
    const account = accounts.get(String(details.session?.accountId))
    return res.type('html').send(
      page(
        `Allow access — development ${serviceName}`,
        html`<h1>Allow the newsroom to use your ${serviceName} account?</h1>
<p>Signed in as <strong>${account?.name ?? 'unknown'}</strong>. The newsroom asks for your name, email address and picture, to show beside your comments.</p>
<form method="post" action="${mountPath}/interaction/${details.uid}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="${mountPath}/interaction/${details.uid}/abort"><button type="submit">Cancel</button></form>`,
      ),
    )
  })

  router.post('/interaction/:uid/login', form, async (req: Request, res: Response) => {
    await provider.interactionDetails(req, res)
    const body = (req.body ?? {}) as Record<string, unknown>
    let accountId = typeof body.account === 'string' && accounts.has(body.account) ? body.account : null
    if (!accountId) {
      const name = typeof body.name === 'string' ? body.name.trim().slice(0, 60) : ''
      if (!name)
        return res
          .status(400)
          .type('html')
          .send(page('Sign in', html`<p>Type a name, or pick a demo reader. <a href="${mountPath}/interaction/${req.params.uid}">Back</a></p>`))
      const email = typeof body.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(body.email.trim()) ? body.email.trim().slice(0, 120) : ''
      accountId =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 30) || 'reader'
      if (email) accountId = `${accountId}-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 8)}`
      if (!ACCOUNT_ID.test(accountId)) accountId = `reader-${randomBytes(4).toString('hex')}`
      accounts.set(accountId, { id: accountId, name, email, emailVerified: Boolean(email) && body.verified === 'yes' })
    }
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false })
  })

  router.post('/interaction/:uid/confirm', form, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res)
    const accountId = String(details.session?.accountId ?? '')
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    if (!grant)
      return res
        .status(400)
        .type('html')
        .send(page('Sign in', html`<p>This consent has expired. Go back to the newsroom and start again.</p>`))
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> }
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '))
    const grantId = await grant.save()
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true })
  })

  router.post('/interaction/:uid/abort', form, async (req: Request, res: Response) => {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The reader cancelled the sign-in.' }, { mergeWithLastSubmission: false })
  })

  router.get('/people/:id', (req: Request, res: Response) => {
    const account = accounts.get(req.params.id as string)
    if (!account) return res.status(404).type('text').send('No such demo reader.')
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'")
    res
      .type('html')
      .send(
        page(
          account.name,
          html`<h1>${account.name}</h1><p><img src="${pictureUrl(account.id)}" width="96" height="96" alt=""></p><p>A demo reader of the development sign-in.</p>`,
        ),
      )
  })

  // A picture for each account: initials on a colour of their own.
  router.get('/pictures/:file', async (req: Request, res: Response) => {
    const id = /^([a-z0-9-]{1,40})\.png$/.exec(req.params.file as string)?.[1]
    const account = id ? accounts.get(id) : undefined
    if (!account) return res.status(404).type('text').send('No such picture.')
    const hue = parseInt(createHash('sha256').update(account.id).digest('hex').slice(0, 4), 16) % 360
    const initials = account.name
      .split(/\s+/)
      .map((part) => part[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase()
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="hsl(${hue},55%,42%)"/><text x="48" y="60" font-family="sans-serif" font-size="38" fill="#fff" text-anchor="middle">${initials.replace(/[^A-Z0-9]/g, '')}</text></svg>`
    const { default: sharp } = await import('sharp')
    res.type('png').send(await sharp(Buffer.from(svg)).png().toBuffer())
  })

  // Each plain OAuth 2.0 preset's profile, in the shape its real provider answers with.
  router.get('/profiles/:preset', async (req: Request, res: Response) => {
    const preset = req.params.preset as ProviderId
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const accessToken = token ? await provider.AccessToken.find(token) : undefined
    if (!accessToken || accessToken.clientId !== devClient(preset).clientId) return res.status(401).json({ error: 'invalid_token' })
    const account = accounts.get(String(accessToken.accountId))
    if (!account) return res.status(401).json({ error: 'invalid_token' })
    const picture = pictureUrl(account.id)
    if (preset === 'wordpress')
      return res.json({
        ID: Number(numericId(account.id)),
        display_name: account.name,
        username: account.id,
        email: account.email,
        email_verified: account.emailVerified,
        avatar_URL: picture,
        profile_URL: `${issuer}/people/${account.id}`,
      })
    if (preset === 'twitter') return res.json({ data: { id: numericId(account.id), name: account.name, username: account.id.replace(/-/g, '_'), profile_image_url: picture } })
    if (preset === 'facebook') return res.json({ id: numericId(account.id), name: account.name, email: account.email || undefined, picture: { data: { url: picture } } })
    return res.status(404).json({ error: 'no such profile' })
  })

  router.use(provider.callback() as unknown as express.RequestHandler)
  return { issuer, router }
}
