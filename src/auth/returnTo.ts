/**
 * Where to send a reader back after signing in or out: only a path on this site. Anything that
 * a browser could read as another site (`//evil.example`, `/\evil.example`, `https://…`, their
 * percent-encoded forms, control characters) is refused, and the caller falls back to a page
 * of its own.
 */
const BASE = 'http://return-to.invalid'
const MAX_LENGTH = 2000

export function safeReturnTo(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return null
  // Each round of decoding must still be a plain path: encoded slashes and backslashes are refused too.
  let candidate = raw
  for (let round = 0; round < 4; round++) {
    if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return null
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f\s]/.test(candidate)) return null
    let decoded: string
    try {
      decoded = decodeURIComponent(candidate)
    } catch {
      return null
    }
    if (decoded === candidate) break
    candidate = decoded
  }
  let url: URL
  try {
    url = new URL(raw, BASE)
  } catch {
    return null
  }
  if (url.origin !== BASE) return null
  return `${url.pathname}${url.search}${url.hash}`
}

/** The article (or other page) a sign-in returns to, with a notice for the reader. */
export function withNotice(returnTo: string, notice: string): string {
  const url = new URL(returnTo, BASE)
  url.searchParams.set('notice', notice)
  return `${url.pathname}${url.search}${url.hash}`
}
