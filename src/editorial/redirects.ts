/**
 * Old addresses, in one normal form: the path (percent-decoded, without a trailing slash, the
 * site's own origin dropped) and, for WordPress's query links (`/?p=123`), the one query
 * parameter that names the thing. Two spellings of one address give one key.
 */

/** Query parameters WordPress links by: a post, a page, a category, a tag, an attachment. */
export const LINKING_PARAMETERS = ['p', 'page_id', 'cat', 'tag', 'attachment_id'] as const

/**
 * The key of an address: a path on the site ("/2019/11/27/story") or a full URL (whose origin is
 * dropped). null when it is neither.
 */
export function redirectKey(address: string, query?: URLSearchParams): string | null {
  const raw = address.trim()
  let path: string
  let search: URLSearchParams
  try {
    const url = new URL(raw, 'http://site.invalid')
    if (!/^https?:$/.test(url.protocol)) return null
    if (!raw.startsWith('/') && !/^https?:\/\//i.test(raw)) return null
    path = url.pathname
    search = query ?? url.searchParams
  } catch {
    return null
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    decoded = path
  }
  decoded = decoded.replace(/\/{2,}/g, '/').replace(/\/+$/, '') || '/'
  for (const name of LINKING_PARAMETERS) {
    const value = search.get(name)?.trim()
    if (value && decoded === '/') return `/?${name}=${value}`
  }
  return decoded
}

/** What is wrong with a redirect's target, or null: a path on this site or an http(s) address. */
export function redirectTargetProblem(target: string): string | null {
  const value = target.trim()
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return null
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || url.protocol === 'http:') return null
  } catch {
    // below
  }
  return 'The new address must be a path on this site (/articles/…) or a full http(s):// address.'
}
