/**
 * A development newsroom started at SERVER_URL (http://localhost:3000 by default) is also
 * reachable at this computer's other loopback names: 127.0.0.1, [::1], *.localhost. The public
 * pages are the same there, but two things work only at the address the newsroom was started
 * with: signing in (the providers send the reader back to SERVER_URL, where the sign-in's cookie
 * must be) and the admin (Payload calls its API at SERVER_URL). So, in development only, those
 * two are redirected to SERVER_URL, and a reader who signs in there is told why the address
 * changed. Nothing here runs in production, where a proxy's Host header is not the visitor's.
 */
import type { RequestHandler } from 'express'

import { safeReturnTo, withNotice } from '../auth/returnTo'

/** The notice a reader sees after being moved to SERVER_URL to sign in. */
export const MOVED_TO_SITE_ADDRESS = 'moved-to-site-address'

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: names that always mean this computer. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (name === '[::1]' || name === '::1') return true
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name)
  return octets !== null && octets[1] === '127' && octets.slice(2).every((octet) => Number(octet) <= 255)
}

/**
 * Whether a request's Host header names this computer by another loopback name than the site's
 * origin does (same computer, other address). An absent or malformed header is not one.
 */
export function isOtherLoopbackAddress(hostHeader: string | undefined, origin: string): boolean {
  if (!hostHeader) return false
  let requested: URL
  try {
    requested = new URL(`http://${hostHeader}`)
  } catch {
    return false
  }
  const site = new URL(origin)
  if (requested.host === site.host) return false
  // The same port (or none given), so that it is this very server on another name.
  const port = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80')
  return isLoopbackName(requested.hostname) && (requested.port === '' || requested.port === port(site))
}

/** The sign-in start (`/auth/google`), not its callback or the sign-out. */
const SIGN_IN_START = /^\/auth\/(?!logout$)[a-z][a-z0-9-]*$/

/** Paths that belong to Payload's admin and APIs, served by Next: they need the site's own address. */
export const isNextPath = (path: string): boolean =>
  path === '/admin' || path.startsWith('/admin/') || path === '/api' || path.startsWith('/api/') || path.startsWith('/_next/') || path.startsWith('/__nextjs')

/** Development only: sign-in and the admin, opened at another loopback name, go to `origin`. */
export function toSiteAddress(origin: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isOtherLoopbackAddress(req.headers.host, origin)) return next()
    res.setHeader('Cache-Control', 'no-store')
    if (SIGN_IN_START.test(req.path)) {
      const raw = req.query.returnTo
      // A return path the sign-in would refuse is passed on unchanged, for it to refuse at the site's address.
      const returnTo = raw === undefined ? '/' : safeReturnTo(raw)
      const query =
        typeof raw === 'string' && !returnTo ? new URLSearchParams({ returnTo: raw }) : new URLSearchParams({ returnTo: withNotice(returnTo ?? '/', MOVED_TO_SITE_ADDRESS) })
      return res.redirect(303, `${origin}${req.path}?${query}`)
    }
    if (isNextPath(req.path)) return res.redirect(302, `${origin}${req.originalUrl}`)
    next()
  }
}
