/**
 * The public site as an Express router built from a Payload instance: front page, articles,
 * threat actors, feeds, sitemaps, media files and signed staff previews. Pages render on the
 * server, work without JavaScript, and are shared from a cache that a content change empties.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express'
import type { Payload } from 'payload'

import { SLUG_PATTERN } from '../editorial/slug'
import { checkLink } from '../security/signedLinks'
import { contentVersion } from './contentVersion'
import { SiteData } from './data'
import { PageCache, rendered, type Rendered } from './pageCache'
import { PREVIEW_PURPOSE, previewPath } from './preview'
import { articlePage } from './views/article'
import { newsSitemap, robotsTxt, rssFeed, sitemap } from './views/feeds'
import type { SiteInfo } from './views/layout'
import { actorPage, errorPage, homePage } from './views/lists'

export type SiteOptions = {
  readonly payload: Payload
  readonly site: Omit<SiteInfo, 'stylesheet'>
  readonly staffCollection: string
  readonly mediaDir: string
  /** Stories per page on the front page and actor pages. Default 20. */
  readonly pageSize?: number
}

const HTML = 'text/html; charset=utf-8'
const REVALIDATE = 'public, max-age=0, must-revalidate'

/** No inline script or style anywhere, no third party, no framing. */
export const SITE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

function siteHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', SITE_CSP)
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
  next()
}

/** Writes a rendered response, answering 304 when the client's copy is current. HEAD gets headers only. */
function send(req: Request, res: Response, response: Rendered): void {
  res.status(response.status)
  res.setHeader('Content-Type', response.contentType)
  res.setHeader('Cache-Control', response.cacheControl)
  res.setHeader('ETag', response.etag)
  res.setHeader('Last-Modified', response.lastModified)
  if (response.status === 200 && req.fresh) {
    res.status(304).end()
    return
  }
  res.setHeader('Content-Length', response.body.length)
  res.end(req.method === 'HEAD' ? undefined : response.body)
}

/** ?page=N: absent means 1; anything but a whole number ≥ 1 is bad input. */
function pageNumber(req: Request): number | 'invalid' {
  const raw = req.query.page
  if (raw === undefined) return 1
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) return 'invalid'
  return Number(raw)
}

export type Site = {
  /** The site's routes. Mount before Payload's Next handler. */
  readonly router: Router
  /** The site's 404 page for any path nobody else answered. Mount after everything. */
  readonly notFound: RequestHandler
  /** Errors as the site's 400 or 500 page: never a stack trace. Mount last. */
  readonly onError: ErrorRequestHandler
}

export function createSite(options: SiteOptions): Site {
  const { payload } = options
  const pageSize = options.pageSize ?? 20
  const data = new SiteData(payload, options.staffCollection)
  const cache = new PageCache()
  const css = readFileSync(new URL('./assets/site.css', import.meta.url))
  const stylesheet = `/assets/site-${createHash('sha1').update(css).digest('hex').slice(0, 12)}.css`
  const site: SiteInfo = { ...options.site, stylesheet }

  // Cached pages must not outlive the moment an embargoed article becomes public.
  let visibility = { version: -1, until: 0 }
  async function visibleUntil(version: number): Promise<number> {
    if (visibility.version !== version || Date.now() >= visibility.until) {
      const next = await data.nextScheduledVisibility()
      visibility = { version, until: next ? next.getTime() : Number.POSITIVE_INFINITY }
    }
    return visibility.until
  }

  const page = (status: number) => (req: Request, res: Response) => send(req, res, rendered(status, HTML, 'no-store', errorPage(status, site).value))
  const notFound = page(404)
  const badRequest = page(400)

  /**
   * Serves `produce` through the shared cache under `key`; null from `produce` means 404.
   * Keys name only what the page depends on, so made-up query strings cannot crowd the cache.
   */
  const cached =
    (key: string, produce: (req: Request) => Promise<Rendered | null>, limits: { ttlMs?: number } = {}) =>
    async (req: Request, res: Response): Promise<void> => {
      const version = contentVersion()
      let response = cache.get(key, version)
      if (!response) {
        const result = await produce(req)
        if (!result) return notFound(req, res)
        response = result
        const until = await visibleUntil(version)
        cache.set(key, version, Math.min(until, limits.ttlMs ? Date.now() + limits.ttlMs : Number.POSITIVE_INFINITY), response)
      }
      send(req, res, response)
    }

  const router = express.Router()
  router.use(siteHeaders)

  router.get(stylesheet, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
    res.type('text/css').send(css)
  })

  router.use(
    '/media',
    express.static(options.mediaDir, {
      index: false,
      dotfiles: 'ignore',
      maxAge: '7d',
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox"),
    }),
  )

  router.get('/', async (req, res, next) => {
    const number = pageNumber(req)
    if (number === 'invalid') return badRequest(req, res)
    return cached(`home:${number}`, async () => {
      const result = await data.latest(number, pageSize)
      if (number > 1 && number > result.totalPages) return null
      return rendered(200, HTML, REVALIDATE, homePage(result, site).value)
    })(req, res).catch(next)
  })

  router.get('/articles/:slug', async (req, res, next) => {
    const slug = req.params.slug
    if (!SLUG_PATTERN.test(slug)) return notFound(req, res)
    return cached(`article:${slug}`, async () => {
      const article = await data.article(slug)
      return article ? rendered(200, HTML, REVALIDATE, articlePage(article, site).value) : null
    })(req, res).catch(next)
  })

  router.get('/actors/:slug', async (req, res, next) => {
    const slug = req.params.slug
    const number = pageNumber(req)
    if (number === 'invalid') return badRequest(req, res)
    if (!SLUG_PATTERN.test(slug)) return notFound(req, res)
    return cached(`actor:${slug}:${number}`, async () => {
      const actor = await data.actor(slug)
      if (!actor) return null
      const result = await data.latest(number, pageSize, { 'incident.threatActors': { in: [actor.id] } })
      if (number > 1 && number > result.totalPages) return null
      return rendered(200, HTML, REVALIDATE, actorPage(actor, result, site, `/actors/${slug}`).value)
    })(req, res).catch(next)
  })

  const xml = 'application/xml; charset=utf-8'
  router.get(
    '/feed.xml',
    cached('feed', async () => rendered(200, 'application/rss+xml; charset=utf-8', 'public, max-age=300', rssFeed((await data.latest(1, pageSize)).items, site))),
  )
  router.get(
    '/sitemap.xml',
    cached('sitemap', async () => rendered(200, xml, 'public, max-age=300', sitemap(await data.allPublished(), site))),
  )
  // The news sitemap's two-day window moves with the clock, so it is also re-rendered every few minutes.
  router.get(
    '/news-sitemap.xml',
    cached('news-sitemap', async () => rendered(200, xml, 'public, max-age=300', newsSitemap(await data.since(new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)), site)), {
      ttlMs: 5 * 60 * 1000,
    }),
  )
  router.get(
    '/robots.txt',
    cached('robots', async () => rendered(200, 'text/plain; charset=utf-8', 'public, max-age=3600', robotsTxt(site))),
  )

  router.get('/preview/articles/:id', async (req, res, next) => {
    try {
      const check = checkLink({ secret: payload.secret, purpose: PREVIEW_PURPOSE, path: previewPath(req.params.id), expires: req.query.expires, signature: req.query.signature })
      res.setHeader('X-Robots-Tag', 'noindex, nofollow')
      if (check !== 'valid') return send(req, res, rendered(check === 'expired' ? 410 : 403, HTML, 'no-store', errorPage(check === 'expired' ? 410 : 403, site).value))
      const article = await data.preview(req.params.id)
      if (!article) return notFound(req, res)
      send(req, res, rendered(200, HTML, 'private, no-store', articlePage(article, site, { preview: true }).value))
    } catch (error) {
      next(error)
    }
  })

  const onError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error)
    const status = (error as { status?: unknown })?.status
    // Express answers undecodable percent-encoding in a path with a 400 error.
    if (status === 400 || error instanceof URIError) return siteHeaders(req, res, () => badRequest(req, res))
    payload.logger.error({ err: error, msg: `${req.method} ${req.originalUrl} failed` })
    siteHeaders(req, res, () => page(500)(req, res))
  }

  return { router, notFound: (req, res) => siteHeaders(req, res, () => notFound(req, res)), onError }
}
