/**
 * "Click an icon to log in": the authorization-code flow with each provider, through
 * openid-client. Every sign-in gets a fresh `state` (stored hashed, single use, ten minutes),
 * a PKCE verifier (S256) and, for OpenID Connect, a nonce; the ID token's signature, issuer,
 * audience, expiry and nonce are checked. The browser that clicked is bound to its sign-in by
 * a cookie of its own. Provider access tokens are used once, for the profile, and never stored.
 */
import { createHash, randomBytes } from 'node:crypto'

import * as client from 'openid-client'
import type { Payload } from 'payload'

import { ipHash } from '../comments/identity'
import { COLLECTION_SLUGS } from '../types'
import { profileFromClaims, callbackUrl, isLoopbackUrl, type ExternalProfile, type ProviderConfig, type ProviderId } from './providers'
import { ReaderAccounts } from './readerAccounts'

/** The cookie naming the browser that started a sign-in (not a session: it signs nobody in). */
export const SIGN_IN_COOKIE = 'newsroom_signin'
export const SIGN_IN_TTL_MS = 10 * 60 * 1000
const BROWSER_ID = /^[A-Za-z0-9_-]{43}$/

/** Why a sign-in did not complete, in words a reader understands. */
export type SignInProblem =
  /** The reader said no at the provider. */
  | 'denied'
  /** The provider answered with an error, or with a code or token that failed a check. */
  | 'failed'
  /** The provider could not be reached. */
  | 'unreachable'
  /** The reader took longer than ten minutes. */
  | 'expired'

/** A callback that cannot be tied to a sign-in this browser started: replayed, forged, or from another browser. */
export type RefusedCallback = 'unknown-state' | 'other-browser'

export type CompletedSignIn =
  | { readonly ok: true; readonly readerId: string; readonly provider: ProviderConfig; readonly returnTo: string }
  | { readonly ok: false; readonly problem: SignInProblem; readonly provider: ProviderConfig; readonly returnTo: string }
  | { readonly ok: false; readonly refused: RefusedCallback }

/** Sign-ins one network address may have under way (started in the last ten minutes). */
export const DEFAULT_ATTEMPTS_PER_ADDRESS = 60

/** Too many sign-ins started from one address: answered 429, nothing stored. */
export class SignInLimitError extends Error {
  override name = 'SignInLimitError'
}

export const newBrowserId = (): string => randomBytes(32).toString('base64url')
export const validBrowserId = (value: string | null | undefined): value is string => typeof value === 'string' && BROWSER_ID.test(value)
const hash = (value: string): string => createHash('sha256').update(value).digest('base64url')

const isNetworkError = (error: unknown): boolean => {
  const name = (error as { name?: string })?.name
  if (name === 'TimeoutError' || name === 'AbortError') return true
  // By name, not instanceof: fetch's errors may come from another realm.
  if (name === 'TypeError' && /fetch failed|network/i.test(String((error as Error).message))) return true
  const cause = (error as { cause?: unknown })?.cause
  return cause !== undefined && cause !== error && isNetworkError(cause)
}

const errorCode = (error: unknown): string =>
  [(error as { code?: unknown })?.code, (error as { error?: unknown })?.error, (error as { name?: unknown })?.name].filter((part) => typeof part === 'string').join(' ') ||
  'unknown'

export type SignInOptions = {
  readonly payload: Payload
  readonly providers: ReadonlyArray<ProviderConfig>
  /** The site's public origin: the redirect URIs are built from it, exactly. */
  readonly origin: string
  /** Seconds to wait for a provider before telling the reader it is unreachable. Default 10. */
  readonly timeoutSeconds?: number
  /** Sign-ins one network address may have under way at once. Default 60. */
  readonly attemptsPerAddress?: number
}

export class SignInService {
  private readonly configurations = new Map<ProviderId, Promise<client.Configuration>>()
  private readonly accounts: ReaderAccounts
  /** States being completed right now: a second use arriving meanwhile is refused, not raced. */
  private readonly inFlight = new Set<string>()
  private readonly payload: Payload

  constructor(private readonly options: SignInOptions) {
    this.payload = options.payload
    this.accounts = new ReaderAccounts(options.payload)
  }

  provider(id: string): ProviderConfig | null {
    return this.options.providers.find((provider) => provider.id === id) ?? null
  }

  /** openid-client's view of a provider: discovered once (and again after a failure), or built from the endpoints. */
  private configuration(provider: ProviderConfig): Promise<client.Configuration> {
    let configuration = this.configurations.get(provider.id)
    if (!configuration) {
      const auth = provider.tokenAuth === 'post' ? client.ClientSecretPost(provider.clientSecret) : client.ClientSecretBasic(provider.clientSecret)
      const insecure = (url: string | null | undefined) => Boolean(url && url.startsWith('http:') && isLoopbackUrl(url))
      configuration = (async () => {
        let config: client.Configuration
        if (provider.issuer) {
          config = await client.discovery(new URL(provider.issuer), provider.clientId, undefined, auth, {
            execute: insecure(provider.issuer) ? [client.allowInsecureRequests] : [],
            timeout: this.options.timeoutSeconds ?? 10,
          })
        } else if (provider.endpoints) {
          config = new client.Configuration(
            { issuer: new URL(provider.endpoints.authorization).origin, authorization_endpoint: provider.endpoints.authorization, token_endpoint: provider.endpoints.token },
            provider.clientId,
            undefined,
            auth,
          )
          if ([provider.endpoints.authorization, provider.endpoints.token, provider.endpoints.userinfo].some(insecure)) client.allowInsecureRequests(config)
        } else {
          throw new Error(`${provider.id} has neither an issuer nor endpoints`)
        }
        config.timeout = this.options.timeoutSeconds ?? 10
        // The ID token's signature is checked against the provider's published keys, not taken on trust from the TLS channel.
        if (provider.protocol === 'oidc') client.enableNonRepudiationChecks(config)
        return config
      })()
      configuration.catch(() => this.configurations.delete(provider.id))
      this.configurations.set(provider.id, configuration)
    }
    return configuration
  }

  /**
   * The provider's authorization address for this browser, after storing what the callback
   * will check. Throws when the provider cannot be reached (its discovery document).
   */
  async begin(provider: ProviderConfig, returnTo: string, browserId: string, ip: string): Promise<URL> {
    const addressHash = ipHash(this.payload.secret, ip)
    const { totalDocs: underWay } = await this.payload.db.count({
      collection: COLLECTION_SLUGS.signInAttempts,
      where: { and: [{ ipHash: { equals: addressHash } }, { expiresAt: { greater_than: new Date().toISOString() } }] },
    })
    if (underWay >= (this.options.attemptsPerAddress ?? DEFAULT_ATTEMPTS_PER_ADDRESS)) throw new SignInLimitError()
    const config = await this.configuration(provider)
    const state = client.randomState()
    const codeVerifier = provider.pkce ? client.randomPKCECodeVerifier() : null
    const nonce = provider.protocol === 'oidc' ? client.randomNonce() : null
    const now = Date.now()
    // Attempts older than ten minutes are worthless: clear them as new ones arrive.
    await this.payload.db.deleteMany({ collection: COLLECTION_SLUGS.signInAttempts, where: { expiresAt: { less_than: new Date(now).toISOString() } } })
    await this.payload.create({
      collection: COLLECTION_SLUGS.signInAttempts,
      data: {
        stateHash: hash(state),
        browserHash: hash(browserId),
        ipHash: addressHash,
        provider: provider.id,
        codeVerifier,
        nonce,
        returnTo,
        expiresAt: new Date(now + SIGN_IN_TTL_MS).toISOString(),
      },
      overrideAccess: true,
    })
    const parameters: Record<string, string> = { redirect_uri: callbackUrl(this.options.origin, provider.id), scope: provider.scope, state, response_type: 'code' }
    if (codeVerifier) Object.assign(parameters, { code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256' })
    if (nonce) parameters.nonce = nonce
    return client.buildAuthorizationUrl(config, parameters)
  }

  /** Completes a sign-in from the provider's redirect back to us. Never throws for anything the provider or the browser sent. */
  async complete(provider: ProviderConfig, query: URLSearchParams, browserId: string | null): Promise<CompletedSignIn> {
    const state = query.get('state')
    if (!state || state.length > 512) return { ok: false, refused: 'unknown-state' }
    const stateHash = hash(state)
    if (this.inFlight.has(stateHash)) return { ok: false, refused: 'unknown-state' }
    this.inFlight.add(stateHash)
    try {
      const attempt = (await this.payload.db.findOne({ collection: COLLECTION_SLUGS.signInAttempts, where: { stateHash: { equals: stateHash } } })) as Record<
        string,
        unknown
      > | null
      if (!attempt) return { ok: false, refused: 'unknown-state' }
      // Single use: gone before anything else happens, whatever happens next.
      await this.payload.db.deleteOne({ collection: COLLECTION_SLUGS.signInAttempts, where: { id: { equals: attempt.id } } })
      if (attempt.provider !== provider.id || !browserId || hash(browserId) !== attempt.browserHash) return { ok: false, refused: 'other-browser' }
      const returnTo = String(attempt.returnTo)
      const failed = (problem: SignInProblem): CompletedSignIn => ({ ok: false, problem, provider, returnTo })
      if (Date.parse(String(attempt.expiresAt)) <= Date.now()) return failed('expired')
      const error = query.get('error')
      if (error) return failed(error === 'access_denied' ? 'denied' : 'failed')

      let profile: ExternalProfile | null
      try {
        profile = await this.exchange(provider, query, {
          state,
          codeVerifier: typeof attempt.codeVerifier === 'string' ? attempt.codeVerifier : undefined,
          nonce: typeof attempt.nonce === 'string' ? attempt.nonce : undefined,
        })
      } catch (problem) {
        const unreachable = isNetworkError(problem)
        this.payload.logger.warn({
          msg: `Sign-in with ${provider.id} ${unreachable ? 'could not reach the provider' : 'failed a check'}: ${errorCode(problem)} (${(problem as Error)?.message ?? ''})`,
        })
        return failed(unreachable ? 'unreachable' : 'failed')
      }
      if (!profile) {
        this.payload.logger.warn({ msg: `Sign-in with ${provider.id}: the provider's profile had no account id` })
        return failed('failed')
      }
      const signedIn = await this.accounts.readerForSignIn(provider.id, profile)
      const { readerId, outcome } = signedIn
      this.payload.logger.info({
        msg: `Reader ${readerId} signed in with ${provider.id} (${outcome === 'new' ? 'new reader' : outcome === 'link' ? 'linked by verified email' : 'returning'})`,
      })
      // A provider on this machine (development, tests) may serve pictures from it too.
      const local = [provider.issuer, provider.endpoints?.authorization].some((address) => address && isLoopbackUrl(address))
      await this.accounts.refreshAvatar(signedIn, profile.avatarUrl, { allowLoopback: local })
      return { ok: true, readerId, provider, returnTo }
    } finally {
      this.inFlight.delete(stateHash)
    }
  }

  /** The code for tokens (checked), then the person's profile. */
  private async exchange(provider: ProviderConfig, query: URLSearchParams, checks: { state: string; codeVerifier?: string; nonce?: string }): Promise<ExternalProfile | null> {
    const config = await this.configuration(provider)
    const redirectUri = callbackUrl(this.options.origin, provider.id)
    const current = new URL(redirectUri)
    for (const [name, value] of query) {
      // A plain OAuth 2.0 provider has no issuer to compare `iss` with; its redirect URI is its own.
      if (provider.protocol === 'oauth2' && name === 'iss') continue
      current.searchParams.append(name, value)
    }
    const tokens = await client.authorizationCodeGrant(
      config,
      current,
      { expectedState: checks.state, pkceCodeVerifier: checks.codeVerifier, expectedNonce: checks.nonce, idTokenExpected: provider.protocol === 'oidc' },
      { redirect_uri: redirectUri },
    )
    if (provider.protocol === 'oidc') {
      const claims = tokens.claims()
      if (!claims) return null
      let merged: Record<string, unknown> = { ...claims }
      if (config.serverMetadata().userinfo_endpoint) {
        // The ID token is the authority on who this is; userinfo may add the name and picture.
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
        merged = { ...userinfo, ...claims }
      }
      return profileFromClaims(merged)
    }
    const response = await client.fetchProtectedResource(config, tokens.access_token, new URL(provider.endpoints!.userinfo), 'GET')
    if (!response.ok) throw Object.assign(new Error(`profile request answered ${response.status}`), { code: 'PROFILE_REQUEST_FAILED' })
    const document = (await response.json()) as unknown
    return document && typeof document === 'object' && provider.profile ? provider.profile(document as Record<string, unknown>) : null
  }
}
