/**
 * Imports started from the admin: the uploaded file is imported in this process, in the
 * background, one at a time; the admin's Import view polls its progress and then shows the
 * report. A real run is also stored under Admin → Imports (by importInto), so it outlives this
 * process; a dry run's report lives here only, as a dry run writes nothing.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'

import type { Payload } from 'payload'

import type { ImportFormat } from './arguments'
import { DisqusExport } from './disqus'
import { progressLine } from './progress'
import type { ImportReportData } from './report'
import { tuneForImport } from './tuning'
import { WordPressExport } from './wordpress'
import { importInto, type ImportProgress } from './writer'

export type ImportJob = {
  readonly id: string
  readonly file: string
  readonly format: ImportFormat
  readonly dryRun: boolean
  readonly startedAt: string
  status: 'running' | 'finished' | 'failed'
  progress: ImportProgress | null
  /** The progress as one line, as the command prints it. */
  line: string
  report: ImportReportData | null
  reportText: string | null
  error: string | null
}

export type StartImport = {
  readonly path: string
  readonly file: string
  readonly format: ImportFormat
  readonly dryRun: boolean
  readonly pingbacks: 'keep' | 'skip'
  readonly fetchMedia: boolean
}

/** The problems a person fixes (a bad file, a newsroom not ready), as opposed to faults. */
const EXPECTED = new Set(['ImportFileProblem', 'ImportRefused'])
const KEPT = 10

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>()

  constructor(private readonly payload: Payload) {}

  running(): ImportJob | null {
    return [...this.jobs.values()].find((job) => job.status === 'running') ?? null
  }

  get(id: string): ImportJob | null {
    return this.jobs.get(id) ?? null
  }

  /** Starts an import of the file at `path` (deleted when the import ends). */
  start(input: StartImport): ImportJob {
    const job: ImportJob = {
      id: randomUUID(),
      file: input.file,
      format: input.format,
      dryRun: input.dryRun,
      startedAt: new Date().toISOString(),
      status: 'running',
      progress: null,
      line: 'Starting',
      report: null,
      reportText: null,
      error: null,
    }
    this.jobs.set(job.id, job)
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEPT))) this.jobs.delete(old)
    tuneForImport()
    const open = () => createReadStream(input.path, { highWaterMark: 1 << 20 })
    let phaseStarted = Date.now()
    const onProgress = (progress: ImportProgress) => {
      if (progress.phase !== job.progress?.phase) phaseStarted = Date.now()
      job.progress = progress
      job.line = progressLine(progress, phaseStarted, Date.now())
    }
    void importInto(this.payload, input.format === 'disqus' ? new DisqusExport(open) : new WordPressExport(open), {
      file: input.file,
      dryRun: input.dryRun,
      pingbacks: input.pingbacks,
      fetchMedia: input.fetchMedia,
      onProgress,
    })
      .then(({ report, text }) => Object.assign(job, { status: 'finished', report, reportText: text }))
      .catch((error: unknown) => {
        const known = error instanceof Error && EXPECTED.has(error.name)
        if (!known) this.payload.logger.error({ err: error, msg: `import of ${input.file} failed` })
        Object.assign(job, {
          status: 'failed',
          error: known
            ? error.message
            : 'The import stopped on an error in the newsroom; the server log has the details. What was imported so far is kept, and running it again continues.',
        })
      })
      .finally(() => rm(input.path, { force: true }))
    return job
  }
}
