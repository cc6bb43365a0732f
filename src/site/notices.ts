/**
 * The one-line notices a page shows after something happened elsewhere (`?notice=…`): a fixed
 * vocabulary, so a link can choose which sentence appears but never write one.
 */
import type { ProviderConfig } from '../auth/providers'
import type { SignInProblem } from '../auth/signIn'
import { MOVED_TO_SITE_ADDRESS } from '../http/otherAddresses'

const FIXED: Readonly<Record<string, string>> = {
  reported: 'Thank you: the moderators will review the comment you reported.',
  'signed-out': 'You are signed out.',
  unlinked: 'That sign-in has been removed from your account, and any session started with it has ended.',
  'account-deleted': 'Your account has been deleted. Your comments stay on the site as “Former reader”.',
}

const SIGN_IN: Readonly<Record<SignInProblem, (label: string) => string>> = {
  denied: (label) => `You cancelled signing in with ${label}. You can comment as a guest, or click an icon to try again.`,
  failed: (label) => `Signing in with ${label} did not work: its answer did not pass our security checks. Please click the icon to try again.`,
  unreachable: (label) => `We could not reach ${label} to sign you in. Please try again in a moment, or comment as a guest.`,
  expired: (label) => `Signing in with ${label} took longer than ten minutes, so it was stopped. Please click the icon again.`,
}

/** `signin-<problem>.<provider>`: the notice key for a sign-in that did not complete. */
export const signInNotice = (problem: SignInProblem, provider: string): string => `signin-${problem}.${provider}`

/** The text for a notice key, or null when the key is not one of ours. */
export function noticeTexts(providers: ReadonlyArray<Pick<ProviderConfig, 'id' | 'label'>>, origin: string): (key: string) => string | null {
  return (key) => {
    if (key === MOVED_TO_SITE_ADDRESS)
      return `You opened this development site at another address of this computer. Signing in works only at the address it was started with (SERVER_URL), ${origin}, so you are now there.`
    if (Object.hasOwn(FIXED, key)) return FIXED[key] ?? null
    const match = /^signin-([a-z]+)\.([a-z]+)$/.exec(key)
    if (!match) return null
    const wording = Object.hasOwn(SIGN_IN, match[1]!) ? SIGN_IN[match[1] as SignInProblem] : undefined
    const provider = providers.find((candidate) => candidate.id === match[2])
    return wording && provider ? wording(provider.label) : null
  }
}

/** The origins the login icons' forms are redirected to (for the page's form-action policy). */
export function providerOrigins(providers: ReadonlyArray<ProviderConfig>, siteOrigin: string): string[] {
  const origins = new Set<string>()
  for (const provider of providers) {
    const address = provider.endpoints?.authorization ?? provider.issuer
    if (!address) continue
    const origin = new URL(address).origin
    if (origin !== siteOrigin) origins.add(origin)
  }
  return [...origins]
}
