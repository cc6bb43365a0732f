/**
 * The Express application: newsroom routes first, Payload's Next handler (admin, REST,
 * GraphQL) last. No body parser sits in front of Next: it reads request bodies itself.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express'
import type { Payload } from 'payload'

import { instanceId } from '../instance'

export type AppParts = {
  readonly payload: Payload
  /** Next's request handler; absent when an Express host mounts only the newsroom routes. */
  readonly nextHandler?: RequestHandler
}

/** Headers every response carries; pages add their own Content-Security-Policy. */
const baselineHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
  res.setHeader('X-Frame-Options', 'SAMEORIGIN')
  next()
}

/** Never a stack trace to a client: the detail goes to the log, the client gets a plain message. */
const lastResort =
  (payload: Payload): ErrorRequestHandler =>
  (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error)
    const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500
    if (status >= 500) payload.logger.error({ err: error, msg: `${req.method} ${req.originalUrl} failed` })
    const message =
      status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : status === 400 ? 'The request could not be understood.' : 'The request was refused.'
    res.status(status >= 400 && status < 600 ? status : 500)
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: message })
    else res.type('text/plain').send(message)
  }

export function createApp({ payload, nextHandler }: AppParts): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(baselineHeaders)

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', instance: instanceId(payload) })
  })
  // The public site's front page lands with the site; until then the newsroom opens on the admin.
  app.get('/', (_req, res) => res.redirect(302, '/admin'))

  if (nextHandler) app.all('/{*splat}', nextHandler)
  app.use(lastResort(payload))
  return app
}
