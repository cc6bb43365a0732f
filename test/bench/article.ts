/**
 * `npm run bench`: the article page (the seed article with 200 approved comments) against a
 * trivial route of the same Express app, measured
 * in one run with autocannon (50 connections, 10 s each), plus the server's memory growth.
 * Targets for anonymous readers on a 2-core machine: ratio ≥ 0.5, p99 < 50 ms, and RSS after
 * 20,000 requests within 50 MB of its value after 1,000.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'

import autocannon from 'autocannon'

const SLUG = 'chinese-groups-hacked-us-manufacturing-groups-server-during-trade-talks-reuters'
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)

type Message = { type: string; port?: number; rss?: number; dir?: string }

function request(child: ChildProcess, type: string): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (message: Message) => {
      if (message.type !== type) return
      child.off('message', listener)
      resolve(message)
    }
    child.on('message', listener)
    if (type !== 'ready') child.send({ type })
  })
}

async function load(url: string, options: { duration?: number; amount?: number }) {
  return autocannon({ url, connections: CONNECTIONS, ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION }) })
}

const ms = (value: number) => `${value.toFixed(1)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function main(): Promise<void> {
  const child = fork(path.join(import.meta.dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, NODE_ENV: 'test', DISABLE_PAYLOAD_HMR: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await request(child, 'ready')
  const base = `http://127.0.0.1:${ready.port}`
  try {
    const page = await fetch(`${base}/articles/${SLUG}`)
    if (page.status !== 200) throw new Error(`article page answered ${page.status}`)

    // Warm-up, then both routes under the same load, one after the other.
    await load(`${base}/healthz`, { duration: 2 })
    await load(`${base}/articles/${SLUG}`, { duration: 2 })
    const baseline = await load(`${base}/healthz`, {})
    const article = await load(`${base}/articles/${SLUG}`, {})

    // Memory: RSS after 1,000 requests against RSS after 20,000.
    await load(`${base}/articles/${SLUG}`, { amount: 1000 })
    const early = (await request(child, 'memory')).rss ?? 0
    await load(`${base}/articles/${SLUG}`, { amount: 19_000 })
    const late = (await request(child, 'memory')).rss ?? 0

    const ratio = article.requests.average / baseline.requests.average
    const rows = [
      ['route', 'req/s', 'p50', 'p99', 'errors'],
      ['/healthz (baseline)', baseline.requests.average.toFixed(0), ms(baseline.latency.p50), ms(baseline.latency.p99), String(baseline.errors + baseline.non2xx)],
      [`/articles/${SLUG.slice(0, 24)}…`, article.requests.average.toFixed(0), ms(article.latency.p50), ms(article.latency.p99), String(article.errors + article.non2xx)],
    ]
    console.log(`\n${CONNECTIONS} connections, ${DURATION} s per route\n`)
    for (const row of rows) console.log(row.map((cell, index) => (index === 0 ? cell.padEnd(40) : cell.padStart(10))).join(''))
    const checks = [
      { name: `ratio article/baseline ${ratio.toFixed(2)} ≥ 0.5`, ok: ratio >= 0.5 },
      { name: `article p99 ${ms(article.latency.p99)} < 50 ms`, ok: article.latency.p99 < 50 },
      { name: `RSS ${mb(early)} after 1,000 requests → ${mb(late)} after 20,000: growth ${mb(late - early)} ≤ 50 MB`, ok: late - early <= 50 * 1024 * 1024 },
      { name: 'no errors or non-2xx answers', ok: article.errors + article.non2xx + baseline.errors + baseline.non2xx === 0 },
    ]
    console.log('')
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}`)
    process.exitCode = checks.every((check) => check.ok) ? 0 : 1
  } finally {
    child.kill('SIGTERM')
    if (ready.dir) await rm(ready.dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
