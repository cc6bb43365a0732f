/**
 * A guest's own comments awaiting moderation, remembered for about ten minutes in a signed
 * cookie, so the page can show them "awaiting moderation" to their author and to nobody else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

import { stringifySetCookie } from 'cookie'

export const PENDING_COOKIE = 'newsroom_pending'
export const PENDING_LIFETIME_SECONDS = 10 * 60
const MAX_IDS = 20
/** The cookie holding MAX_IDS ids, signed, with room to spare (a longer one is not read). */
export const PENDING_COOKIE_MAX_LENGTH = 2048

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(`pending\n${payload}`).digest('base64url')

export function readPending(secret: string, value: string | null, now = Date.now()): string[] {
  if (!value) return []
  const [payload, signature] = value.split('.')
  if (!payload || !signature) return []
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return []
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { ids?: unknown; exp?: unknown }
    if (typeof parsed.exp !== 'number' || parsed.exp * 1000 < now || !Array.isArray(parsed.ids)) return []
    return parsed.ids.filter((id): id is string => typeof id === 'string' && id.length <= 64).slice(-MAX_IDS)
  } catch {
    return []
  }
}

export function pendingCookie(secret: string, ids: ReadonlyArray<string>, secure: boolean, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ids: [...new Set(ids)].slice(-MAX_IDS), exp: Math.floor(now / 1000) + PENDING_LIFETIME_SECONDS })).toString('base64url')
  return stringifySetCookie(PENDING_COOKIE, `${payload}.${sign(secret, payload)}`, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: PENDING_LIFETIME_SECONDS })
}
