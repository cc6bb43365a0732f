/**
 * `npm run bench`: the article page for every kind of reader, against the bare /healthz route
 * of the same process, measured in one run with autocannon (50 connections, 10 s each; every
 * request says `Accept-Encoding: gzip, deflate, br` as browsers do):
 *
 * - an anonymous reader (a cache hit), a signed-in reader, a guest with a comment awaiting
 *   moderation, each on articles with 200, 1,000 and 10,000 approved comments;
 * - a miss right after a change (a new content version), one request at a time;
 * - the anonymous page through Debian's nginx as a shared cache in front (when installed);
 * - the server's memory growth over 20,000 requests.
 *
 * Targets on a 2-core machine: anonymous hit ≥ 0.8 × the bare route; signed-in ≥ 0.5 ×; a miss
 * at 10,000 comments renders in < 15 ms (median); p99 < 50 ms for hit and signed-in; each figure
 * at 10,000 comments within 20 % of the same figure at 200.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'

import autocannon from 'autocannon'

import { nginxInstalled, startSharedCache } from '../helpers/nginx'
import { freePort } from '../helpers/serverProcess'
import type { Ready } from './server'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const MISSES = Number(process.env.BENCH_MISSES ?? 40)
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' }

type Message = { type: string; rss?: number }

function request<T extends Message>(child: ChildProcess, type: string, extra: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: T) => {
      if (message.type !== type) return
      child.off('message', listener)
      resolve(message)
    }
    child.on('message', listener)
    if (type !== 'ready') child.send({ type, ...extra })
  })
}

type Run = { rps: number; p50: number; p99: number; bad: number }

async function load(url: string, options: { duration?: number; amount?: number; headers?: Record<string, string> } = {}): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    headers: { ...BROWSER, ...options.headers },
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION }),
  })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad: result.errors + result.non2xx }
}

/** One GET over a kept-alive connection, read to its end (lighter on the client than fetch, so the time is the server's). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: BROWSER }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      })
      .on('error', reject)
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!
const ms = (value: number) => `${value.toFixed(1)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function main(): Promise<void> {
  const child = fork(path.join(import.meta.dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [])],
    env: { ...process.env, NODE_ENV: 'test', DISABLE_PAYLOAD_HMR: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  console.log('Preparing the articles…')
  const ready = await request<Ready & Message>(child, 'ready')
  const base = `http://127.0.0.1:${ready.port}`
  const kinds = [
    { name: 'anonymous (hit)', headers: {} as Record<string, string> },
    { name: 'signed-in reader', headers: { cookie: ready.readerCookie } },
    { name: 'guest, own comment held', headers: { cookie: ready.guestCookie } },
  ]
  const rows: string[][] = []
  const figures = new Map<string, Run>()
  const misses = new Map<string, number[]>()
  let cache: Awaited<ReturnType<typeof startSharedCache>> | null = null
  try {
    for (const article of ready.articles) {
      const url = `${base}/articles/${article.slug}`
      for (const kind of kinds) {
        const page = await fetch(url, { headers: kind.headers })
        if (page.status !== 200) throw new Error(`${kind.name}: the article page answered ${page.status}`)
        const html = await page.text()
        if (kind.name === 'signed-in reader' && !html.includes('Bench Reader')) throw new Error('the signed-in page does not show the reader')
        if (kind.name.startsWith('guest') && !html.includes('Your comment is awaiting moderation.')) throw new Error('the guest does not see their held comment')
      }
    }
    // Warm-up, then every route under the same load, one after the other.
    await load(`${base}/healthz`, { duration: 2 })
    for (const article of ready.articles) for (const kind of kinds) await load(`${base}/articles/${article.slug}`, { duration: 1, headers: kind.headers })
    const baseline = await load(`${base}/healthz`)
    rows.push(['/healthz (baseline)', baseline.rps.toFixed(0), ms(baseline.p50), ms(baseline.p99), String(baseline.bad), ''])
    for (const article of ready.articles) {
      for (const kind of kinds) {
        const run = await load(`${base}/articles/${article.slug}`, { headers: kind.headers })
        figures.set(`${article.size}:${kind.name}`, run)
        rows.push([`${article.size} comments, ${kind.name}`, run.rps.toFixed(0), ms(run.p50), ms(run.p99), String(run.bad), (run.rps / baseline.rps).toFixed(2)])
      }
      // A miss: the first anonymous request after a change renders the page again.
      for (const kind of ['comment', 'editorial'] as const) {
        const times: number[] = []
        for (let n = 0; n < MISSES; n += 1) {
          await request(child, 'change', { slug: article.slug, kind })
          const started = performance.now()
          await get(`${base}/articles/${article.slug}`)
          times.push(performance.now() - started)
        }
        misses.set(`${article.size}:${kind}`, times)
        const label = kind === 'comment' ? 'a published comment' : 'an editorial change'
        rows.push([`${article.size} comments, miss after ${label}`, '', ms(median(times)), `${ms(quantile(times, 0.95))} p95`, '', ''])
      }
    }
    const closing = await load(`${base}/healthz`)
    rows.push(['/healthz (again, after)', closing.rps.toFixed(0), ms(closing.p50), ms(closing.p99), String(closing.bad), ''])

    let nginx: Run | null = null
    if (nginxInstalled()) {
      cache = await startSharedCache(`127.0.0.1:${ready.port}`, await freePort())
      const url = `${cache.url}/articles/${ready.articles[0]!.slug}`
      await fetch(url, { headers: BROWSER })
      const second = await fetch(url, { headers: BROWSER })
      if (second.headers.get('x-cache-status') !== 'HIT') throw new Error(`nginx did not keep the anonymous page: ${second.headers.get('x-cache-status')}`)
      await load(url, { duration: 2 })
      nginx = await load(url)
      rows.push([
        `nginx-cached page (${ready.articles[0]!.size} comments)`,
        nginx.rps.toFixed(0),
        ms(nginx.p50),
        ms(nginx.p99),
        String(nginx.bad),
        (nginx.rps / baseline.rps).toFixed(2),
      ])
    }

    // Memory: RSS after 1,000 requests against RSS after 20,000 (all kinds of reader, the largest thread).
    const largest = `${base}/articles/${ready.articles[ready.articles.length - 1]!.slug}`
    await load(largest, { amount: 1000 })
    const early = (await request(child, 'memory')).rss ?? 0
    for (const kind of kinds) await load(largest, { amount: 19_000 / kinds.length, headers: kind.headers })
    const late = (await request(child, 'memory')).rss ?? 0

    console.log(`\n${CONNECTIONS} connections, ${DURATION} s per route; ratio = req/s against the baseline\n`)
    const header = ['route', 'req/s', 'p50', 'p99', 'errors', 'ratio']
    for (const row of [header, ...rows]) console.log(row.map((cell, index) => (index === 0 ? cell.padEnd(44) : cell.padStart(11))).join(''))

    const checks: Array<{ name: string; ok: boolean }> = []
    const sizes = ready.articles.map((article) => article.size)
    const smallest = sizes[0]!
    const biggest = sizes[sizes.length - 1]!
    for (const size of sizes) {
      const hit = figures.get(`${size}:anonymous (hit)`)!
      const reader = figures.get(`${size}:signed-in reader`)!
      checks.push({ name: `${size}: anonymous hit ${(hit.rps / baseline.rps).toFixed(2)} × baseline ≥ 0.8`, ok: hit.rps / baseline.rps >= 0.8 })
      checks.push({ name: `${size}: signed-in reader ${(reader.rps / baseline.rps).toFixed(2)} × baseline ≥ 0.5`, ok: reader.rps / baseline.rps >= 0.5 })
      checks.push({ name: `${size}: p99 hit ${ms(hit.p99)}, signed-in ${ms(reader.p99)} < 50 ms`, ok: hit.p99 < 50 && reader.p99 < 50 })
    }
    for (const kind of ['comment', 'editorial']) {
      const at = median(misses.get(`${biggest}:${kind}`)!)
      checks.push({ name: `miss after a ${kind} change at ${biggest} comments: ${ms(at)} (median) < 15 ms`, ok: at < 15 })
    }
    if (biggest !== smallest) {
      for (const kind of kinds) {
        const small = figures.get(`${smallest}:${kind.name}`)!.rps
        const big = figures.get(`${biggest}:${kind.name}`)!.rps
        checks.push({ name: `${kind.name}: ${big.toFixed(0)} req/s at ${biggest} within 20 % of ${small.toFixed(0)} at ${smallest}`, ok: Math.abs(big - small) / small <= 0.2 })
      }
      for (const kind of ['comment', 'editorial']) {
        const small = median(misses.get(`${smallest}:${kind}`)!)
        const big = median(misses.get(`${biggest}:${kind}`)!)
        checks.push({ name: `miss after a ${kind} change: ${ms(big)} at ${biggest} within 20 % of ${ms(small)} at ${smallest}`, ok: big <= small * 1.2 })
      }
    }
    checks.push({ name: `RSS ${mb(early)} after 1,000 requests → ${mb(late)} after 20,000: growth ${mb(late - early)} ≤ 50 MB`, ok: late - early <= 50 * 1024 * 1024 })
    const bad = [...figures.values(), baseline, closing, ...(nginx ? [nginx] : [])].reduce((total, run) => total + run.bad, 0)
    checks.push({ name: `no errors or non-2xx answers (${bad})`, ok: bad === 0 })
    if (!nginx) console.log('\n(nginx is not installed: the shared-cache figure was not measured)')
    console.log('')
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}`)
    process.exitCode = checks.every((check) => check.ok) ? 0 : 1
  } finally {
    await cache?.stop()
    child.kill('SIGTERM')
    if (ready.dir) await rm(ready.dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
