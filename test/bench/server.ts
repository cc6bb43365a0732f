/**
 * The benchmark's server process: the newsroom's Express app (public site and /healthz) on a
 * fresh temporary database holding the demo content, plus one copy of the demo article for
 * each thread size asked for (BENCH_SIZES, default 200,1000,10000 approved comments), a
 * signed-in reader and a guest with a comment awaiting moderation on each. Reports its port,
 * the articles and the two visitors' cookies; on request, empties the caches as a published
 * change would (a miss), or reports its memory.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { getPayload, type Payload } from 'payload'

import { READER_COOKIE, startReaderSession } from '../../src/auth/readerSessions'
import { PENDING_COOKIE, pendingCookie } from '../../src/comments/pendingCookie'
import { CommentService } from '../../src/comments/service'
import { bumpContentVersion } from '../../src/database/contentVersion'
import { createApp } from '../../src/http/app'
import { CSRF_COOKIE, newCsrfSecret } from '../../src/security/csrf'
import { newsroomConfig, STAFF_COLLECTION } from '../../src/newsroomConfig'
import { seedDemoContent } from '../../src/seed/seed'
import { createSite } from '../../src/site/router'
import { settingsFor } from '../helpers/settings'

export const SEED_SLUG = 'chinese-groups-hacked-us-manufacturing-groups-server-during-trade-talks-reuters'

export type BenchArticle = { readonly size: number; readonly slug: string }
export type Ready = { type: 'ready'; port: number; dir: string; articles: BenchArticle[]; readerCookie: string; guestCookie: string }

const SIZES = (process.env.BENCH_SIZES ?? '200,1000,10000').split(',').map(Number)

/** A copy of the demo article (same body, sources, facts and picture) under its own headline. */
async function copyOfSeedArticle(payload: Payload, size: number): Promise<{ id: string; slug: string; publishedAt: string }> {
  const seed = (await payload.find({ collection: 'articles', where: { slug: { equals: SEED_SLUG } }, limit: 1, depth: 0, overrideAccess: true })).docs[0] as Record<string, unknown>
  const { id: _id, slug: _slug, createdAt: _c, updatedAt: _u, commentCount: _n, threadCount: _t, firstPublishedAt: _f, attributionLine: _a, ...fields } = seed
  // Array rows get new ids; everything else is as in the demo article.
  const withoutRowIds = (value: unknown): unknown =>
    Array.isArray(value) ? value.map((row) => (row && typeof row === 'object' && 'id' in row ? (({ id: _row, ...rest }) => rest)(row as Record<string, unknown>) : row)) : value
  const data = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, key === 'body' ? value : withoutRowIds(value)]))
  const copy = (await payload.create({
    collection: 'articles',
    data: { ...data, title: `${String(seed.title)} (${size} comments)`, _status: 'published' } as never,
    overrideAccess: true,
  })) as unknown as Record<string, unknown>
  return { id: String(copy.id), slug: String(copy.slug), publishedAt: String(copy.publishedAt) }
}

/** `count` approved replies, posted through the moderation policy like any reader's; every fifth answers the one before it. */
async function addApprovedComments(service: CommentService, article: { id: string; publishedAt: string }, count: number): Promise<void> {
  const policy = { ...(await service.policy()), mode: 'post-moderate' as const, floodSeconds: 0, maxLinks: 0, duplicateWindowHours: 0 }
  const ref = { id: article.id, commentsOpen: true, publishedAt: article.publishedAt }
  let parentId: string | null = null
  for (let n = 0; n < count; n += 1) {
    const result = await service.submit(
      {
        article: ref,
        parentId: n % 5 === 4 ? parentId : null,
        body: `Reader comment ${n}: the intrusion shows why trade groups need the same monitoring as their members. Details at https://example.org/${n}`,
        author: { kind: 'guest', name: `Reader ${n}`, email: `reader${n}@example.org`, url: '' },
        honeypot: '',
        secondsOnPage: 30,
        ip: `198.51.${(n >> 8) % 250}.${n % 250}`,
        userAgent: 'benchmark',
      },
      policy,
    )
    if (result.comment?.status !== 'approved') throw new Error(`benchmark comment ${n} was not approved: ${JSON.stringify(result.verdict)}`)
    parentId = result.comment.id
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-bench-'))
  const settings = settingsFor(dir, { port: 0, secret: 'benchmark-secret-benchmark-secret-0123' })
  const payload = await getPayload({ config: await newsroomConfig(settings, { logger: { options: { level: 'warn' } } as never }) })
  await seedDemoContent(payload, { password: 'benchmark password' })
  const service = new CommentService(payload, STAFF_COLLECTION)
  const reader = await payload.create({ collection: 'readers', data: { displayName: 'Bench Reader' }, overrideAccess: true })
  const session = await startReaderSession(payload, String(reader.id), { provider: 'google' })
  const articles: BenchArticle[] = []
  const refs = new Map<string, { id: string; commentsOpen: boolean; publishedAt: string }>()
  const pendingIds: string[] = []
  for (const size of SIZES) {
    const started = Date.now()
    const article = await copyOfSeedArticle(payload, size)
    await addApprovedComments(service, article, size)
    const ref = { id: article.id, commentsOpen: true, publishedAt: article.publishedAt }
    const base = { article: ref, parentId: null, honeypot: '', secondsOnPage: 30, userAgent: 'benchmark' }
    // The signed-in reader's own published comment (they may still edit it), and a guest's held one.
    const policy = await service.policy()
    await service.submit(
      { ...base, body: 'A signed-in reader’s comment.', author: { kind: 'reader', reader: reader as never, provider: 'google' }, ip: '203.0.113.1' },
      { ...policy, mode: 'post-moderate', floodSeconds: 0 },
    )
    const held = await service.submit(
      { ...base, body: 'A guest’s comment awaiting moderation.', author: { kind: 'guest', name: 'Held Guest', email: 'held@example.org', url: '' }, ip: '203.0.113.2' },
      { ...policy, mode: 'pre-moderate', floodSeconds: 0 },
    )
    if (held.comment?.status !== 'pending') throw new Error(`the guest's comment was not held: ${JSON.stringify(held.verdict)}`)
    pendingIds.push(held.comment.id)
    articles.push({ size, slug: article.slug })
    refs.set(article.slug, ref)
    process.stderr.write(`  ${size} comments on ${article.slug.slice(0, 40)}… in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  }
  const approveAll = { ...(await service.policy()), mode: 'post-moderate' as const, floodSeconds: 0, maxLinks: 0, duplicateWindowHours: 0 }
  const site = createSite({ payload, site: settings.site, staffCollection: STAFF_COLLECTION, mediaDir: settings.mediaDir })
  const guestCookie = pendingCookie(payload.secret, pendingIds, false).split(';')[0]!
  if (!guestCookie.startsWith(`${PENDING_COOKIE}=`)) throw new Error('no pending cookie')
  const server = createApp({ payload, site }).listen(0, '127.0.0.1', () => {
    const address = server.address()
    const ready: Ready = {
      type: 'ready',
      port: typeof address === 'object' && address ? address.port : 0,
      dir,
      articles,
      // Each visitor's browser kept the CSRF cookie its first page of its own set.
      readerCookie: `${READER_COOKIE}=${session.token}; ${CSRF_COOKIE}=${newCsrfSecret()}`,
      guestCookie: `${guestCookie}; ${CSRF_COOKIE}=${newCsrfSecret()}`,
    }
    process.send?.(ready)
  })
  let changes = 0
  process.on('message', (message: { type?: string; slug?: string; kind?: string }) => {
    if (message?.type === 'change') {
      const ref = refs.get(message.slug ?? '')
      // A reader's comment published on the article (the change a busy thread sees most), or an editorial change.
      const change =
        message.kind === 'editorial' || !ref
          ? bumpContentVersion(payload)
          : service.submit(
              {
                article: ref,
                parentId: null,
                body: `A new reader comment, number ${(changes += 1)}.`,
                author: { kind: 'guest', name: `New Reader ${changes}`, email: `new${changes}@example.org`, url: '' },
                honeypot: '',
                secondsOnPage: 30,
                ip: `192.0.2.${changes % 250}`,
                userAgent: 'benchmark',
              },
              approveAll,
            )
      void change.then(() => process.send?.({ type: 'change' }))
      return
    }
    // Leave normally, so that --cpu-prof (BENCH_NODE_ARGS) writes its profile.
    if (message?.type === 'exit') process.exit(0)
    if (message?.type !== 'memory') return
    // A full collection, then a pause: V8's concurrent sweeper returns freed pages to the system
    // shortly after gc() returns, and reading RSS before that counts memory already given back.
    global.gc?.()
    setTimeout(() => {
      global.gc?.()
      setTimeout(() => {
        const usage = process.memoryUsage()
        process.send?.({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external })
      }, 500)
    }, 500)
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
