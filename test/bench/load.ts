/**
 * `npm run bench:load`: the production build under a busy day of guest comments. The server
 * runs as `npm start` would (its own process, SQLite on a fresh file); guests post through the
 * real comment form, each a distinct name, email and network address, at 50 and then at 100
 * connections. Reported per phase: accepted comments per second, latency, 5xx, comments
 * acknowledged but not stored, the server's open descriptors and RSS, and — measured while the
 * load runs — the cached article page's and /healthz's p99.
 *
 * Targets on a 2-core machine: ≥ 200 accepted comments/s at 50 connections, 0 5xx, 0 lost,
 * descriptors flat (± 5) and RSS growth < 50 MB after warm-up, page and /healthz p99 < 100 ms.
 * RSS is compared by its low-water marks (the lowest reading in the second half of a phase):
 * single readings swing by tens of MB with the garbage collector.
 *
 * Every tenth guest ticks "notify me" (BENCH_NOTIFY, default 0.1): a subscription written with the
 * comment and a confirmation mail, sent to a real SMTP server by the job runner while the load runs.
 *
 * BENCH_COMMENTS (default 20000) comments per phase; BENCH_PHASES (default "50,100") the
 * connection counts; BENCH_WARMUP (default 1000); BENCH_NODE_ARGS, options for the server's Node
 * (`--cpu-prof --cpu-prof-dir=…` to profile it).
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'

import autocannon from 'autocannon'

import buildOnce from '../system/buildOnce.js'
import { freshDataDir, startServer, stopServer, type ServerProcess } from '../helpers/serverProcess'
import { formTokens, guestComment, type FormTokens } from '../helpers/guestLoad'
import { lowWaterHalves, openDescriptors, sampleResident, serverPid } from '../helpers/processStats'
import { jsonApi } from '../helpers/productionServer'
import { startMailServer } from '../helpers/smtp'

const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20_000)
const PHASES = (process.env.BENCH_PHASES ?? '50,100').split(',').map(Number)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000)
/** The share of guests who tick "notify me" (replies and new stories): each is a subscription and a confirmation mail. */
const NOTIFY = Number(process.env.BENCH_NOTIFY ?? 0.1)
const SECRET = 'load-benchmark-secret-0123456789abcdef'

type Api = (method: string, apiPath: string, body?: unknown) => Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are read field by field

const ms = (value: number) => `${value.toFixed(1)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Requests a path one after another while the load runs, recording each latency. */
function sampler(url: string, headers: Record<string, string>) {
  const latencies: number[] = []
  let failures = 0
  let running = true
  const done = (async () => {
    while (running) {
      const started = performance.now()
      try {
        const response = await fetch(url, { headers })
        await response.arrayBuffer()
        if (response.status !== 200) failures += 1
      } catch {
        failures += 1
      }
      latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  return {
    async stop() {
      running = false
      await done
      return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(0, ...latencies), samples: latencies.length, failures }
    },
  }
}

type PhaseResult = {
  connections: number
  sent: number
  accepted: number
  perSecond: number
  p50: number
  p99: number
  status: Record<string, number>
  errors: number
  ids: string[]
  page: Awaited<ReturnType<ReturnType<typeof sampler>['stop']>>
  health: Awaited<ReturnType<ReturnType<typeof sampler>['stop']>>
  /** The server's RSS low-water mark over the second half of the phase (see processStats.ts). */
  rss: number
}

let guestNumber = 0

async function phase(server: ServerProcess, pid: number, slug: string, connections: number, amount: number, tokens: FormTokens): Promise<PhaseResult> {
  const ids: string[] = []
  const memory = sampleResident(pid, 100)
  const status: Record<string, number> = {}
  const pageSampler = sampler(`${server.url}/articles/${slug}`, {})
  const healthSampler = sampler(`${server.url}/healthz`, {})
  const started = performance.now()
  const result = await autocannon({
    url: server.url,
    connections,
    amount,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: `/articles/${slug}/comments`,
        setupRequest: (request) => {
          // A distinct guest from a distinct address each time (the server trusts the loopback proxy).
          const post = guestComment((guestNumber += 1), tokens)
          const notify = NOTIFY > 0 && guestNumber % Math.round(1 / NOTIFY) === 0 ? '&notify_replies=on&notify_posts=on' : ''
          return { ...request, headers: post.headers, body: `${post.body}${notify}` }
        },
        onResponse: (code, body) => {
          status[code] = (status[code] ?? 0) + 1
          if (code === 201) ids.push(String((JSON.parse(body) as { id: string }).id))
        },
      },
    ],
  })
  const seconds = (performance.now() - started) / 1000
  const [page, health] = await Promise.all([pageSampler.stop(), healthSampler.stop()])
  const rss = lowWaterHalves(memory.stop()).late
  return {
    rss,
    connections,
    sent: amount,
    accepted: ids.length,
    perSecond: ids.length / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    status,
    errors: result.errors + result.timeouts,
    ids,
    page,
    health,
  }
}

/** Every comment id the database holds, read through the admin API. */
async function storedIds(api: Api): Promise<Set<string>> {
  const ids = new Set<string>()
  for (let page = 1; ; page += 1) {
    const result = await api('GET', `/api/comments?limit=2000&page=${page}&depth=0&select[status]=true`)
    for (const doc of result.docs as Array<{ id: string }>) ids.add(String(doc.id))
    if (!result.hasNextPage) return ids
  }
}

async function main(): Promise<void> {
  buildOnce()
  const dataDir = await freshDataDir()
  // A real SMTP server takes the confirmation mails while the load runs, sent by the job runner at
  // its production interval (JOBS_INTERVAL_SECONDS, 10 s unless BENCH_JOBS_INTERVAL says otherwise).
  const smtp = await startMailServer()
  const server = await startServer(
    {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Load Newsroom <news@load.test>',
      JOBS_INTERVAL_SECONDS: process.env.BENCH_JOBS_INTERVAL ?? '',
      NODE_ENV: 'production',
      PAYLOAD_SECRET: SECRET,
      DATABASE_URI: `file:${path.join(dataDir, 'newsroom.db')}`,
      MEDIA_DIR: path.join(dataDir, 'media'),
      TRUST_PROXY: 'loopback',
      SHUTDOWN_DRAIN_SECONDS: '0',
      // BENCH_SQLITE_SYNCHRONOUS=full measures with every commit synced to disk.
      SQLITE_SYNCHRONOUS: process.env.BENCH_SQLITE_SYNCHRONOUS ?? '',
    },
    120_000,
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server while it takes the load.
    process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : undefined,
  )
  try {
    const pid = serverPid(server)
    const call = jsonApi(server.url)
    const { token } = await call('POST', '/api/users/first-register', { email: 'chief@newsroom.test', password: 'a long chief password', name: 'Chief' })
    const api: Api = (method, apiPath, body) => call(method, apiPath, body, token)
    const article = await api('POST', '/api/articles', {
      title: 'Edge devices were the way in',
      dek: 'A busy story that everyone comments on.',
      body: [{ children: [{ text: 'The intrusion began at an unpatched VPN appliance.' }] }],
      _status: 'published',
    })
    const slug = String(article.doc.slug)
    // The bench posts as soon as it has the form; each guest is new, so the flood window never applies anyway.
    await api('POST', '/api/globals/comment-policy', { minSecondsBeforeSubmit: 0, floodSeconds: 0 })
    const tokens = await formTokens(`${server.url}/articles/${slug}`)

    console.log(`\nserver pid ${pid}; warm-up: ${WARMUP} comments at ${PHASES[0]} connections`)
    const warm = await phase(server, pid, slug, PHASES[0]!, WARMUP, tokens)
    // Connections the load closed take a moment to leave the server's descriptor table.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const before = { fds: openDescriptors(pid), rss: warm.rss }
    const results: PhaseResult[] = []
    const after: Array<{ fds: number; rss: number }> = []
    for (const connections of PHASES) {
      console.log(`phase: ${COMMENTS} comments at ${connections} connections…`)
      const result = await phase(server, pid, slug, connections, COMMENTS, tokens)
      results.push(result)
      await new Promise((resolve) => setTimeout(resolve, 500))
      after.push({ fds: openDescriptors(pid), rss: result.rss })
    }

    const acknowledged = [...warm.ids, ...results.flatMap((result) => result.ids)]
    const stored = await storedIds(api)
    const lost = acknowledged.filter((id) => !stored.has(id)).length

    const subscribed = Math.floor(guestNumber * NOTIFY)
    console.log(
      `\nafter warm-up: ${before.fds} descriptors, RSS ${mb(before.rss)}; ${smtp.messages.length} confirmation mails received of about ${subscribed} guests who ticked "notify me" (the rest still queued)\n`,
    )
    const header = ['connections', 'accepted/s', 'p50', 'p99', '5xx', 'other', 'fds', 'RSS', 'page p99', 'healthz p99']
    console.log(header.map((cell) => cell.padStart(12)).join(''))
    const fivexx = (result: PhaseResult) => Object.entries(result.status).reduce((sum, [code, count]) => sum + (Number(code) >= 500 ? count : 0), 0)
    results.forEach((result, index) => {
      const other = result.sent - result.accepted - fivexx(result)
      console.log(
        [
          String(result.connections),
          result.perSecond.toFixed(0),
          ms(result.p50),
          ms(result.p99),
          String(fivexx(result)),
          String(other),
          String(after[index]!.fds),
          mb(after[index]!.rss),
          ms(result.page.p99),
          ms(result.health.p99),
        ]
          .map((cell) => cell.padStart(12))
          .join(''),
      )
      console.log(
        `${''.padStart(12)}statuses ${JSON.stringify(result.status)}, socket errors ${result.errors}, page samples ${result.page.samples}, healthz samples ${result.health.samples}`,
      )
    })
    const last = after[after.length - 1]!
    const first = results[0]!
    const checks = [
      { name: `${first.perSecond.toFixed(0)} accepted comments/s at ${first.connections} connections ≥ 200`, ok: first.perSecond >= 200 },
      { name: `5xx: ${results.map(fivexx).join(' / ')} (must be 0)`, ok: results.every((result) => fivexx(result) === 0) },
      { name: `lost: ${lost} of ${acknowledged.length} acknowledged (must be 0)`, ok: lost === 0 },
      { name: `descriptors ${before.fds} → ${last.fds} (± 5)`, ok: Math.abs(last.fds - before.fds) <= 5 },
      { name: `RSS ${mb(before.rss)} → ${mb(last.rss)}: growth ${mb(last.rss - before.rss)} < 50 MB`, ok: last.rss - before.rss < 50 * 1024 * 1024 },
      {
        name: `page p99 ${results.map((result) => ms(result.page.p99)).join(' / ')} < 100 ms`,
        ok: results.every((result) => result.page.p99 < 100 && result.page.failures === 0),
      },
      {
        name: `/healthz p99 ${results.map((result) => ms(result.health.p99)).join(' / ')} < 100 ms`,
        ok: results.every((result) => result.health.p99 < 100 && result.health.failures === 0),
      },
    ]
    console.log('')
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}`)
    process.exitCode = checks.every((check) => check.ok) ? 0 : 1
  } finally {
    await stopServer(server)
    await smtp.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
