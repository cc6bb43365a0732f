/**
 * Reads the newsroom's settings from the environment. Pure: it only reads the object it is
 * given and throws ConfigurationError with one line a person can act on; the server prints
 * that line and exits 1.
 */
import path from 'node:path'

import { readProviders, type ProviderConfig } from '../auth/providers'

/** Days a reader stays signed in unless READER_SESSION_DAYS says otherwise. */
export const DEFAULT_SESSION_DAYS = 30

export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
}

export type DatabaseSetting =
  | { readonly kind: 'sqlite'; readonly url: string; /** absolute path, or null for an in-memory database */ readonly file: string | null }
  | { readonly kind: 'mongodb'; readonly url: string }
  | {
      readonly kind: 'postgres'
      readonly url: string
      /** Connections each instance keeps open at most (DATABASE_POOL_MAX). */
      readonly poolMax: number
      /** Read-only copies reads may go to (DATABASE_READ_REPLICAS). */
      readonly readReplicas: ReadonlyArray<string>
    }

export type Mode = 'development' | 'production' | 'test'

export const DEFAULT_SQLITE_FILE = './data/newsroom.db'
export const DEFAULT_MEDIA_DIR = './data/media'
export const MIN_SECRET_LENGTH = 32

type Env = Readonly<Record<string, string | undefined>>

export function modeOf(env: Env): Mode {
  const value = env.NODE_ENV
  return value === 'production' || value === 'test' ? value : 'development'
}

/** Connections a PostgreSQL pool keeps open at most unless DATABASE_POOL_MAX says otherwise. */
export const DEFAULT_POOL_MAX = 10

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//

/** The scheme of an address and nothing more: the rest of a connection string may hold a password. */
const schemeOf = (value: string): string | undefined => /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]

/** A PostgreSQL address with a host, or a one-line reason (naming only `what`, never the address itself). */
function postgresAddress(value: string, what: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigurationError(`${what} is not a valid address; write it as postgres://user:password@host:5432/newsroom`)
  }
  if (!url.hostname) throw new ConfigurationError(`${what} names no PostgreSQL host, such as postgres://user:password@db.example:5432/newsroom`)
  if (url.pathname.length <= 1) throw new ConfigurationError(`${what} names no database, such as postgres://user:password@db.example:5432/newsroom`)
  return value
}

/** DATABASE_POOL_MAX: 1–1000 connections per instance, default 10. */
export function parsePoolMax(raw: string | undefined): number {
  const value = raw?.trim()
  if (!value) return DEFAULT_POOL_MAX
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 1000)
    throw new ConfigurationError(`DATABASE_POOL_MAX must be a whole number of connections from 1 to 1000; got "${value.slice(0, 20)}"`)
  return Number(value)
}

/** DATABASE_READ_REPLICAS: comma-separated postgres:// addresses of read-only copies of the database. */
export function parseReadReplicas(raw: string | undefined): string[] {
  const parts = (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  return parts.map((part, index) => {
    const what = `DATABASE_READ_REPLICAS entry ${index + 1}`
    if (!POSTGRES_SCHEME.test(part)) {
      const scheme = schemeOf(part)
      throw new ConfigurationError(`${what} must start with postgres:// or postgresql://; got ${scheme ? `a "${scheme}:" address` : 'something that is not an address'}`)
    }
    return postgresAddress(part, what)
  })
}

/**
 * `file:` → SQLite (the embedded default); `postgres://`, `postgresql://` → PostgreSQL (several
 * instances); `mongodb://`, `mongodb+srv://` → MongoDB.
 */
export function parseDatabaseUri(raw: string | undefined, cwd: string, env: Env = {}): DatabaseSetting {
  const value = raw?.trim() || `file:${DEFAULT_SQLITE_FILE}`
  if (value.startsWith('file:')) {
    const location = value.slice('file:'.length).split('?')[0] ?? ''
    if (!location) throw new ConfigurationError('DATABASE_URI "file:" needs a path, such as file:./data/newsroom.db')
    if (location === ':memory:' || location.startsWith(':memory:')) return { kind: 'sqlite', url: value, file: null }
    const file = path.resolve(cwd, location)
    return { kind: 'sqlite', url: `file:${file}`, file }
  }
  if (value.startsWith('mongodb://') || value.startsWith('mongodb+srv://')) {
    if (!/^mongodb(?:\+srv)?:\/\/[^/?#]+/.test(value)) throw new ConfigurationError('DATABASE_URI names no MongoDB host, such as mongodb://db.example:27017/newsroom')
    return { kind: 'mongodb', url: value }
  }
  if (POSTGRES_SCHEME.test(value)) {
    return {
      kind: 'postgres',
      url: postgresAddress(value, 'DATABASE_URI'),
      poolMax: parsePoolMax(env.DATABASE_POOL_MAX),
      readReplicas: parseReadReplicas(env.DATABASE_READ_REPLICAS),
    }
  }
  // Show only the scheme: the rest of a connection string may hold a password.
  const scheme = schemeOf(value)
  throw new ConfigurationError(
    `DATABASE_URI must start with file: (SQLite), postgres:// or postgresql:// (PostgreSQL), mongodb:// or mongodb+srv:// (MongoDB); got ${scheme ? `a "${scheme}:" address` : 'something that is not an address'}`,
  )
}

export function parsePort(raw: string | undefined, fallback = 3000): number {
  if (raw === undefined || raw.trim() === '') return fallback
  const value = raw.trim()
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new ConfigurationError(`PORT must be a whole number from 1 to 65535; got "${value.slice(0, 40)}"`)
  }
  return Number(value)
}

/** The secret that signs staff sessions. null: none set, and the mode allows a generated one. */
export function parseSecret(raw: string | undefined, mode: Mode): string | null {
  const value = raw?.trim()
  if (value) {
    if (mode === 'production' && value.length < MIN_SECRET_LENGTH) {
      throw new ConfigurationError(`PAYLOAD_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production; it has ${value.length}`)
    }
    return value
  }
  if (mode === 'production') {
    throw new ConfigurationError('PAYLOAD_SECRET is not set: production needs a long random secret, e.g. PAYLOAD_SECRET=$(openssl rand -hex 32)')
  }
  return null
}

export function parseServerUrl(raw: string | undefined, port: number): string {
  const value = raw?.trim()
  if (!value) return `http://localhost:${port}`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigurationError(`SERVER_URL must be an absolute http(s) address such as https://news.example.org; got "${value.slice(0, 80)}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError('SERVER_URL must start with http:// or https://')
  return url.origin
}

export type SiteSettings = { readonly name: string; readonly description: string; readonly language: string; readonly origin: string }

export const DEFAULT_SITE_NAME = 'Security Newsroom'
export const DEFAULT_SITE_DESCRIPTION = 'Cyber-security news and incident reporting, with sources you can check.'

/** TRUST_PROXY: unset → none; "true" → any; a number → that many hops; otherwise Express's names/addresses ("loopback", "10.0.0.0/8"). */
export function parseTrustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim()
  if (!value || value === 'false') return false
  if (value === 'true') return true
  if (/^\d{1,2}$/.test(value)) return Number(value)
  if (!/^[\w.:/, -]+$/.test(value))
    throw new ConfigurationError(`TRUST_PROXY must be true, a number of proxies, or addresses such as loopback or 10.0.0.0/8; got "${value.slice(0, 40)}"`)
  return value
}

/** Seconds a stopping server keeps answering while load balancers notice /healthz say "draining". */
export const DEFAULT_DRAIN_SECONDS = { production: 5, other: 0 } as const

/** SHUTDOWN_DRAIN_SECONDS: 0–300, default 5 in production and 0 elsewhere. */
export function parseDrainSeconds(raw: string | undefined, mode: Mode): number {
  const value = raw?.trim()
  if (!value) return mode === 'production' ? DEFAULT_DRAIN_SECONDS.production : DEFAULT_DRAIN_SECONDS.other
  if (!/^\d{1,3}$/.test(value) || Number(value) > 300)
    throw new ConfigurationError(`SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds from 0 to 300; got "${value.slice(0, 20)}"`)
  return Number(value)
}

/** JOBS_INTERVAL_SECONDS: how often due jobs (scheduled publishing, mail) are looked for: 1–59 seconds, or whole minutes up to 3600; default 10. */
export function parseJobsInterval(raw: string | undefined): number {
  const value = raw?.trim()
  if (!value) return 10
  const seconds = Number(value)
  if (!/^\d{1,4}$/.test(value) || seconds < 1 || seconds > 3600 || (seconds >= 60 && seconds % 60 !== 0))
    throw new ConfigurationError(`JOBS_INTERVAL_SECONDS must be 1 to 59 seconds or whole minutes up to 3600; got "${value.slice(0, 20)}"`)
  return seconds
}

/** The job runner's schedule (croner, with a seconds field) for an interval. */
export const jobsCron = (seconds: number): string => (seconds < 60 ? `*/${seconds} * * * * *` : `0 */${seconds / 60} * * * *`)

/** How long a shared cache (a CDN, a caching proxy) may hold an anonymous page, and serve it stale while it fetches a new one. */
export type SharedCacheSettings = { readonly sMaxAgeSeconds: number; readonly staleSeconds: number }
export const DEFAULT_SHARED_CACHE: SharedCacheSettings = { sMaxAgeSeconds: 60, staleSeconds: 30 }

function seconds(name: string, raw: string | undefined, fallback: number, max: number): number {
  const value = raw?.trim()
  if (!value) return fallback
  if (!/^\d{1,6}$/.test(value) || Number(value) > max) throw new ConfigurationError(`${name} must be a whole number of seconds from 0 to ${max}; got "${value.slice(0, 20)}"`)
  return Number(value)
}

/** CACHE_S_MAXAGE_SECONDS (0–86400, default 60) and CACHE_STALE_SECONDS (0–86400, default 30). */
export const parseSharedCache = (env: Env): SharedCacheSettings => ({
  sMaxAgeSeconds: seconds('CACHE_S_MAXAGE_SECONDS', env.CACHE_S_MAXAGE_SECONDS, DEFAULT_SHARED_CACHE.sMaxAgeSeconds, 86_400),
  staleSeconds: seconds('CACHE_STALE_SECONDS', env.CACHE_STALE_SECONDS, DEFAULT_SHARED_CACHE.staleSeconds, 86_400),
})

export type SqliteSynchronous = 'NORMAL' | 'FULL'

/**
 * SQLITE_SYNCHRONOUS: normal (default) syncs the write-ahead log to disk at each checkpoint, a
 * few times a second; full syncs at every commit. Both survive a crash of the process; normal
 * may lose the last fraction of a second of commits if the machine itself loses power.
 */
export function parseSqliteSynchronous(raw: string | undefined): SqliteSynchronous {
  const value = raw?.trim().toLowerCase()
  if (!value || value === 'normal') return 'NORMAL'
  if (value === 'full') return 'FULL'
  throw new ConfigurationError(`SQLITE_SYNCHRONOUS must be normal or full; got "${raw!.trim().slice(0, 20)}"`)
}

/** An address mail is sent from: a display name (may be empty) and the address itself. */
export type MailAddress = { readonly name: string; readonly address: string }

export type MailSettings = {
  /**
   * smtp: the SMTP server SMTP_URL names (its parts, credentials never printed); dev-mailbox:
   * development with no SMTP_URL, mail goes to the built-in mailbox (/dev-mail); none: mail is
   * not sent (tests, or production without SMTP_URL).
   */
  readonly transport:
    | { readonly kind: 'smtp'; readonly host: string; readonly port: number; readonly secure: boolean; readonly user: string | null; readonly password: string | null }
    | { readonly kind: 'dev-mailbox' }
    | { readonly kind: 'none' }
  /** MAIL_FROM: resets, confirmations, anything a person asked for. */
  readonly from: MailAddress
  /** MAIL_FROM_NOTIFICATIONS: subscription mail (replies, new posts, digests). */
  readonly notificationsFrom: MailAddress
}

const EMAIL_ADDRESS = /^[^\s@<>()",;:]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** `Name <address@host>` or a bare address, as MAIL_FROM takes it. */
export function parseMailAddress(raw: string, variable: string): MailAddress {
  const value = raw.trim()
  const named = /^(?:"([^"]{0,100})"|([^<>"]{0,100}?))\s*<([^<>]+)>$/.exec(value)
  const name = (named ? (named[1] ?? named[2] ?? '') : '').trim()
  const address = (named ? named[3]! : value).trim()
  if (!EMAIL_ADDRESS.test(address) || /[\r\n]/.test(name))
    throw new ConfigurationError(
      `${variable} must be an address such as "Security Newsroom <news@example.org>" or news@example.org; got "${value.replace(/[\r\n\t]+/g, ' ').slice(0, 80)}"`,
    )
  return { name, address }
}

/**
 * SMTP_URL (smtp://user:password@host:587, smtps://… for TLS from the start), MAIL_FROM and
 * MAIL_FROM_NOTIFICATIONS. Errors show the scheme or the part that is wrong, never a password.
 */
export function parseMail(env: Env, mode: Mode, site: { name: string; origin: string }): MailSettings {
  const raw = env.SMTP_URL?.trim()
  let transport: MailSettings['transport']
  if (!raw) transport = { kind: mode === 'development' ? 'dev-mailbox' : 'none' }
  else {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new ConfigurationError('SMTP_URL must be an address such as smtp://user:password@mail.example.org:587 or smtps://…:465; it is not an address')
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigurationError(`SMTP_URL must start with smtp:// or smtps://; got "${url.protocol}"`)
    if (!url.hostname) throw new ConfigurationError('SMTP_URL names no host, such as smtp://mail.example.org:587')
    const secure = url.protocol === 'smtps:'
    const port = url.port ? Number(url.port) : secure ? 465 : 587
    let user: string | null = null
    let password: string | null = null
    try {
      user = url.username ? decodeURIComponent(url.username) : null
      password = url.password ? decodeURIComponent(url.password) : null
    } catch {
      throw new ConfigurationError('SMTP_URL has a user name or password that is not percent-encoded correctly (write @ as %40, : as %3A)')
    }
    transport = { kind: 'smtp', host: url.hostname.replace(/^\[|\]$/g, ''), port, secure, user, password }
  }
  if (transport.kind === 'smtp' && mode === 'production' && !env.MAIL_FROM?.trim())
    throw new ConfigurationError('MAIL_FROM is required with SMTP_URL in production: the address mail is sent from, such as "Security Newsroom <news@example.org>"')
  const host = new URL(site.origin).hostname
  const fallbackDomain = host.includes('.') ? host : 'localhost.localdomain'
  const from = env.MAIL_FROM?.trim() ? parseMailAddress(env.MAIL_FROM, 'MAIL_FROM') : { name: site.name, address: `newsroom@${fallbackDomain}` }
  const notificationsFrom = env.MAIL_FROM_NOTIFICATIONS?.trim() ? parseMailAddress(env.MAIL_FROM_NOTIFICATIONS, 'MAIL_FROM_NOTIFICATIONS') : from
  return { transport, from, notificationsFrom }
}

export type Settings = {
  readonly mode: Mode
  readonly port: number
  readonly host: string
  readonly database: DatabaseSetting
  /** How often SQLite syncs committed writes to disk (SQLITE_SYNCHRONOUS). */
  readonly sqliteSynchronous: SqliteSynchronous
  readonly secret: string | null
  readonly mediaDir: string
  readonly serverUrl: string
  readonly site: SiteSettings
  readonly trustProxy: boolean | number | string
  readonly auth: AuthSettings
  /** How long a stopping server keeps accepting requests after /healthz turns to "draining". */
  readonly shutdownDrainSeconds: number
  /** How often the job runner looks for due jobs. */
  readonly jobsIntervalSeconds: number
  /** How long shared caches in front of the site may hold anonymous pages. */
  readonly sharedCache: SharedCacheSettings
  readonly mail: MailSettings
}

export type AuthSettings = {
  /** The sign-in providers the environment configures (AUTH_<ID>_*), in icon order. */
  readonly providers: ReadonlyArray<ProviderConfig>
  /** How long a reader stays signed in. READER_SESSION_DAYS, default 30. */
  readonly sessionDays: number
}

export function parseSessionDays(raw: string | undefined): number {
  const value = raw?.trim()
  if (!value) return DEFAULT_SESSION_DAYS
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 365)
    throw new ConfigurationError(`READER_SESSION_DAYS must be a whole number of days from 1 to 365; got "${value.slice(0, 20)}"`)
  return Number(value)
}

export function readSettings(env: Env, cwd: string): Settings {
  const mode = modeOf(env)
  const port = parsePort(env.PORT)
  const serverUrl = parseServerUrl(env.SERVER_URL, port)
  const language = env.SITE_LANGUAGE?.trim() || 'en'
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language)) throw new ConfigurationError(`SITE_LANGUAGE must be a language tag such as en or en-GB; got "${language.slice(0, 20)}"`)
  return {
    mode,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    database: parseDatabaseUri(env.DATABASE_URI, cwd, env),
    sqliteSynchronous: parseSqliteSynchronous(env.SQLITE_SYNCHRONOUS),
    secret: parseSecret(env.PAYLOAD_SECRET, mode),
    mediaDir: path.resolve(cwd, env.MEDIA_DIR?.trim() || DEFAULT_MEDIA_DIR),
    serverUrl,
    site: {
      name: env.SITE_NAME?.trim() || DEFAULT_SITE_NAME,
      description: env.SITE_DESCRIPTION?.trim() || DEFAULT_SITE_DESCRIPTION,
      language,
      origin: serverUrl,
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    auth: { providers: readProviders(env), sessionDays: parseSessionDays(env.READER_SESSION_DAYS) },
    shutdownDrainSeconds: parseDrainSeconds(env.SHUTDOWN_DRAIN_SECONDS, mode),
    jobsIntervalSeconds: parseJobsInterval(env.JOBS_INTERVAL_SECONDS),
    sharedCache: parseSharedCache(env),
    mail: parseMail(env, mode, { name: env.SITE_NAME?.trim() || DEFAULT_SITE_NAME, origin: serverUrl }),
  }
}
