/**
 * CSRF protection for the site's forms: a random value in an HttpOnly cookie, and in the form a
 * keyed hash of it. Another site can make the browser send the cookie but cannot read the
 * page, so it cannot produce the matching form value.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const CSRF_COOKIE = 'newsroom_csrf'
export const CSRF_FIELD = '_csrf'

export const newCsrfSecret = (): string => randomBytes(24).toString('base64url')

export const csrfToken = (serverSecret: string, cookieValue: string): string => createHmac('sha256', serverSecret).update(`csrf\n${cookieValue}`).digest('base64url')

export function csrfValid(serverSecret: string, cookieValue: string | null, submitted: unknown): boolean {
  if (!cookieValue || typeof submitted !== 'string') return false
  const expected = Buffer.from(csrfToken(serverSecret, cookieValue))
  const given = Buffer.from(submitted)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** A signed time, so the form can tell how long the page was open (bots submit instantly). */
export const FORM_TIME_FIELD = '_ts'

export function signedTime(serverSecret: string, at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000).toString(36)
  return `${seconds}.${createHmac('sha256', serverSecret).update(`form-time\n${seconds}`).digest('base64url').slice(0, 22)}`
}

/** Seconds since the signed time, or null when the value is missing or forged. */
export function secondsSince(serverSecret: string, value: unknown, now = new Date()): number | null {
  if (typeof value !== 'string' || value.length > 64) return null
  const [seconds, signature] = value.split('.')
  if (!seconds || !signature || !/^[0-9a-z]{1,10}$/.test(seconds)) return null
  const expected = Buffer.from(createHmac('sha256', serverSecret).update(`form-time\n${seconds}`).digest('base64url').slice(0, 22))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  const elapsed = now.getTime() / 1000 - parseInt(seconds, 36)
  return elapsed >= -5 ? Math.max(0, elapsed) : null
}
