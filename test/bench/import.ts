/**
 * `npm run bench:import`: a generated WordPress export of 5,000 posts and 100,000 comments
 * (threads up to five deep, every status, pingbacks, 40 authors, 20 categories, 100 tags, 100
 * images) imported into a fresh SQLite newsroom, then imported again. Each run is its own
 * process, so its peak resident memory is the importer's alone. Targets on this machine: the
 * import in under 10 minutes and under 500 MB; the second run creates and updates nothing.
 *
 * BENCH_POSTS and BENCH_COMMENTS change the size.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { IMPORT_ENV } from '../../src/import/tuning'
import { generateExport } from '../helpers/wxr'

const POSTS = Number(process.env.BENCH_POSTS ?? 5_000)
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 100_000)

type RunResult = { seconds: number; peakRssMb: number; counts: Record<string, Record<string, number>> }

function importRun(file: string, uploads: string, dir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), '--import', 'tsx', path.join(import.meta.dirname, 'importRun.ts'), file, uploads, dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'], // As `npm run import:wordpress` starts it (see src/import/tuning.ts).
        env: { ...process.env, ...IMPORT_ENV },
      },
    )
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`import run exited ${code}: ${output}`))
      resolve(JSON.parse(line) as RunResult)
    })
  })
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-import-bench-'))
  try {
    const file = path.join(dir, 'export.xml')
    const uploads = path.join(dir, 'uploads')
    const generated = Date.now()
    const comments = await generateExport(file, uploads, { posts: POSTS, comments: COMMENTS })
    const size = (await stat(file)).size
    console.log(
      `Generated ${POSTS.toLocaleString('en')} posts and ${COMMENTS.toLocaleString('en')} comments: ${(size / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - generated) / 1000).toFixed(1)} s`,
    )
    const first = await importRun(file, uploads, dir)
    console.log(`First import: ${first.seconds.toFixed(1)} s, peak RSS ${first.peakRssMb.toFixed(0)} MB`)
    console.log(JSON.stringify(first.counts))
    const database = (await stat(path.join(dir, 'newsroom.db'))).size
    const second = await importRun(file, uploads, dir)
    console.log(`Second import of the same file: ${second.seconds.toFixed(1)} s, peak RSS ${second.peakRssMb.toFixed(0)} MB`)
    console.log(JSON.stringify(second.counts))
    console.log(`Database after the import: ${(database / 1024 / 1024).toFixed(0)} MB`)
    const changed = Object.values(second.counts).reduce((sum, counts) => sum + (counts.created ?? 0) + (counts.updated ?? 0), 0)
    const checks: Array<[boolean, string]> = [
      [first.counts.articles!.created === POSTS, `every post imported (${first.counts.articles!.created} of ${POSTS})`],
      [first.counts.comments!.created === comments, `every comment imported (${first.counts.comments!.created} of ${comments})`],
      [first.seconds < 600, `import ${first.seconds.toFixed(0)} s < 600 s`],
      [first.peakRssMb < 500, `peak RSS ${first.peakRssMb.toFixed(0)} MB < 500 MB`],
      [changed === 0, `the second run created or updated ${changed} records (0 expected)`],
    ]
    for (const [ok, text] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`)
    if (checks.some(([ok]) => !ok)) process.exitCode = 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
