/**
 * Reader sessions: an HttpOnly cookie holding a random token, and a server-side record holding
 * only the token's hash, so a session can be ended for real and a leaked database copy signs
 * nobody in. Separate from staff sessions in every way: its own cookie, its own collection.
 */
import { createHash, randomBytes } from 'node:crypto'

import { parseCookie, stringifySetCookie } from 'cookie'
import type { AuthStrategy, Payload } from 'payload'

import { DEFAULT_SESSION_DAYS } from '../config/environment'
import { personalVersion } from '../database/contentVersion'
import { COLLECTION_SLUGS } from '../types'

export const READER_COOKIE = 'newsroom_reader'

export type ReaderDoc = {
  id: string
  displayName: string
  email?: string | null
  avatarUrl?: string | null
  /** Set when the provider's picture is stored here (served at avatarPathFor). */
  avatarHash?: string | null
  profileUrl?: string | null
  status: 'active' | 'premoderated' | 'suspended' | 'banned'
  suspendedUntil?: string | null
  statusReason?: string | null
  approvedCount?: number
  rejectedCount?: number
  lastCommentAt?: string | null
}

export type ReaderSession = { readonly reader: ReaderDoc; readonly sessionId: string; readonly provider: string | null; readonly expiresAt: string }

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url')

export const cookieValue = (cookieHeader: string | null | undefined, name: string, maxLength = 200): string | null => {
  if (!cookieHeader) return null
  const value = parseCookie(cookieHeader)[name]
  return value && value.length <= maxLength ? value : null
}

/** The session cookie: HttpOnly, SameSite=Lax (the provider's redirect back is a top-level navigation), Secure over https. */
export const readerCookie = (token: string, maxAgeSeconds: number, secure: boolean): string =>
  stringifySetCookie(READER_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds })

export const clearReaderCookie = (secure: boolean): string => stringifySetCookie(READER_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 })

/** Starts a session (a fresh token every sign-in: an old cookie never becomes a signed-in one). */
export async function startReaderSession(
  payload: Payload,
  readerId: string,
  options: { provider?: string; userAgent?: string; days?: number } = {},
): Promise<{ token: string; expiresAt: Date; maxAgeSeconds: number }> {
  const token = randomBytes(32).toString('base64url')
  const days = options.days ?? DEFAULT_SESSION_DAYS
  const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000)
  // Sessions past their end sign nobody in; they are cleared as new ones start.
  await payload.db.deleteMany({ collection: COLLECTION_SLUGS.readerSessions, where: { expiresAt: { less_than: new Date().toISOString() } } })
  await payload.create({
    collection: COLLECTION_SLUGS.readerSessions,
    data: {
      reader: readerId,
      tokenHash: hashToken(token),
      expiresAt: expiresAt.toISOString(),
      provider: options.provider ?? null,
      userAgent: options.userAgent?.slice(0, 500) ?? null,
    },
    overrideAccess: true,
  })
  return { token, expiresAt, maxAgeSeconds: days * 24 * 60 * 60 }
}

/**
 * Sessions found recently, by the hash of their token, each with the personal version it was
 * read at (contentVersion.ts): any session ended or reader changed through any instance
 * changes that version, so an entry is never used past such a change. An entry is also
 * dropped after a minute, and never used past its session's end.
 */
const KEPT_SESSIONS = Symbol.for('payload-security-newsroom.readerSessions')
const SESSION_KEEP_MS = 60_000
const MAX_KEPT_SESSIONS = 10_000
type KeptSession = { readonly version: string; readonly until: number; readonly session: ReaderSession }

function keptSessions(payload: Payload): Map<string, KeptSession> {
  const holder = payload as unknown as { [KEPT_SESSIONS]?: Map<string, KeptSession> }
  holder[KEPT_SESSIONS] ??= new Map()
  return holder[KEPT_SESSIONS]
}

export async function readerSessionForToken(payload: Payload, token: string | null): Promise<ReaderSession | null> {
  if (!token) return null
  const key = hashToken(token)
  const version = await personalVersion(payload)
  const kept = keptSessions(payload)
  const known = kept.get(key)
  if (known && known.version === version && Date.now() < known.until) return known.session
  kept.delete(key)
  const found = await readStoredSession(payload, token)
  if (found) {
    kept.set(key, { version, until: Math.min(Date.now() + SESSION_KEEP_MS, Date.parse(found.expiresAt)), session: found })
    if (kept.size > MAX_KEPT_SESSIONS) kept.delete(kept.keys().next().value!)
  }
  return found
}

async function readStoredSession(payload: Payload, token: string): Promise<ReaderSession | null> {
  const { docs } = await payload.find({
    collection: COLLECTION_SLUGS.readerSessions,
    where: { tokenHash: { equals: hashToken(token) } },
    limit: 1,
    depth: 1,
    overrideAccess: true,
  })
  const session = docs[0] as { id: string; reader?: unknown; provider?: string | null; expiresAt?: string } | undefined
  if (!session?.expiresAt || Date.parse(session.expiresAt) <= Date.now()) return null
  const reader = session.reader as ReaderDoc | undefined
  if (!reader || typeof reader !== 'object') return null
  return { reader, sessionId: String(session.id), provider: session.provider ?? null, expiresAt: session.expiresAt }
}

export async function endReaderSession(payload: Payload, token: string | null): Promise<void> {
  if (!token) return
  keptSessions(payload).delete(hashToken(token))
  await payload.delete({ collection: COLLECTION_SLUGS.readerSessions, where: { tokenHash: { equals: hashToken(token) } }, overrideAccess: true })
}

/**
 * Lets Payload recognise a reader's session (their own record through REST). Never for a
 * cross-site request: a state-changing call from another origin is treated as anonymous.
 */
export const readerSessionStrategy: AuthStrategy = {
  name: 'reader-session',
  authenticate: async ({ headers, payload }) => {
    const token = cookieValue(headers.get('cookie'), READER_COOKIE)
    if (!token) return { user: null }
    const origin = headers.get('origin')
    if (origin && payload.config.serverURL && origin !== new URL(payload.config.serverURL).origin) return { user: null }
    const session = await readerSessionForToken(payload, token)
    return { user: session ? ({ ...session.reader, collection: COLLECTION_SLUGS.readers, _strategy: 'reader-session' } as never) : null }
  },
}
