/**
 * `npm run import:wordpress -- export.xml [--uploads DIR] [--dry-run] [--author-map FILE] [--skip-pingbacks]`:
 * imports a WordPress export into the configured database, with a progress line, and prints
 * the report (also stored under Admin → Imports, except for a dry run).
 */
import { createReadStream } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import path from 'node:path'

import { getPayload } from 'payload'

import { ConfigurationError, readSettings } from '../config/environment'
import { ArgumentProblem, parseAuthorMap, parseImportArguments } from './arguments'
import { progressLine } from './progress'
import { WordPressExport } from './wordpress'
import { ImportFileProblem } from './xml'
import { importInto, ImportRefused, type ImportProgress } from './writer'

function progressPrinter(): (progress: ImportProgress) => void {
  const tty = Boolean(process.stderr.isTTY)
  let phase = ''
  let since = Date.now()
  let printed = 0
  return (progress) => {
    const now = Date.now()
    if (progress.phase !== phase) {
      if (phase && tty) process.stderr.write('\n')
      phase = progress.phase
      since = now
      printed = 0
    }
    const last = progress.phase === 'done' || progress.done === progress.total
    if (!last && now - printed < (tty ? 100 : 5000)) return
    printed = now
    const line = progressLine(progress, since, now)
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`)
  }
}

async function main(): Promise<void> {
  const args = parseImportArguments(process.argv.slice(2))
  const file = path.resolve(args.file)
  try {
    if (!(await stat(file)).isFile()) throw new ArgumentProblem(`${args.file} is not a file.`)
  } catch (error) {
    if (error instanceof ArgumentProblem) throw error
    throw new ArgumentProblem(`Cannot read ${args.file}: no such file.`)
  }
  if (args.uploadsDir) {
    try {
      await access(args.uploadsDir)
    } catch {
      throw new ArgumentProblem(`The uploads folder ${args.uploadsDir} does not exist.`)
    }
  }
  const authorMap = args.authorMapFile ? parseAuthorMap(await readFile(args.authorMapFile, 'utf8')) : undefined
  readSettings(process.env, process.cwd())
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  try {
    const source = new WordPressExport(() => createReadStream(file, { highWaterMark: 1 << 20 }))
    const { text } = await importInto(payload, source, {
      file: path.basename(file),
      dryRun: args.dryRun,
      uploadsDir: args.uploadsDir,
      authorMap,
      pingbacks: args.pingbacks,
      onProgress: progressPrinter(),
    })
    process.stderr.write('\n')
    console.log(text)
  } finally {
    await payload.destroy()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigurationError || error instanceof ArgumentProblem || error instanceof ImportFileProblem || error instanceof ImportRefused)
      console.error(`\nimport: ${error.message}`)
    else console.error('\nimport: failed:', error)
    process.exit(1)
  },
)
