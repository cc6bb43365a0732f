/**
 * Who a commenter is, without storing what identifies them in the clear: a guest is known by a
 * keyed hash of their email, a network address only by a keyed hash. The avatar key is derived
 * once more, so the public identicon cannot be matched against the private keys.
 */
import { createHash, createHmac } from 'node:crypto'

const keyed = (secret: string, purpose: string, value: string) => createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url')

export const guestIdentityKey = (secret: string, email: string): string => `guest:${keyed(secret, 'guest-email', email.trim().toLowerCase())}`
export const readerIdentityKey = (readerId: string | number): string => `reader:${readerId}`
export const staffIdentityKey = (staffId: string | number): string => `staff:${staffId}`

/**
 * A guest an imported comment names without an address: by their account at the source (a Disqus
 * username) or, failing all else, by the name they gave. Keyed like the rest.
 */
export const sourceIdentityKey = (secret: string, by: 'key' | 'name', value: string): string => `guest-${by}:${keyed(secret, `guest-${by}`, value)}`

export const ipHash = (secret: string, ip: string): string => keyed(secret, 'ip', ip.replace(/^::ffff:/, ''))

/** Normalised text's hash, for duplicate detection. */
export const bodyHash = (body: string): string => createHash('sha256').update(body.trim().replace(/\s+/g, ' ')).digest('base64url')

export const avatarKeyFor = (identityKey: string): string => createHash('sha256').update(`avatar\n${identityKey}`).digest('hex').slice(0, 20)
