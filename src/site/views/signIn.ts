/**
 * Sign-in on the page: the login icons beside the guest fields, the signed-in reader's line
 * ("You are commenting using your Google account. ( Log Out / Change )"), the provider mark
 * beside a reader's comment, and the reader's "Your account" page.
 *
 * The comment form is a form of its own, and forms cannot nest: every button here that acts
 * elsewhere names its form with the `form` attribute, and those forms sit outside the comment form.
 */
import type { IdentityRecord, ReaderAccount } from '../../auth/readerAccounts'
import { accountNoun, PRESET_LABELS, type ProviderId } from '../../auth/providers'
import { DOCUMENT_ID_PATTERN } from '../../types'
import { html, type SafeHtml } from '../html'
import { slot, TOKENS } from '../pageCache'
import { isoDate } from './format'

const formTokens = slot(TOKENS)

/** Where a reader's stored picture is served: the hash in the name makes it cacheable for ever. */
export const readerAvatarPath = (readerId: string, hash: string): string => `/avatars/readers/${readerId}-${hash}.webp`
export const READER_AVATAR_FILE = new RegExp(`^(${DOCUMENT_ID_PATTERN.source.slice(1, -1)})-([0-9a-f]{16})\\.webp$`)

/** Provider names as this site configures them (the generic provider's AUTH_OIDC_LABEL), by id. */
export type ProviderLabels = Readonly<Record<string, string>>

/** A provider's name as readers see it here. */
export const providerLabel = (id: ProviderId, labels?: ProviderLabels): string => labels?.[id] ?? PRESET_LABELS[id]

export type SignInChoice = { readonly id: ProviderId; readonly label: string }

/** Simple marks, one per provider: a letter on the provider's colour (not their logos). */
const MARKS: Record<ProviderId, { readonly letter: string; readonly colour: string }> = {
  wordpress: { letter: 'W', colour: '#21759b' },
  google: { letter: 'G', colour: '#3f6fd8' },
  twitter: { letter: 'X', colour: '#14171a' },
  facebook: { letter: 'f', colour: '#1864d8' },
  // The generic provider's mark is the first letter of its label (AUTH_OIDC_LABEL).
  oidc: { letter: 'O', colour: '#5b4a8a' },
}

export function providerIcon(id: ProviderId, size = 32, label?: string): SafeHtml {
  const mark = id === 'oidc' && label && /^\p{L}/u.test(label) ? { ...MARKS.oidc, letter: [...label][0]!.toUpperCase() } : MARKS[id]
  const fontSize = size * 0.58
  return html`<svg class="provider-icon" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true" focusable="false"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 2}" fill="${mark.colour}"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="Arial, sans-serif" font-weight="700" font-size="${fontSize}" fill="#fff">${mark.letter}</text></svg>`
}

/** The forms the login icons submit (GET /auth/:provider?returnTo=…). Goes outside the comment form. */
export function signInForms(choices: ReadonlyArray<SignInChoice>, returnTo: string): SafeHtml {
  return html`${choices.map(
    (choice) =>
      html`<form id="sign-in-${choice.id}" class="sign-in-form" method="get" action="/auth/${choice.id}"><input type="hidden" name="returnTo" value="${returnTo}"></form>`,
  )}`
}

/** The login icons as buttons, each labelled with its provider. */
export function signInButtons(choices: ReadonlyArray<SignInChoice>, development: boolean): SafeHtml {
  if (!choices.length) return html``
  return html`<div class="sign-in-choices" role="group" aria-label="Log in to comment">${choices.map(
    (choice) =>
      html`<button type="submit" form="sign-in-${choice.id}" class="sign-in-button sign-in-${choice.id}" aria-label="Log in with ${choice.label}" title="Log in with ${choice.label}">${providerIcon(choice.id, 32, choice.label)}</button>`,
  )}${development ? html`<p class="sign-in-development">Development sign-in: these icons use the newsroom's built-in test provider, not the real services.</p>` : ''}</div>`
}

/** The sign-out form that Log Out and Change submit. Goes outside the comment form. */
export function signOutForm(returnTo: string): SafeHtml {
  return html`<form id="sign-out" class="sign-out" method="post" action="/auth/logout"><input type="hidden" name="returnTo" value="${returnTo}">${formTokens}</form>`
}

/** "You are commenting using your Google account. ( Log Out / Change )", with the reader's avatar and name. */
export function signedInAs(reader: { readonly name: string; readonly avatar: string | null; readonly provider: string | null }): SafeHtml {
  const avatar = reader.avatar ? html`<img class="avatar" src="${reader.avatar}" width="40" height="40" alt="">` : ''
  return html`<div class="comment-identity">${avatar}<p class="logged-in-as"><strong class="reader-name">${reader.name}</strong><br>${reader.provider ? `You are commenting using your ${reader.provider}.` : 'You are commenting as a signed-in reader.'} ( <button type="submit" form="sign-out" class="link-button">Log Out</button> / <button type="submit" form="sign-out" name="then" value="change" class="link-button" aria-label="Change: log out and choose another way to comment">Change</button> ) <a class="account-link" href="/account">Your account</a></p></div>`
}

/** The small mark beside a signed-in reader's name on their comment. */
export function providerMark(id: ProviderId | null, labels?: ProviderLabels): SafeHtml {
  if (!id) return html``
  const name = providerLabel(id, labels)
  const label = `Signed in with ${name}`
  return html` <span class="provider-mark" title="${label}"><span class="visually-hidden">${label}</span>${providerIcon(id, 16, name)}</span>`
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export type AccountPageInput = {
  readonly account: ReaderAccount
  readonly labels: ProviderLabels
  readonly notice?: string
  readonly error?: string
  /** The signed page listing the mail this reader's address gets (when the newsroom sends mail). */
  readonly subscriptionsUrl?: string | null
}

function identityRow(identity: IdentityRecord, input: AccountPageInput, only: boolean): SafeHtml {
  const label = providerLabel(identity.provider, input.labels)
  const email = identity.email ? html` — ${identity.email}${identity.emailVerified ? ' (verified)' : ' (not verified)'}` : ''
  const linked = Date.parse(identity.linkedAt)
  const unlink = only
    ? html`<p class="hint">Your only way to sign in: to remove it, delete your account below.</p>`
    : html`<form method="post" action="/account/identities/${identity.id}/unlink">${formTokens}<button type="submit" class="link-button" aria-label="Unlink your ${accountNoun({ label })}">Unlink</button></form>`
  return html`<li class="identity">${providerIcon(identity.provider, 24, label)} <strong>${label}</strong>${email}<br><small>Linked <time datetime="${isoDate(identity.linkedAt)}">${Number.isFinite(linked) ? dateFormat.format(linked) : ''}</time></small>${unlink}</li>`
}

/** The account page's notice and error lines, signed in or not. */
const messages = (state: { readonly notice?: string; readonly error?: string }): SafeHtml =>
  html`${state.notice ? html`<p class="form-notice" role="status">${state.notice}</p>` : ''}${state.error ? html`<p class="form-error" role="alert">${state.error}</p>` : ''}`

export function accountPage(input: AccountPageInput): SafeHtml {
  const { account } = input
  return html`<h1 class="page-title">Your account</h1>
${messages(input)}
<p>You comment as <strong>${account.displayName}</strong>.${account.email ? html` Your email address (${account.email}) is never shown on the site.` : ''}</p>
<h2>How you sign in</h2>
<ul class="identities">${account.identities.map((identity) => identityRow(identity, input, account.identities.length === 1))}</ul>
<h2>Your data</h2>
<p><a href="/account/data" download>Download everything we hold about you</a> (your profile, sign-ins, comments and their status, subscriptions), as JSON.</p>
${input.subscriptionsUrl ? html`<h2>Email subscriptions</h2><p><a href="${input.subscriptionsUrl}">See or stop the emails we send to ${account.email}</a></p>` : ''}
<h2>Sign out</h2>
<form method="post" action="/auth/logout"><input type="hidden" name="returnTo" value="/">${formTokens}<button type="submit">Log Out</button></form>
<h2>Delete your account</h2>
<p>Your sign-ins and sessions are deleted. Your comments stay on the site, without your name, link or picture: they will read “Former reader”.</p>
<form method="post" action="/account/delete" class="delete-account">${formTokens}
<p><input type="checkbox" id="confirm-delete" name="confirm" value="yes" required> <label for="confirm-delete">I understand that this cannot be undone</label></p>
<p><button type="submit" class="danger">Delete my account</button></p>
</form>`
}

/** The account page for someone not signed in: the icons, returning here. */
export function signedOutAccountPage(choices: ReadonlyArray<SignInChoice>, development: boolean, state: { readonly notice?: string; readonly error?: string } = {}): SafeHtml {
  return html`<h1 class="page-title">Your account</h1>
${messages(state)}
<p>${choices.length ? 'You are not signed in. Click an icon to sign in and see your account:' : 'You are not signed in, and this site offers no sign-in.'}</p>
${signInForms(choices, '/account')}${signInButtons(choices, development)}`
}
