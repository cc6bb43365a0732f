/**
 * `npm run bench:load`: the production build under a busy day of guest comments. The server
 * runs as `npm start` would (its own process, SQLite on a fresh file); guests post through the
 * real comment form, each a distinct name, email and network address, at 50 and then at 100
 * connections. Reported per phase: accepted comments per second, latency, 5xx, comments
 * acknowledged but not stored, the server's open descriptors and RSS, and — measured while the
 * load runs — the cached article page's and /healthz's p99.
 *
 * Targets on a 2-core machine: ≥ 200 accepted comments/s at 50 connections (on SQLite; on
 * PostgreSQL the figure is reported, see BENCH_DATABASE below), 0 5xx, 0 lost,
 * descriptors flat (at most 5 more) and RSS growth < 50 MB after warm-up, page and /healthz p99 < 100 ms.
 * RSS is compared by its low-water marks (the lowest reading in the second half of a phase):
 * single readings swing by tens of MB with the garbage collector.
 *
 * Every tenth guest ticks "notify me" (BENCH_NOTIFY, default 0.1): a subscription written with the
 * comment and a confirmation mail, sent to a real SMTP server by the job runner while the load runs.
 *
 * BENCH_COMMENTS (default 20000) comments per phase; BENCH_PHASES (default "50,100") the
 * connection counts; BENCH_WARMUP (default 1000); BENCH_NODE_ARGS, options for the server's Node
 * (`--cpu-prof --cpu-prof-dir=…` to profile it).
 *
 * Scaling out: BENCH_DATABASE=postgres runs it on PostgreSQL (Debian's, started by
 * test/postgres.sh, a fresh database per run) with BENCH_INSTANCES (default "1,3") instances
 * sharing it, the connections split evenly between them; the anonymous and the signed-in article
 * page are sampled on every instance while the load runs. BENCH_NETNS=1 puts each instance in a
 * network namespace of its own and the database on a private cluster across a bridge, as the
 * several-hosts test does. Reported besides: where the time went: CPU seconds of the instances and
 * of PostgreSQL (also per accepted comment), how often the newsroom's writer lock was held at all
 * and how often writers were seen waiting for it. BENCH_POSTGRES_OPTIONS (such as
 * "-c synchronous_commit=off") gives the instances' sessions settings of their own, to compare.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'

import autocannon from 'autocannon'

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

import pg from 'pg'

import buildOnce from '../system/buildOnce.js'
import { dropTestDatabase, testDatabaseUri } from '../helpers/database'
import { formTokens, guestComment, type FormTokens } from '../helpers/guestLoad'
import { inspect } from '../helpers/inspect'
import { createNetwork, type Network } from '../helpers/network'
import { startPostgres, type PostgresServer } from '../helpers/postgresServer'
import { lowWaterHalves, openDescriptors, sampleResident, serverPid } from '../helpers/processStats'
import { jsonApi } from '../helpers/productionServer'
import { freshDataDir, startServer, stopServer, type ServerPlace, type ServerProcess } from '../helpers/serverProcess'
import { startMailServer } from '../helpers/smtp'

const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20_000)
const PHASES = (process.env.BENCH_PHASES ?? '50,100').split(',').map(Number)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000)
/** The share of guests who tick "notify me" (replies and new stories): each is a subscription and a confirmation mail. */
const NOTIFY = Number(process.env.BENCH_NOTIFY ?? 0.1)
const SECRET = 'load-benchmark-secret-0123456789abcdef'
const ENGINE = process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite'
const INSTANCE_COUNTS = (process.env.BENCH_INSTANCES ?? (ENGINE === 'postgres' ? '1,3' : '1')).split(',').map(Number)
const NETNS = process.env.BENCH_NETNS === '1'

type Api = (method: string, apiPath: string, body?: unknown) => Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are read field by field

const ms = (value: number) => `${value.toFixed(1)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Requests a page one after another while the load runs (from each of `urls` in turn), recording each latency. */
function sampler(urls: ReadonlyArray<string>, headers: Record<string, string>) {
  const latencies: number[] = []
  let failures = 0
  let running = true
  let turn = 0
  const done = (async () => {
    while (running) {
      const started = performance.now()
      try {
        const response = await fetch(urls[turn++ % urls.length]!, { headers })
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
  signedIn: Awaited<ReturnType<ReturnType<typeof sampler>['stop']>>
  health: Awaited<ReturnType<ReturnType<typeof sampler>['stop']>>
  /** Each instance's RSS low-water mark over the second half of the phase (see processStats.ts). */
  rss: number[]
  /** Where the time went: CPU seconds of the instances and of PostgreSQL, and writers seen waiting for the writer lock. */
  time: { seconds: number; instancesCpu: number; databaseCpu: number; lock: LockFigures | null }
}

/** The instances of one run, signed in as the first admin, with a story and its comment form. */
type Setup = { servers: ServerProcess[]; pids: number[]; slug: string; tokens: FormTokens[]; readerCookie: string; database: DatabaseWatch | null }

let guestNumber = 0

/**
 * CPU seconds a process (and its threads) has used so far; with `reaped`, also that of its
 * children that have ended (their time passes to the parent when it reaps them).
 */
function cpuSeconds(pid: number, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    const own = Number(fields[11]) + Number(fields[12])
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / 100
  } catch {
    return 0
  }
}

/** PostgreSQL's side of a run: its processes' CPU, how often a session waits for the writer lock, and how often it is held at all. */
type DatabaseWatch = { cpu(): number; sampleLockWaits(): { stop(): Promise<LockFigures> }; close(): Promise<void> }

/** Of the samples: writers waiting for the writer lock among sessions in a transaction, and how often anyone held it. */
type LockFigures = { waitShare: number | null; heldShare: number | null }

async function watchDatabase(uri: string): Promise<DatabaseWatch> {
  const client = new pg.Client({ connectionString: uri })
  await client.connect()
  const postgresPids = () => execFileSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)
  return {
    // The sessions alive now, and through the server's main process those that ended (the pool closes idle connections
    // mid-run; counting only the live ones lost their time).
    cpu: () => postgresPids().reduce((sum, pid) => sum + cpuSeconds(pid, true), 0),
    sampleLockWaits() {
      let samples = 0
      let held = 0
      let waiting = 0
      let writing = 0
      let running = true
      const done = (async () => {
        while (running) {
          const { rows } = await client.query<{ held: boolean; waiting: string; writing: string }>(
            `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.granted) AS held,
              count(*) FILTER (WHERE wait_event = 'advisory') AS waiting,
              count(*) FILTER (WHERE xact_start IS NOT NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid()) AS writing
            FROM pg_stat_activity WHERE datname = current_database()`,
          )
          samples += 1
          if (rows[0]!.held) held += 1
          waiting += Number(rows[0]!.waiting)
          writing += Number(rows[0]!.writing)
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      })()
      return {
        async stop() {
          running = false
          await done
          return { waitShare: writing === 0 ? null : waiting / writing, heldShare: samples === 0 ? null : held / samples }
        },
      }
    },
    close: () => client.end(),
  }
}

async function phase(setup: Setup, connections: number, amount: number): Promise<PhaseResult> {
  const ids: string[] = []
  const memory = setup.pids.map((pid) => sampleResident(pid, 100))
  const status: Record<string, number> = {}
  const pageUrls = setup.servers.map((server) => `${server.url}/articles/${setup.slug}`)
  const pageSampler = sampler(pageUrls, {})
  const signedInSampler = sampler(pageUrls, { cookie: setup.readerCookie })
  const healthSampler = sampler(
    setup.servers.map((server) => `${server.url}/healthz`),
    {},
  )
  const lockWaits = setup.database?.sampleLockWaits()
  const cpuBefore = { instances: setup.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0), database: setup.database?.cpu() ?? 0 }
  const started = performance.now()
  const share = (index: number, total: number) => Math.floor(total / setup.servers.length) + (index < total % setup.servers.length ? 1 : 0)
  const results = await Promise.all(
    setup.servers.map((server, index) =>
      autocannon({
        url: server.url,
        connections: Math.max(1, share(index, connections)),
        amount: share(index, amount),
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: `/articles/${setup.slug}/comments`,
            setupRequest: (request) => {
              // A distinct guest from a distinct address each time (the server trusts its proxy).
              const post = guestComment((guestNumber += 1), setup.tokens[index]!)
              const notify = NOTIFY > 0 && guestNumber % Math.round(1 / NOTIFY) === 0 ? '&notify_replies=on&notify_posts=on' : ''
              return { ...request, headers: post.headers, body: `${post.body}${notify}` }
            },
            onResponse: (code, body) => {
              status[code] = (status[code] ?? 0) + 1
              if (code === 201) ids.push(String((JSON.parse(body) as { id: string }).id))
            },
          },
        ],
      }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const [page, signedIn, health, lock] = await Promise.all([pageSampler.stop(), signedInSampler.stop(), healthSampler.stop(), lockWaits?.stop() ?? null])
  const cpuAfter = { instances: setup.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0), database: setup.database?.cpu() ?? 0 }
  return {
    rss: memory.map((sampled) => lowWaterHalves(sampled.stop()).late),
    connections,
    sent: amount,
    accepted: ids.length,
    perSecond: ids.length / seconds,
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    status,
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
    ids,
    page,
    signedIn,
    health,
    time: { seconds, instancesCpu: cpuAfter.instances - cpuBefore.instances, databaseCpu: cpuAfter.database - cpuBefore.database, lock },
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

/** Starts `count` instances on one database (see the header), signed in, with a story to comment on. */
async function startInstances(count: number): Promise<{ setup: Setup; api: Api; mails(): number; close(): Promise<void> }> {
  const dataDir = await freshDataDir()
  let network: Network | null = null
  let privateDatabase: PostgresServer | null = null
  let databaseUri = `file:${path.join(dataDir, 'newsroom.db')}`
  if (ENGINE === 'postgres' && NETNS) {
    network = await createNetwork(count)
    privateDatabase = await startPostgres({ address: network.gateway, port: 5433, allow: network.subnet })
    databaseUri = privateDatabase.uri
  } else if (ENGINE === 'postgres') {
    process.env.TEST_DATABASE_URI = execFileSync(path.resolve('test/postgres.sh'), { encoding: 'utf8' }).trim()
    databaseUri = testDatabaseUri(dataDir)
  }
  // BENCH_POSTGRES_OPTIONS="-c synchronous_commit=off": the instances' sessions run with these settings (to see what part of the time is a commit's flush).
  if (ENGINE === 'postgres' && process.env.BENCH_POSTGRES_OPTIONS) {
    const url = new URL(databaseUri)
    url.searchParams.set('options', process.env.BENCH_POSTGRES_OPTIONS)
    databaseUri = url.toString()
  }
  // A real SMTP server takes the confirmation mails while the load runs, sent by the job runner at
  // its production interval (JOBS_INTERVAL_SECONDS, 10 s unless BENCH_JOBS_INTERVAL says otherwise).
  // Instances in their own network namespaces reach it on the bridge, as they reach the database.
  const mailHost = network ? network.gateway : '127.0.0.1'
  const smtp = await startMailServer(mailHost)
  const env = {
    SMTP_URL: `smtp://${mailHost}:${smtp.port}`,
    MAIL_FROM: 'Load Newsroom <news@load.test>',
    JOBS_INTERVAL_SECONDS: process.env.BENCH_JOBS_INTERVAL ?? '',
    NODE_ENV: 'production',
    PAYLOAD_SECRET: SECRET,
    DATABASE_URI: databaseUri,
    MEDIA_DIR: path.join(dataDir, 'media'),
    TRUST_PROXY: network ? network.gateway : 'loopback',
    SHUTDOWN_DRAIN_SECONDS: '0',
    // BENCH_SQLITE_SYNCHRONOUS=full measures with every commit synced to disk.
    SQLITE_SYNCHRONOUS: process.env.BENCH_SQLITE_SYNCHRONOUS ?? '',
    ...(network ? { HOST: '0.0.0.0', PORT: '3000' } : {}),
  }
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers while they take the load.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : undefined
  const place = (index: number): ServerPlace | undefined => (network ? { launcher: network.hosts[index]!.launcher, host: network.hosts[index]!.address } : undefined)
  const servers: ServerProcess[] = []
  const close = async () => {
    await Promise.all(servers.map((server) => stopServer(server)))
    await smtp.close()
    if (privateDatabase) await privateDatabase.stop()
    else if (ENGINE === 'postgres') await dropTestDatabase(databaseUri)
    await network?.destroy()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    // The first migrates a fresh database; the others find it ready.
    servers.push(await startServer(env, 120_000, nodeArgs, place(0)))
    servers.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, index) => startServer(env, 120_000, nodeArgs, place(index + 1))))))
    const call = jsonApi(servers[0]!.url)
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
    await new Promise((resolve) => setTimeout(resolve, 500))
    const tokens = await Promise.all(servers.map((server) => formTokens(`${server.url}/articles/${slug}`)))
    const { cookie: readerCookie } = await inspect<{ cookie: string }>(env as Record<string, string>, 'reader-session', 'Bench Reader')
    const database = ENGINE === 'postgres' ? await watchDatabase(databaseUri) : null
    return {
      setup: { servers, pids: servers.map((server) => serverPid(server)), slug, tokens, readerCookie, database },
      api,
      mails: () => smtp.messages.length,
      close: async () => {
        await database?.close()
        await close()
      },
    }
  } catch (error) {
    await close()
    throw error
  }
}

type RunFigures = { instances: number; results: PhaseResult[]; checks: Array<{ name: string; ok: boolean; reported?: boolean }> }

async function run(count: number): Promise<RunFigures> {
  const { setup, api, mails, close } = await startInstances(count)
  try {
    console.log(
      `\n${count} instance${count === 1 ? '' : 's'} on ${ENGINE}${NETNS ? ' (each in its own network namespace)' : ''}; pids ${setup.pids.join(', ')}; warm-up: ${WARMUP} comments at ${PHASES[0]} connections`,
    )
    const warm = await phase(setup, PHASES[0]!, WARMUP)
    // Connections the load closed take a moment to leave the servers' descriptor tables.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const before = { fds: setup.pids.map(openDescriptors), rss: warm.rss }
    const results: PhaseResult[] = []
    const after: Array<{ fds: number[]; rss: number[] }> = []
    for (const connections of PHASES) {
      console.log(`phase: ${COMMENTS} comments at ${connections} connections…`)
      const result = await phase(setup, connections, COMMENTS)
      results.push(result)
      await new Promise((resolve) => setTimeout(resolve, 500))
      after.push({ fds: setup.pids.map(openDescriptors), rss: result.rss })
    }

    const acknowledged = [...warm.ids, ...results.flatMap((result) => result.ids)]
    const stored = await storedIds(api)
    const lost = acknowledged.filter((id) => !stored.has(id)).length

    console.log(`\nafter warm-up: ${before.fds.join(' / ')} descriptors, RSS ${before.rss.map(mb).join(' / ')}; ${mails()} confirmation mails received`)
    const header = ['connections', 'accepted/s', 'p50', 'p99', '5xx', 'other', 'fds', 'RSS (max)', 'page p99', 'signed-in p99', 'healthz p99']
    console.log(header.map((cell) => cell.padStart(14)).join(''))
    const fivexx = (result: PhaseResult) => Object.entries(result.status).reduce((sum, [code, number]) => sum + (Number(code) >= 500 ? number : 0), 0)
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
          after[index]!.fds.join('/'),
          mb(Math.max(...after[index]!.rss)),
          ms(result.page.p99),
          ms(result.signedIn.p99),
          ms(result.health.p99),
        ]
          .map((cell) => cell.padStart(14))
          .join(''),
      )
      const time = result.time
      const share = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : `${(100 * value).toFixed(0)}%`)
      const perComment = (cpu: number) => `${((1000 * cpu) / Math.max(1, result.accepted)).toFixed(1)} ms a comment`
      console.log(
        `${''.padStart(14)}statuses ${JSON.stringify(result.status)}, socket errors ${result.errors}; ${time.seconds.toFixed(1)} s: instances' CPU ${time.instancesCpu.toFixed(1)} s (${((100 * time.instancesCpu) / time.seconds).toFixed(0)}% of one core, ${perComment(time.instancesCpu)})` +
          (setup.database
            ? `, PostgreSQL's CPU ${time.databaseCpu.toFixed(1)} s (${((100 * time.databaseCpu) / time.seconds).toFixed(0)}%, ${perComment(time.databaseCpu)}); the writer lock held in ${share(time.lock?.heldShare)} of samples, writers waiting for it ${share(time.lock?.waitShare)}`
            : ''),
      )
    })
    const last = after[after.length - 1]!
    const first = results[0]!
    const checks = [
      // The throughput target is the embedded default's. On PostgreSQL every write, from any instance, queues for one
      // database-wide lock (docs/architecture.md, "Under load"), so its figure is reported, with where the time went.
      ENGINE === 'sqlite'
        ? { name: `${first.perSecond.toFixed(0)} accepted comments/s at ${first.connections} connections ≥ 200`, ok: first.perSecond >= 200 }
        : { name: `${first.perSecond.toFixed(0)} accepted comments/s at ${first.connections} connections (reported; the ≥ 200 target is SQLite's)`, ok: true, reported: true },
      { name: `5xx: ${results.map(fivexx).join(' / ')} (must be 0)`, ok: results.every((result) => fivexx(result) === 0) },
      { name: `lost: ${lost} of ${acknowledged.length} acknowledged (must be 0)`, ok: lost === 0 },
      // A leak grows; fewer is the pool closing database connections it no longer needs (PostgreSQL's idle timeout).
      { name: `descriptors ${before.fds.join('/')} → ${last.fds.join('/')} (at most 5 more each)`, ok: last.fds.every((fds, index) => fds - before.fds[index]! <= 5) },
      {
        name: `RSS growth ${last.rss.map((rss, index) => mb(rss - before.rss[index]!)).join(' / ')} < 50 MB each`,
        ok: last.rss.every((rss, index) => rss - before.rss[index]! < 50 * 1024 * 1024),
      },
      {
        name: `page p99 ${results.map((result) => ms(result.page.p99)).join(' / ')} < 100 ms`,
        ok: results.every((result) => result.page.p99 < 100 && result.page.failures === 0),
      },
      {
        name: `signed-in page p99 ${results.map((result) => ms(result.signedIn.p99)).join(' / ')} < 100 ms`,
        ok: results.every((result) => result.signedIn.p99 < 100 && result.signedIn.failures === 0),
      },
      {
        name: `/healthz p99 ${results.map((result) => ms(result.health.p99)).join(' / ')} < 100 ms`,
        ok: results.every((result) => result.health.p99 < 100 && result.health.failures === 0),
      },
    ]
    console.log('')
    for (const check of checks) console.log(`${'reported' in check ? 'NOTE' : check.ok ? 'PASS' : 'FAIL'}  ${count} instance${count === 1 ? '' : 's'}: ${check.name}`)
    return { instances: count, results, checks }
  } finally {
    await close()
  }
}

async function main(): Promise<void> {
  buildOnce()
  const runs: RunFigures[] = []
  for (const count of INSTANCE_COUNTS) runs.push(await run(count))
  if (runs.length > 1) {
    const base = runs[0]!
    console.log(`\nScaling out on ${ENGINE}: accepted comments/s by connections`)
    for (const [index, connections] of PHASES.entries())
      console.log(
        `  ${connections} connections: ${runs.map((figures) => `${figures.instances} → ${figures.results[index]!.perSecond.toFixed(0)}/s (${(figures.results[index]!.perSecond / base.results[index]!.perSecond).toFixed(2)} ×)`).join(', ')}`,
      )
  }
  process.exitCode = runs.every((figures) => figures.checks.every((check) => check.ok)) ? 0 : 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
