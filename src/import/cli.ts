/**
 * `npm run import:wordpress -- export.xml [--uploads DIR] [--fetch-media] [--dry-run] [--author-map FILE] [--skip-pingbacks]`
 * and `npm run import:disqus -- export.xml [--url-map FILE] [--dry-run]`: imports an export into
 * the configured database, with a progress line, and prints the report (also stored under
 * Admin → Imports, except for a dry run). The first argument, given by the npm script, is the format.
 */
import { createReadStream } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import path from 'node:path'

import { getPayload } from 'payload'

import { ConfigurationError, readSettings } from '../config/environment'
import { ArgumentProblem, parseAuthorMap, parseImportArguments, parseUrlMap, type ImportFormat } from './arguments'
import { DisqusExport } from './disqus'
import { progressLine } from './progress'
import { tuneForImport } from './tuning'
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
  const format: ImportFormat = process.argv[2] === 'disqus' ? 'disqus' : 'wordpress'
  const args = parseImportArguments(process.argv.slice(3), format)
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
  const readMap = async (file: string) => {
    try {
      return await readFile(file, 'utf8')
    } catch {
      throw new ArgumentProblem(`Cannot read ${file}: no such file.`)
    }
  }
  const authorMap = args.authorMapFile ? parseAuthorMap(await readMap(args.authorMapFile)) : undefined
  const urlMap = args.urlMapFile ? parseUrlMap(await readMap(args.urlMapFile)) : undefined
  readSettings(process.env, process.cwd())
  tuneForImport()
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  try {
    const open = () => createReadStream(file, { highWaterMark: 1 << 20 })
    const source = format === 'disqus' ? new DisqusExport(open) : new WordPressExport(open)
    const { text } = await importInto(payload, source, {
      file: path.basename(file),
      dryRun: args.dryRun,
      uploadsDir: args.uploadsDir,
      fetchMedia: args.fetchMedia,
      authorMap,
      urlMap,
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
