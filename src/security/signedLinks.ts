/**
 * Expiring links signed with the server's secret (HMAC-SHA256), e.g. a staff preview of a
 * draft. Anyone holding the link can open it until it expires; nobody can forge or extend one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

const key = (secret: string, purpose: string) => createHmac('sha256', secret).update(`signed-link:${purpose}`).digest()

const signature = (secret: string, purpose: string, path: string, expires: number) => createHmac('sha256', key(secret, purpose)).update(`${path}\n${expires}`).digest('base64url')

export function signLink(options: { secret: string; purpose: string; path: string; expiresAt: Date }): string {
  const expires = Math.floor(options.expiresAt.getTime() / 1000)
  return `${options.path}?expires=${expires}&signature=${signature(options.secret, options.purpose, options.path, expires)}`
}

export type LinkCheck = 'valid' | 'expired' | 'invalid'

export function checkLink(options: { secret: string; purpose: string; path: string; expires: unknown; signature: unknown; now?: Date }): LinkCheck {
  if (typeof options.expires !== 'string' || !/^\d{1,12}$/.test(options.expires) || typeof options.signature !== 'string') return 'invalid'
  const expires = Number(options.expires)
  const expected = Buffer.from(signature(options.secret, options.purpose, options.path, expires))
  const given = Buffer.from(options.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid'
  return expires * 1000 < (options.now ?? new Date()).getTime() ? 'expired' : 'valid'
}
