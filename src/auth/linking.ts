/**
 * Which reader a sign-in belongs to. Pure. The same provider and subject is always the same
 * reader; a verified email links a second provider to an existing reader only when that
 * reader's identity also has the address verified. Anything else is a new reader: linking on
 * an unverified address would let anyone who types a victim's email take over their account.
 */
import type { ProviderId } from './providers'

export type StoredIdentity = {
  readonly provider: string
  readonly subject: string
  readonly email: string | null
  readonly emailVerified: boolean
}

export type ReaderIdentities = { readonly readerId: string; readonly identities: ReadonlyArray<StoredIdentity> }

export type SignInIdentity = { readonly provider: ProviderId; readonly subject: string; readonly email: string | null; readonly emailVerified: boolean }

export type LinkDecision = { readonly kind: 'returning'; readonly readerId: string } | { readonly kind: 'link'; readonly readerId: string } | { readonly kind: 'new' }

/** The key that makes provider + subject unique across readers (subjects alone collide between providers). */
export const identityKey = (provider: string, subject: string): string => `${provider}:${subject}`

export const normaliseEmail = (email: string | null | undefined): string | null => (email ? email.trim().toLowerCase() : null) || null

/**
 * `byIdentity`: the reader already holding this provider + subject, if any. `byEmail`: readers
 * holding any identity with this email address, oldest first.
 */
export function chooseReader(signIn: SignInIdentity, byIdentity: ReaderIdentities | null, byEmail: ReadonlyArray<ReaderIdentities>): LinkDecision {
  if (byIdentity) return { kind: 'returning', readerId: byIdentity.readerId }
  const email = normaliseEmail(signIn.email)
  if (!email || !signIn.emailVerified) return { kind: 'new' }
  const match = byEmail.find((reader) => reader.identities.some((identity) => identity.emailVerified && normaliseEmail(identity.email) === email))
  return match ? { kind: 'link', readerId: match.readerId } : { kind: 'new' }
}
