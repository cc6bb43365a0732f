/**
 * The benchmark's server process: the newsroom's Express app (public site and /healthz) on a
 * fresh temporary database holding the demo content. Reports its port, and its memory on request.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { getPayload, type Payload } from 'payload'

import { CommentService } from '../../src/comments/service'
import { createApp } from '../../src/http/app'
import { newsroomConfig, STAFF_COLLECTION } from '../../src/newsroomConfig'
import { seedDemoContent } from '../../src/seed/seed'
import { settingsFor } from '../helpers/settings'
import { createSite } from '../../src/site/router'

/** 200 approved replies under the seed article, posted through the moderation policy like any reader's. */
async function addApprovedComments(payload: Payload, count: number): Promise<void> {
  const article = (await payload.find({ collection: 'articles', where: { slug: { equals: SLUG } }, limit: 1, overrideAccess: true })).docs[0]!
  const service = new CommentService(payload, STAFF_COLLECTION)
  const policy = { ...(await service.policy()), mode: 'post-moderate' as const, floodSeconds: 0, maxLinks: 0 }
  const ref = { id: String(article.id), commentsOpen: true, publishedAt: String(article.publishedAt) }
  let parentId: string | null = null
  for (let n = 0; n < count; n += 1) {
    const result = await service.submit(
      {
        article: ref,
        // Every fifth reply answers the one before it, so the thread has depth.
        parentId: n % 5 === 4 ? parentId : null,
        body: `Reader comment ${n}: the intrusion shows why trade groups need the same monitoring as their members. Details at https://example.org/${n}`,
        author: { kind: 'guest', name: `Reader ${n}`, email: `reader${n}@example.org`, url: '' },
        honeypot: '',
        secondsOnPage: 30,
        ip: `198.51.100.${n % 250}`,
        userAgent: 'benchmark',
      },
      policy,
    )
    if (result.comment?.status !== 'approved') throw new Error(`benchmark comment ${n} was not approved: ${JSON.stringify(result.verdict)}`)
    parentId = result.comment.id
  }
}

const SLUG = 'chinese-groups-hacked-us-manufacturing-groups-server-during-trade-talks-reuters'

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-bench-'))
  const settings = settingsFor(dir, { port: 0, secret: 'benchmark-secret-benchmark-secret-0123' })
  const payload = await getPayload({ config: await newsroomConfig(settings, { logger: { options: { level: 'warn' } } as never }) })
  await seedDemoContent(payload, { password: 'benchmark password' })
  await addApprovedComments(payload, 200)
  const site = createSite({ payload, site: settings.site, staffCollection: STAFF_COLLECTION, mediaDir: settings.mediaDir })
  const server = createApp({ payload, site }).listen(0, '127.0.0.1', () => {
    const address = server.address()
    process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, dir })
  })
  process.on('message', (message: { type?: string }) => {
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
