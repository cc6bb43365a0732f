/**
 * `npm run bench:moderation`: with 100,000 comments stored, the Pending tab's first page must
 * answer in under 200 ms of server time, and a bulk approve of 500 must finish in under 5 s.
 * Both are measured through the moderation API (authentication, query, JSON) on the real
 * SQLite adapter, in this process.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

import { getPayload, handleEndpoints, type Payload } from 'payload'

import { newsroomConfig } from '../../src/newsroomConfig'
import { seedDemoContent } from '../../src/seed/seed'
import { inTransaction, ms, percentile } from './measure'
import { settingsFor, TEST_ORIGIN } from '../helpers/settings'

const TOTAL = Number(process.env.BENCH_COMMENTS ?? 100_000)
const PASSWORD = 'benchmark password'
const SHARE = { pending: 0.1, approved: 0.8, spam: 0.06, trash: 0.02, rejected: 0.02 } as const
const rowId = () => randomBytes(12).toString('hex')

async function fill(payload: Payload): Promise<void> {
  const articles = (await payload.find({ collection: 'articles', limit: 1, overrideAccess: true })).docs.map((doc) => doc.id)
  for (let n = 1; n < 20; n += 1) {
    const doc = await payload.create({
      collection: 'articles',
      data: { title: `Benchmark story ${n}`, body: [{ children: [{ text: 'Body.' }] }], _status: 'published' },
      overrideAccess: true,
    })
    articles.push(doc.id)
  }
  const guests: Array<string | number> = []
  await inTransaction(payload, async (req) => {
    for (let n = 0; n < 2_000; n += 1) {
      const doc = await payload.db.create({
        collection: 'guest-commenters',
        data: { identityKey: `guest:bench-${n}`, name: `Reader ${n}`, email: `reader${n}@example.org`, status: 'active', approvedCount: 0, rejectedCount: 0 },
        req,
      })
      guests.push(doc.id)
    }
  })
  const statuses = Object.entries(SHARE).flatMap(([status, share]) => Array<string>(Math.round(share * TOTAL)).fill(status))
  const now = Date.now()
  const batch = 2_000
  for (let start = 0; start < TOTAL; start += batch) {
    await inTransaction(payload, async (req) => {
      for (let n = start; n < Math.min(TOTAL, start + batch); n += 1) {
        const status = statuses[n] ?? 'approved'
        const guest = n % guests.length
        const createdAt = new Date(now - ((n * 7919) % (90 * 86_400)) * 1000).toISOString()
        await payload.db.create({
          collection: 'comments',
          req,
          data: {
            article: articles[n % articles.length],
            depth: 1,
            authorKind: 'guest',
            authorName: `Reader ${guest}`,
            guestEmail: `reader${guest}@example.org`,
            guestCommenter: guests[guest],
            avatarKey: (n % 997).toString(16).padStart(20, '0'),
            body: `Comment ${n}: a reader's view on the story, long enough to read like a real one, with a question at the end?`,
            status,
            holdReasons: status === 'pending' ? [{ id: rowId(), code: 'first-comment', text: 'first comment by this commenter' }] : [],
            moderationLog: [{ id: rowId(), at: createdAt, to: status, reason: 'moderation policy' }],
            identityKey: `guest:bench-${guest}`,
            bodyHash: `bench-${n}`,
            ipHash: `bench-ip-${n % 5_000}`,
            reportCount: status === 'approved' && n % 160 === 0 ? 1 : 0,
            createdAt,
            updatedAt: createdAt,
          },
        })
      }
    })
    const stored = Math.min(TOTAL, start + batch)
    if (stored % 20_000 === 0 || stored === TOTAL) console.log(`  stored ${stored.toLocaleString('en-GB')} comments`)
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-moderation-bench-'))
  const settings = settingsFor(dir, { port: 0, secret: 'benchmark-secret-benchmark-secret-0123' })
  const config = await newsroomConfig(settings, { logger: { options: { level: 'warn' } } as never })
  const payload = await getPayload({ config })
  try {
    await seedDemoContent(payload, { password: PASSWORD })
    const seeding = performance.now()
    console.log(`Storing ${TOTAL.toLocaleString('en-GB')} comments…`)
    await fill(payload)
    console.log(`  in ${((performance.now() - seeding) / 1000).toFixed(0)} s`)

    const api = async (method: string, apiPath: string, token: string, body?: unknown) => {
      const started = performance.now()
      const response = await handleEndpoints({
        config,
        request: new Request(`${TEST_ORIGIN}/api${apiPath}`, {
          method,
          headers: { Authorization: `JWT ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }),
      })
      const json = await response.json()
      return { status: response.status, json, elapsed: performance.now() - started }
    }
    const login = await handleEndpoints({
      config,
      request: new Request(`${TEST_ORIGIN}/api/users/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'moderator@newsroom.test', password: PASSWORD }),
      }),
    })
    const { token } = (await login.json()) as { token: string }

    await api('GET', '/newsroom/moderation/queue?tab=pending', token) // warm-up
    const times: number[] = []
    let first: { json: { total: number; rows: unknown[]; counts: Record<string, number> } } | null = null
    for (let run = 0; run < 20; run += 1) {
      const result = await api('GET', '/newsroom/moderation/queue?tab=pending', token)
      if (result.status !== 200) throw new Error(`queue answered ${result.status}`)
      first = result
      times.push(result.elapsed)
    }
    const pendingIds = (
      await payload.find({ collection: 'comments', where: { status: { equals: 'pending' } }, sort: 'createdAt', limit: 500, depth: 0, overrideAccess: true, select: {} })
    ).docs.map((doc) => String(doc.id))
    const bulk = await api('POST', '/newsroom/moderation/decide', token, { ids: pendingIds, decision: 'approve' })
    if (bulk.status !== 200 || bulk.json.updated !== 500) throw new Error(`bulk approve answered ${bulk.status}: ${JSON.stringify(bulk.json)}`)
    const approvedNow = await payload.count({ collection: 'comments', where: { and: [{ id: { in: pendingIds } }, { status: { equals: 'approved' } }] }, overrideAccess: true })

    console.log(`\n${TOTAL.toLocaleString('en-GB')} comments stored; tab counts ${JSON.stringify(first?.json.counts)}`)
    console.log(
      `Pending tab, first page (${first?.json.rows.length} rows): median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} over ${times.length} requests`,
    )
    console.log(`Bulk approve of 500: ${ms(bulk.elapsed)} (${approvedNow.totalDocs} now approved, each with its log entry)`)
    const checks = [
      { name: `Pending first page p95 ${ms(percentile(times, 95))} < 200 ms`, ok: percentile(times, 95) < 200 },
      { name: `bulk approve of 500 ${(bulk.elapsed / 1000).toFixed(2)} s < 5 s`, ok: bulk.elapsed < 5000 && approvedNow.totalDocs === 500 },
    ]
    console.log('')
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}`)
    process.exitCode = checks.every((check) => check.ok) ? 0 : 1
  } finally {
    await payload.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
