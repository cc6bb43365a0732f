/**
 * The sign-in providers readers may use, and how the environment configures them. Pure: reads
 * the object it is given and throws ConfigurationError with one line a person can act on.
 *
 * Each provider is a preset (endpoints, scopes, how its profile reads) that the environment
 * switches on with a client id and secret, and may point elsewhere with endpoint overrides:
 * `AUTH_<ID>_ISSUER` (OpenID Connect discovery) or `AUTH_<ID>_AUTHORIZATION_URL`,
 * `AUTH_<ID>_TOKEN_URL`, `AUTH_<ID>_USERINFO_URL`.
 */
import { ConfigurationError, type Mode } from '../config/environment'
import { plainLine } from '../moderation/text'

export const PROVIDER_IDS = ['wordpress', 'google', 'twitter', 'facebook', 'oidc'] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]

export const isProviderId = (value: unknown): value is ProviderId => typeof value === 'string' && (PROVIDER_IDS as ReadonlyArray<string>).includes(value)

/** What a provider tells us about the person, in one shape whatever the provider. */
export type ExternalProfile = {
  readonly subject: string
  readonly displayName: string
  readonly email: string | null
  readonly emailVerified: boolean
  readonly profileUrl: string | null
  readonly avatarUrl: string | null
}

export type Endpoints = { readonly authorization: string; readonly token: string; readonly userinfo: string }

export type Preset = {
  readonly id: ProviderId
  /** The provider's name as readers know it: "Google". */
  readonly label: string
  /** OpenID Connect (an ID token, checked) or plain OAuth 2.0 with a profile request. */
  readonly protocol: 'oidc' | 'oauth2'
  readonly scope: string
  /** Sends PKCE (S256): every provider here that supports it. */
  readonly pkce: boolean
  /** How the client authenticates at the token endpoint. */
  readonly tokenAuth: 'basic' | 'post'
  readonly issuer?: string
  readonly endpoints?: Endpoints
  /** Reads the provider's own profile document (plain OAuth 2.0 providers). */
  readonly profile?: (document: Record<string, unknown>) => ExternalProfile | null
}

const text = (value: unknown, max = 500): string | null => {
  const plain = typeof value === 'string' ? plainLine(value) : ''
  return plain ? plain.slice(0, max) : null
}
const idText = (value: unknown): string | null => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : text(value, 255))
const httpsUrl = (value: unknown): string | null => {
  const candidate = text(value, 500)
  if (!candidate) return null
  try {
    const url = new URL(candidate)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})

/** OpenID Connect claims (ID token merged with userinfo) → profile. */
export function profileFromClaims(claims: Record<string, unknown>): ExternalProfile | null {
  const subject = text(claims.sub, 255)
  if (!subject) return null
  const email = text(claims.email, 254)?.toLowerCase() ?? null
  return {
    subject,
    displayName: text(claims.name, 100) ?? text(claims.preferred_username, 100) ?? text(claims.nickname, 100) ?? email?.split('@')[0] ?? 'Reader',
    email,
    emailVerified: Boolean(email) && claims.email_verified === true,
    profileUrl: httpsUrl(claims.profile) ?? httpsUrl(claims.website),
    avatarUrl: httpsUrl(claims.picture),
  }
}

/** WordPress.com's /rest/v1.1/me. */
export function wordpressProfile(document: Record<string, unknown>): ExternalProfile | null {
  const subject = idText(document.ID)
  if (!subject) return null
  const email = text(document.email, 254)?.toLowerCase() ?? null
  return {
    subject,
    displayName: text(document.display_name, 100) ?? text(document.username, 100) ?? 'WordPress.com reader',
    email,
    emailVerified: Boolean(email) && document.email_verified === true,
    profileUrl: httpsUrl(document.profile_URL),
    avatarUrl: httpsUrl(document.avatar_URL),
  }
}

/** X's /2/users/me: { data: { id, name, username, profile_image_url } }. X shares no email here. */
export function twitterProfile(document: Record<string, unknown>): ExternalProfile | null {
  const data = record(document.data)
  const subject = idText(data.id)
  if (!subject) return null
  const username = text(data.username, 50)
  return {
    subject,
    displayName: text(data.name, 100) ?? (username ? `@${username}` : 'X reader'),
    email: null,
    emailVerified: false,
    profileUrl: username && /^\w{1,50}$/.test(username) ? `https://x.com/${username}` : null,
    avatarUrl: httpsUrl(data.profile_image_url),
  }
}

/** Facebook's Graph /me?fields=id,name,email,picture. Facebook does not say whether the email is verified. */
export function facebookProfile(document: Record<string, unknown>): ExternalProfile | null {
  const subject = idText(document.id)
  if (!subject) return null
  return {
    subject,
    displayName: text(document.name, 100) ?? 'Facebook reader',
    email: text(document.email, 254)?.toLowerCase() ?? null,
    emailVerified: false,
    profileUrl: null,
    avatarUrl: httpsUrl(record(record(document.picture).data).url),
  }
}

export const PRESETS: Readonly<Record<ProviderId, Preset>> = {
  wordpress: {
    id: 'wordpress',
    label: 'WordPress.com',
    protocol: 'oauth2',
    scope: 'auth',
    // WordPress.com documents no PKCE support; state and the client secret protect the code.
    pkce: false,
    tokenAuth: 'post',
    endpoints: {
      authorization: 'https://public-api.wordpress.com/oauth2/authorize',
      token: 'https://public-api.wordpress.com/oauth2/token',
      userinfo: 'https://public-api.wordpress.com/rest/v1.1/me',
    },
    profile: wordpressProfile,
  },
  google: { id: 'google', label: 'Google', protocol: 'oidc', scope: 'openid email profile', pkce: true, tokenAuth: 'basic', issuer: 'https://accounts.google.com' },
  twitter: {
    id: 'twitter',
    label: 'X',
    protocol: 'oauth2',
    scope: 'users.read tweet.read',
    pkce: true,
    tokenAuth: 'basic',
    endpoints: {
      authorization: 'https://x.com/i/oauth2/authorize',
      token: 'https://api.x.com/2/oauth2/token',
      userinfo: 'https://api.x.com/2/users/me?user.fields=profile_image_url',
    },
    profile: twitterProfile,
  },
  facebook: {
    id: 'facebook',
    label: 'Facebook',
    protocol: 'oauth2',
    scope: 'public_profile email',
    pkce: true,
    tokenAuth: 'post',
    endpoints: {
      authorization: 'https://www.facebook.com/v21.0/dialog/oauth',
      token: 'https://graph.facebook.com/v21.0/oauth/access_token',
      userinfo: 'https://graph.facebook.com/v21.0/me?fields=id,name,email,picture.type(large)',
    },
    profile: facebookProfile,
  },
  // The newsroom's own single sign-on, or any OpenID provider: needs AUTH_OIDC_ISSUER.
  oidc: { id: 'oidc', label: 'OpenID', protocol: 'oidc', scope: 'openid email profile', pkce: true, tokenAuth: 'basic' },
}

export const PRESET_LABELS: Readonly<Record<ProviderId, string>> = Object.fromEntries(PROVIDER_IDS.map((id) => [id, PRESETS[id].label])) as Record<ProviderId, string>

export type ProviderConfig = {
  readonly id: ProviderId
  readonly label: string
  readonly protocol: 'oidc' | 'oauth2'
  readonly clientId: string
  readonly clientSecret: string
  readonly scope: string
  readonly pkce: boolean
  readonly tokenAuth: 'basic' | 'post'
  /** OpenID Connect: the issuer whose discovery document names the endpoints. */
  readonly issuer: string | null
  /** Explicit endpoints (plain OAuth 2.0, or an OpenID provider configured without discovery). */
  readonly endpoints: Endpoints | null
  /** Reads the profile document of a plain OAuth 2.0 provider. */
  readonly profile: ((document: Record<string, unknown>) => ExternalProfile | null) | null
  /** The built-in development provider, never a real account. */
  readonly development: boolean
}

type Env = Readonly<Record<string, string | undefined>>

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** An endpoint address: https, or http on this machine only (a local or test provider). */
export function endpointUrl(name: string, raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigurationError(`${name} must be an absolute https:// address; got "${raw.slice(0, 80)}"`)
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    if (url.username || url.password) throw new ConfigurationError(`${name} must not contain a user name or password`)
    return url.href
  }
  throw new ConfigurationError(`${name} must be an https:// address (http:// only for localhost); got "${raw.slice(0, 80)}"`)
}

export const isLoopbackUrl = (raw: string): boolean => {
  try {
    const url = new URL(raw)
    return LOOPBACK.has(url.hostname)
  } catch {
    return false
  }
}

/** The providers the environment configures, in the order the icons appear. */
export function readProviders(env: Env): ProviderConfig[] {
  const configured: ProviderConfig[] = []
  for (const id of PROVIDER_IDS) {
    const prefix = `AUTH_${id.toUpperCase()}_`
    const value = (name: string) => env[`${prefix}${name}`]?.trim() || undefined
    const clientId = value('CLIENT_ID')
    const clientSecret = value('CLIENT_SECRET')
    const overrides = { issuer: value('ISSUER'), authorization: value('AUTHORIZATION_URL'), token: value('TOKEN_URL'), userinfo: value('USERINFO_URL') }
    const anyOverride = Object.values(overrides).some(Boolean)
    if (!clientId && !clientSecret) {
      if (anyOverride) throw new ConfigurationError(`${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET are not set, but other ${prefix}* settings are: set both, or remove the rest`)
      continue
    }
    if (!clientId || !clientSecret)
      throw new ConfigurationError(`${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET go together: ${clientId ? `${prefix}CLIENT_SECRET` : `${prefix}CLIENT_ID`} is missing`)
    const preset = PRESETS[id]
    const urls = [overrides.authorization, overrides.token, overrides.userinfo]
    if (overrides.issuer && urls.some(Boolean)) throw new ConfigurationError(`Set either ${prefix}ISSUER (discovery) or the ${prefix}*_URL endpoints, not both`)
    if (urls.some(Boolean) && !urls.every(Boolean))
      throw new ConfigurationError(`${prefix}AUTHORIZATION_URL, ${prefix}TOKEN_URL and ${prefix}USERINFO_URL go together: set all three`)
    let issuer: string | null = null
    let endpoints: Endpoints | null = null
    if (overrides.issuer) {
      if (preset.protocol !== 'oidc')
        throw new ConfigurationError(
          `${prefix}ISSUER is for OpenID Connect providers; ${preset.label} needs ${prefix}AUTHORIZATION_URL, ${prefix}TOKEN_URL and ${prefix}USERINFO_URL`,
        )
      issuer = endpointUrl(`${prefix}ISSUER`, overrides.issuer).replace(/\/$/, '')
    } else if (overrides.authorization && overrides.token && overrides.userinfo) {
      // An ID token can only be checked against the keys and issuer that discovery names.
      if (preset.protocol === 'oidc') throw new ConfigurationError(`${preset.label} signs readers in with OpenID Connect: set ${prefix}ISSUER instead of the *_URL endpoints`)
      endpoints = {
        authorization: endpointUrl(`${prefix}AUTHORIZATION_URL`, overrides.authorization),
        token: endpointUrl(`${prefix}TOKEN_URL`, overrides.token),
        userinfo: endpointUrl(`${prefix}USERINFO_URL`, overrides.userinfo),
      }
    } else {
      issuer = preset.issuer ?? null
      endpoints = preset.endpoints ?? null
      if (!issuer && !endpoints) throw new ConfigurationError(`${prefix}ISSUER is not set: the generic OpenID provider needs its issuer, such as https://sso.example.org`)
    }
    if (clientId.length > 500 || clientSecret.length > 2000) throw new ConfigurationError(`${prefix}CLIENT_ID or ${prefix}CLIENT_SECRET is implausibly long`)
    const label = (id === 'oidc' && env.AUTH_OIDC_LABEL?.trim().slice(0, 40)) || preset.label
    configured.push(fromPreset(preset, { label, clientId, clientSecret, issuer, endpoints, development: false }))
  }
  return configured
}

/** A preset made a provider: its protocol facts, with where it is and who we are to it. */
const fromPreset = (preset: Preset, where: Pick<ProviderConfig, 'label' | 'clientId' | 'clientSecret' | 'issuer' | 'endpoints' | 'development'>): ProviderConfig => ({
  id: preset.id,
  protocol: preset.protocol,
  scope: preset.scope,
  pkce: preset.pkce,
  tokenAuth: preset.tokenAuth,
  profile: preset.profile ?? null,
  ...where,
})

/** Where the development identity provider answers, inside the newsroom's own server. */
export const DEV_PROVIDER_PATH = '/dev-sign-in'

/** The four login icons, all served by the built-in development provider (never in production). */
export function developmentProviders(origin: string, mode: Mode): ProviderConfig[] {
  if (mode === 'production') throw new ConfigurationError('The development sign-in provider cannot run in production')
  const issuer = `${origin}${DEV_PROVIDER_PATH}`
  return (['wordpress', 'google', 'twitter', 'facebook'] as const).map((id) =>
    fromPreset(PRESETS[id], { label: PRESETS[id].label, ...devClient(id), ...devLocation(issuer, id), development: true }),
  )
}

/** The development provider's client for each preset (public values: they only ever sign in demo readers). */
export const devClient = (id: ProviderId): { clientId: string; clientSecret: string } => ({ clientId: `newsroom-${id}`, clientSecret: `development-only-${id}-secret` })

/**
 * Where a preset finds the development (or a test) provider: OpenID presets by its issuer, plain
 * OAuth 2.0 presets by its endpoints, with the profile in that provider's own shape.
 */
export const devLocation = (issuer: string, id: ProviderId): Pick<ProviderConfig, 'issuer' | 'endpoints'> =>
  PRESETS[id].protocol === 'oidc'
    ? { issuer, endpoints: null }
    : { issuer: null, endpoints: { authorization: `${issuer}/auth`, token: `${issuer}/token`, userinfo: `${issuer}/profiles/${id}` } }

/** "Google account", "WordPress.com account", "X account". */
export const accountNoun = (provider: Pick<ProviderConfig, 'label'>): string => `${provider.label} account`

/** The redirect URI registered with each provider: exact, one per provider. */
export const callbackUrl = (origin: string, id: ProviderId): string => `${origin}/auth/${id}/callback`
