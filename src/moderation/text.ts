/**
 * Reader-submitted text: what is refused outright (control characters, direction overrides in
 * names, invalid addresses), how long it may be, and what counts as a link. Everything else is
 * stored as the reader typed it and shown as inert, escaped text.
 */

/** C0 and C1 control characters other than tab and newlines (matching them is the point). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
/** Bidirectional overrides and isolates, which can make a name or address read as something else. */
const DIRECTION_OVERRIDES = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/
/** Invisible characters used to disguise identical-looking names. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/

/**
 * A name from elsewhere (a sign-in provider) made plain: control, invisible and text-direction
 * characters removed, whitespace collapsed. Provider names are not refused: the reader did not
 * type them here.
 */
export const plainLine = (text: string): string =>
  text
    .replace(new RegExp(`${CONTROL.source}|${DIRECTION_OVERRIDES.source}|${INVISIBLE.source}`, 'g'), '')
    .replace(/\s+/g, ' ')
    .trim()

export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')

/** Line endings unified, trailing spaces trimmed; the text itself kept as typed. */
export const normaliseBody = (text: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim()

export function bodyProblem(text: string, maxBytes: number): string | null {
  if (!text.trim()) return 'Please type a comment.'
  if (CONTROL.test(text)) return 'The comment contains control characters that cannot be published; please remove them.'
  const bytes = byteLength(text)
  if (bytes > maxBytes)
    return `The comment is too long: ${bytes.toLocaleString('en-GB')} bytes, the limit is ${maxBytes.toLocaleString('en-GB')} bytes (accented letters and emoji take more than one). Please shorten it; your text is kept below.`
  return null
}

/** Names and addresses: one line of visible text, no direction tricks. */
function lineProblem(label: string, text: string, max: number): string | null {
  if (CONTROL.test(text) || /\n/.test(text)) return `The ${label} cannot contain line breaks or control characters.`
  if (DIRECTION_OVERRIDES.test(text) || INVISIBLE.test(text)) return `The ${label} contains invisible or text-direction characters; please type it plainly.`
  if (text.length > max) return `The ${label} can be at most ${max} characters (it has ${text.length}).`
  return null
}

export const GUEST_LIMITS = { name: 245, email: 100, url: 200 } as const

export function nameProblem(name: string, required: boolean): string | null {
  if (!name.trim()) return required ? 'Please give a name to show with your comment.' : null
  return lineProblem('name', name, GUEST_LIMITS.name)
}

/** A deliberately plain check: one @, a dotted domain, no spaces. The address is never shown. */
export function emailProblem(email: string, required: boolean): string | null {
  if (!email.trim()) return required ? 'Please give your email address. It is never published.' : null
  const line = lineProblem('email address', email, GUEST_LIMITS.email)
  if (line) return line
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return `"${email}" does not look like an email address.`
  return null
}

export function urlProblem(url: string): string | null {
  if (!url.trim()) return null
  const line = lineProblem('website address', url, GUEST_LIMITS.url)
  if (line) return line
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'The website must be a full address starting with https:// or http://.'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The website must start with https:// or http://.'
  if (parsed.username || parsed.password) return 'The website address must not contain a user name or password.'
  return null
}

/** Links as readers write them in plain text: full http(s) addresses and bare www. ones. */
export const LINK_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi

export const countLinks = (text: string): number => text.match(LINK_PATTERN)?.length ?? 0

/** Lower-cased, compatibility-folded text for word matching ("ＦＲＥＥ" matches "free"). */
export const foldForMatching = (text: string): string => text.normalize('NFKC').toLowerCase()

/** The first of `words` that occurs in any of `texts`, matched as WordPress does: case-insensitive substrings. */
export function firstMatchingWord(words: ReadonlyArray<string>, texts: ReadonlyArray<string>): string | null {
  const haystacks = texts.map(foldForMatching)
  for (const word of words) {
    const needle = foldForMatching(word.trim())
    if (needle && haystacks.some((haystack) => haystack.includes(needle))) return word.trim()
  }
  return null
}
