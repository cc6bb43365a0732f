/** One import run for `npm run bench:import`, in its own process: prints its time, peak memory and counts as one JSON line. */
import { createReadStream } from 'node:fs'
import { performance } from 'node:perf_hooks'

import { getPayload } from 'payload'

import { tuneForImport } from '../../src/import/tuning'
import { WordPressExport } from '../../src/import/wordpress'
import { importInto } from '../../src/import/writer'
import { newsroomConfig } from '../../src/newsroomConfig'
import { settingsFor } from '../helpers/settings'

async function main(): Promise<void> {
  tuneForImport()
  const [file, uploads, dir] = process.argv.slice(2) as [string, string, string]
  const settings = settingsFor(dir, { port: 0, secret: 'benchmark-secret-benchmark-secret-0123' })
  const config = await newsroomConfig(settings, { logger: { options: { level: 'warn' } } as never })
  const payload = await getPayload({ config })
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  if (totalDocs === 0)
    await payload.create({ collection: 'users', data: { email: 'chief@bench.example', name: 'Chief', roles: ['admin'], password: 'benchmark password' }, overrideAccess: true })
  const timer = process.env.BENCH_MEMORY_LOG
    ? setInterval(() => {
        ;(globalThis as { gc?: () => void }).gc?.()
        const m = process.memoryUsage()
        process.stderr.write(
          `mem rss ${(m.rss / 1048576).toFixed(0)} heap ${(m.heapUsed / 1048576).toFixed(0)}/${(m.heapTotal / 1048576).toFixed(0)} ext ${(m.external / 1048576).toFixed(0)} ab ${(m.arrayBuffers / 1048576).toFixed(0)}\n`,
        )
      }, 1000)
    : null
  const started = performance.now()
  const { report } = await importInto(payload, new WordPressExport(() => createReadStream(file, { highWaterMark: 1 << 20 })), { file: 'export.xml', uploadsDir: uploads })
  const seconds = (performance.now() - started) / 1000
  if (timer) clearInterval(timer)
  await payload.destroy()
  process.stdout.write(`\n${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, counts: report.counts })}\n`)
  process.exit(0)
}

void main()
