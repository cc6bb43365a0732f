/**
 * The Express application: Payload's Next handler (admin, REST, GraphQL) for its own paths,
 * the public site for the rest, and the site's 404 for anything nobody answered. No body parser sits in
 * front of Next: it reads request bodies itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

import express, { type Express, type RequestHandler } from 'express'
import type { Payload } from 'payload'

import { instanceId } from '../instance'
import { MAX_UPLOAD_BYTES } from '../media/imageType'
import type { Site } from '../site/router'
import { importRoutes } from './importRoutes'
import { COLLECTION_SLUGS } from '../types'
import { guardApiRequest, type ApiLimits } from './apiGuard'
import { isNextPath, toSiteAddress } from './otherAddresses'

/** Bodies to Payload's API: a few MB of JSON or form fields; an upload's own limit plus room for its fields. */
export const API_LIMITS: ApiLimits = {
  bodyBytes: 2 * 1024 * 1024,
  uploadBytes: MAX_UPLOAD_BYTES + 1024 * 1024,
  uploadPaths: [`/api/${COLLECTION_SLUGS.media}`],
}

export type NextRequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown

export type AppParts = {
  readonly payload: Payload
  readonly site: Site
  /** Next's request handler; absent when only the newsroom's own routes are needed (tests, benchmarks). */
  readonly nextHandler?: NextRequestHandler
  /** Send Strict-Transport-Security (the site is served over https). */
  readonly hsts?: boolean
  /** Express's `trust proxy`: which proxies may tell us the client's address (X-Forwarded-For). */
  readonly trustProxy?: boolean | number | string
  /** Development tools (the sign-in stand-in, the mailbox), each mounted at its path (development only). */
  readonly developmentTools?: ReadonlyArray<{ readonly path: string; readonly handler: RequestHandler }>
  /** Development: sign-in and the admin opened at another loopback name go to this origin (otherAddresses.ts). */
  readonly siteAddress?: string
  /** Set `draining` when the server is stopping: /healthz answers 503 and responses close their connections. */
  readonly lifecycle?: { readonly draining: boolean }
}

export function createApp({ payload, site, nextHandler, hsts, trustProxy, developmentTools = [], lifecycle, siteAddress }: AppParts): Express {
  const app = express()
  app.disable('x-powered-by')
  // Comment flood limits and hashed addresses need the real client address behind a proxy.
  if (trustProxy !== undefined && trustProxy !== false) app.set('trust proxy', trustProxy)
  app.set('etag', false) // the site sets its own ETags; Express's would hash every response again

  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    // Stopping: answer, then close the connection, so the client's next request goes elsewhere.
    if (lifecycle?.draining) res.setHeader('Connection', 'close')
    // A path whose percent-encoding does not decode is malformed: 400, whoever would have served it.
    try {
      decodeURIComponent(req.path)
    } catch (error) {
      return next(error)
    }
    // No text the newsroom keeps or looks for holds a NUL character (PostgreSQL's text cannot
    // store one): an address with one is malformed too, for the site and the API alike.
    if (/%00/i.test(req.url)) return next(new URIError('The address contains a NUL character (%00).'))
    next()
  })

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store')
    if (lifecycle?.draining) return void res.status(503).json({ status: 'draining', instance: instanceId(payload) })
    res.json({ status: 'ok', instance: instanceId(payload) })
  })

  if (siteAddress) app.use(toSiteAddress(siteAddress))

  // Imports from the admin stream their upload to disk, so they are answered before Payload's API.
  app.use(importRoutes(payload))

  // Payload's paths go straight to Next: the site's headers (its strict CSP) are not for the admin.
  // Its API gets only bodies it can read (apiGuard.ts).
  if (nextHandler) {
    app.use(async (req, res, next) => {
      if (!isNextPath(req.path)) return next()
      res.setHeader('X-Frame-Options', 'SAMEORIGIN')
      try {
        const forwarded = req.path === '/api' || req.path.startsWith('/api/') ? await guardApiRequest(req, res, API_LIMITS) : req
        if (forwarded) await nextHandler(forwarded, res)
      } catch (error) {
        next(error)
      }
    })
  }
  for (const tool of developmentTools) app.use(tool.path, tool.handler)
  app.use(site.router)
  app.use(site.notFound)
  app.use(site.onError)
  return app
}
