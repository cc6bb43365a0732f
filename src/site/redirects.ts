/**
 * Old addresses kept working: a GET for an address in the redirects table answers 301 with its
 * new home. Asked only where nothing else answers (and for WordPress's `/?p=123` links on the
 * front page), so no page that exists pays for the lookup.
 */
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { LINKING_PARAMETERS, redirectKey } from '../editorial/redirects'
import { COLLECTION_SLUGS } from '../types'

export function redirects(payload: Payload): { frontPage: RequestHandler; fallback: RequestHandler } {
  const answer: RequestHandler = async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '')
    const key = redirectKey(req.path, query)
    if (!key || key.length > 2000) return next()
    const found = (await payload.db.findOne({ collection: COLLECTION_SLUGS.redirects, where: { from: { equals: key } }, select: { to: true } })) as { to?: string } | null
    if (!found?.to) return next()
    res.setHeader('Cache-Control', 'public, max-age=3600')
    res.redirect(301, found.to)
  }
  return {
    frontPage: (req, res, next) => (LINKING_PARAMETERS.some((name) => typeof req.query[name] === 'string') ? answer(req, res, next) : next()),
    fallback: answer,
  }
}
