/**
 * `npm run bench:search`: 10,000 generated stories on the real SQLite adapter, the search index
 * built by the real rebuild (`npm run search:reindex`'s code), then a mix of queries through the
 * site's own /search route over HTTP (parsing, index, access check, facets, rendering): the
 * p95 must stay under 50 ms. Reported beside a baseline measured in the same process, the front
 * page from the site's cache, as a ratio. Also: the index build time and its size on disk.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

import { getPayload, type Payload } from 'payload'

import { attackTechniques } from '../../src/editorial/attack'
import { ATTACK_TYPES, ATTRIBUTION_CONFIDENCE, SECTORS } from '../../src/editorial/taxonomy'
import { createApp } from '../../src/http/app'
import { newsroomConfig } from '../../src/newsroomConfig'
import { rebuildSearchIndex } from '../../src/search/documents'
import { searchIndexPath } from '../../src/search/sqliteIndex'
import { createSite } from '../../src/site/router'
import { inTransaction, ms, percentile } from './measure'
import { settingsFor } from '../helpers/settings'

const TOTAL = Number(process.env.BENCH_STORIES ?? 10_000)
const TARGET_P95_MS = 50

/** A repeatable sequence, so every run stores the same stories. */
function sequence(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}
const random = sequence(2026)
const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)]!
const some = <T>(list: ReadonlyArray<T>, most: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(list)))]

const WORDS =
  'attackers breached network servers credentials stolen vulnerability exploited patch released firmware appliance gateway firewall router ransomware encrypted files demanded payment bitcoin extortion leak site published data customers employees hospital clinic school university council ministry agency contractor supplier software update malicious backdoor implant espionage campaign phishing emails attachment macro documents lure researchers analysts incident responders investigators forensic evidence indicators compromise domains infrastructure command control botnet traffic outage disruption services restored backups recovery insurance regulator fined disclosure notification breach affected million records passwords hashes tokens cloud storage misconfigured bucket exposed database scanning internet facing devices zero-day exploit chain privilege escalation lateral movement persistence scheduled task registry service account administrator domain controller'.split(
    ' ',
  )
const ACTORS = Array.from({ length: 60 }, (_, n) => ({ name: `Threat Group ${n + 1}`, aliases: [`APT${n + 100}`, `Panda ${n + 1}`] }))
const CVES = Array.from({ length: 800 }, (_, n) => `CVE-${2019 + (n % 7)}-${String(1000 + n * 37).padStart(4, '0')}`)
const TECHNIQUES = attackTechniques()
  .filter((technique) => !technique.revoked)
  .map((technique) => technique.id)

/**
 * Words as news uses them: a few very common, most rare (Zipf). The security words above lead;
 * behind them, 3,000 made-up words (syllables), so most words are in few stories, as in a real archive.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'zen', 'dar', 'pel', 'qua', 'bri', 'fon', 'gus', 'hal']
const LEXICON = [
  ...WORDS,
  ...Array.from({ length: 3_000 }, (_, n) => SYLLABLES[n % 16]! + SYLLABLES[Math.floor(n / 16) % 16]! + SYLLABLES[Math.floor(n / 256) % 16]! + (n >= 4096 ? 'x' : '')),
]
const ZIPF = (() => {
  const weights = LEXICON.map((_, rank) => 1 / (rank + 1))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  let running = 0
  return weights.map((weight) => (running += weight / total))
})()
const word = (): string => {
  const draw = random()
  let low = 0
  let high = ZIPF.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (ZIPF[middle]! < draw) low = middle + 1
    else high = middle
  }
  return LEXICON[low]!
}

const sentence = (length: number) => {
  const words = Array.from({ length }, word)
  return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`
}

/** The stories, written at the adapter (as the import writes comments): no hooks, so the index is built only by the rebuild. */
const usedCves = new Set<string>()

async function fill(payload: Payload): Promise<void> {
  const actors: Array<string | number> = []
  for (const actor of ACTORS) actors.push((await payload.create({ collection: 'threat-actors', data: actor, overrideAccess: true })).id)
  const topics: Array<string | number> = []
  for (let n = 0; n < 24; n++)
    topics.push((await payload.create({ collection: 'topics', data: { name: `Topic ${n + 1} ${pick(WORDS)}`, kind: n < 6 ? 'section' : 'tag' }, overrideAccess: true })).id)
  const now = Date.now()
  const batch = 500
  for (let start = 0; start < TOTAL; start += batch) {
    await inTransaction(payload, async (req) => {
      for (let n = start; n < Math.min(TOTAL, start + batch); n++) {
        const publishedAt = new Date(now - Math.floor(random() * 5 * 365 * 86_400_000)).toISOString()
        const title = `${sentence(6 + Math.floor(random() * 6)).slice(0, -1)} ${n}`
        await payload.db.create({
          collection: 'articles',
          req,
          data: {
            title,
            slug: `bench-story-${n}-${randomBytes(3).toString('hex')}`,
            dek: sentence(18),
            body: Array.from({ length: 8 }, () => ({ children: [{ text: Array.from({ length: 4 }, () => sentence(16)).join(' ') }] })),
            _status: 'published',
            publishedAt,
            firstPublishedAt: publishedAt,
            section: pick(topics.slice(0, 6)),
            tags: some(topics.slice(6), 3),
            comments: 'open',
            commentCount: 0,
            threadCount: 0,
            incident: {
              threatActors: random() < 0.6 ? some(actors, 2) : [],
              attributionConfidence: pick(ATTRIBUTION_CONFIDENCE).value,
              victims: [`${pick(WORDS)} ${pick(['Corp', 'Council', 'Hospital', 'University', 'Ltd'])}`],
              sectors: some(SECTORS, 2).map((option) => option.value),
              attackTypes: some(ATTACK_TYPES, 2).map((option) => option.value),
              cves: random() < 0.5 ? some(CVES, 3).map((cve) => (usedCves.add(cve), cve)) : [],
              attackTechniques: some(TECHNIQUES, 4),
              status: 'unknown',
            },
            reviewState: 'published',
            createdAt: publishedAt,
            updatedAt: publishedAt,
          },
        })
      }
    })
    const stored = Math.min(TOTAL, start + batch)
    if (stored % 2_000 === 0 || stored === TOTAL) console.log(`  stored ${stored.toLocaleString('en-GB')} stories`)
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-search-bench-'))
  const settings = settingsFor(dir, { port: 0, secret: 'benchmark-secret-benchmark-secret-0123' })
  const config = await newsroomConfig(settings, { logger: { options: { level: 'warn' } } as never })
  const payload = await getPayload({ config })
  let server: http.Server | undefined
  try {
    console.log(`Storing ${TOTAL.toLocaleString('en-GB')} stories…`)
    await fill(payload)

    const building = performance.now()
    const indexed = await rebuildSearchIndex(payload)
    const buildSeconds = (performance.now() - building) / 1000
    const file = searchIndexPath(settings.database.kind === 'sqlite' ? settings.database.url : '')
    const size = (await stat(file)).size + (await stat(`${file}-wal`).catch(() => ({ size: 0 }))).size
    console.log(
      `Index built: ${indexed.toLocaleString('en-GB')} stories in ${buildSeconds.toFixed(1)} s (${Math.round(indexed / buildSeconds)} stories/s); ${(size / 1024 / 1024).toFixed(1)} MB on disk`,
    )

    const site = createSite({ payload, site: settings.site, staffCollection: 'users', mediaDir: settings.mediaDir })
    server = http.createServer(createApp({ payload, site }))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const get = (target: string) =>
      new Promise<{ status: number; elapsed: number; location?: string }>((resolve, reject) => {
        const started = performance.now()
        http
          .get(`${base}${target}`, { agent }, (response) => {
            response.resume()
            response.on('end', () => resolve({ status: response.statusCode ?? 0, elapsed: performance.now() - started, location: response.headers.location }))
          })
          .on('error', reject)
      })

    const queries = [
      ...Array.from({ length: 60 }, () => `q=${pick(WORDS)}`),
      ...Array.from({ length: 40 }, () => `q=${pick(WORDS)}+${pick(WORDS)}`),
      ...Array.from({ length: 20 }, () => `q=%22${pick(WORDS)}+${pick(WORDS)}%22`),
      ...Array.from({ length: 20 }, () => `q=${pick(WORDS)}&sector=${pick(SECTORS).value}`),
      ...Array.from({ length: 20 }, () => `q=${pick(WORDS)}&type=${pick(ATTACK_TYPES).value}&from=2023-01-01`),
      ...Array.from({ length: 20 }, () => `q=${pick(WORDS)}+${pick(WORDS)}&page=2`),
      ...Array.from({ length: 10 }, () => `q=${pick(WORDS).replace(/e/, 'a')}x`),
      ...Array.from({ length: 10 }, () => `q=${encodeURIComponent(`${pick(WORDS)} NEAR(" * ${pick(WORDS)}`)}`),
    ]
    for (const query of queries.slice(0, 20)) await get(`/search?${query}`) // warm-up
    const times: number[] = []
    const statuses: Record<number, number> = {}
    for (const query of queries) {
      const answer = await get(`/search?${query}`)
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
      times.push(answer.elapsed)
    }
    const jumps = await Promise.all([get(`/search?q=${[...usedCves][0]}`), get(`/search?q=${TECHNIQUES[5]}`), get('/search?q=APT105')])
    await get('/')
    const baseline: number[] = []
    for (let n = 0; n < 100; n++) baseline.push((await get('/')).elapsed)
    agent.destroy()

    const p95 = percentile(times, 95)
    console.log(`\nSearch over ${queries.length} queries (${JSON.stringify(statuses)}): median ${ms(percentile(times, 50))}, p95 ${ms(p95)}, max ${ms(Math.max(...times))}`)
    console.log(
      `Baseline, the cached front page: median ${ms(percentile(baseline, 50))}, p95 ${ms(percentile(baseline, 95))}; search p95 is ${(p95 / percentile(baseline, 95)).toFixed(1)}× it`,
    )
    console.log(`Exact ids and aliases: ${jumps.map((jump) => `${jump.status} → ${jump.location}`).join(', ')}`)
    const checks = [
      { name: `search p95 ${ms(p95)} < ${TARGET_P95_MS} ms`, ok: p95 < TARGET_P95_MS },
      { name: 'no 5xx, every page 200 or 404 (page 2 past the last)', ok: Object.keys(statuses).every((status) => status === '200' || status === '404') },
      { name: 'exact ids and an alias go to their pages (303)', ok: jumps.every((jump) => jump.status === 303) },
      { name: `every published story indexed (${indexed})`, ok: indexed === TOTAL },
    ]
    console.log('')
    for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}`)
    process.exitCode = checks.every((check) => check.ok) ? 0 : 1
  } finally {
    server?.close()
    await payload.destroy()
    if (process.env.BENCH_KEEP) console.log(`Kept the database in ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
