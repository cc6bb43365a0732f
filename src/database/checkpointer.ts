/**
 * Checkpoints on a thread of their own. In WAL mode every commit appends to the write-ahead log,
 * and now and then the log's pages must be copied back into the database file and synced to
 * disk (a checkpoint). SQLite does this inside whichever COMMIT crosses its threshold: on the
 * event loop, for tens to hundreds of milliseconds, while every other request waits. Here a
 * worker thread with its own connection checkpoints a few times a second instead, waiting
 * (when it must) only on its own thread; the request path's connections checkpoint by
 * themselves only if the log grows far past what the worker keeps it to.
 */
import { Worker } from 'node:worker_threads'

export type CheckpointerOptions = {
  /** The database file. */
  readonly path: string
  /** Where the libsql package is (the worker loads it by path). */
  readonly libsql: string
  readonly synchronous: 'FULL' | 'NORMAL'
  /** How often the worker checkpoints, in ms. */
  readonly intervalMs?: number
  /** Past this many pages in the log, a checkpoint also rewinds it to empty when it can. */
  readonly truncatePages?: number
}

/** The requests' connections checkpoint themselves only past this many log pages (SQLite's default is 1,000). */
export const SAFETY_NET_PAGES = 50_000

// Plain JavaScript, run with `eval`: the worker needs no loader and no bundler's help to start.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.path)
db.exec('PRAGMA busy_timeout = 200')
db.exec('PRAGMA synchronous = ' + workerData.synchronous)
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true)
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').raw(true)
parentPort.postMessage('ready')
const timer = setInterval(() => {
  try {
    const [busy, log, done] = passive.all()[0]
    // Everything is copied back and the log is long: rewind it (waits here, for readers to move on).
    if (!busy && log > workerData.truncatePages && done === log) truncate.all()
  } catch {
    // Busy or briefly unavailable: the next round tries again.
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try { passive.all() } catch {}
  db.close()
  parentPort.postMessage('stopped')
})
`

export class Checkpointer {
  private readonly worker: Worker
  private stopped: Promise<void> | null = null
  /** Resolves once the worker has its connection open (or has failed to start). */
  readonly ready: Promise<void>

  constructor(options: CheckpointerOptions) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        path: options.path,
        libsql: options.libsql,
        synchronous: options.synchronous,
        intervalMs: options.intervalMs ?? 250,
        truncatePages: options.truncatePages ?? 1024,
      },
    })
    // It must never keep the process alive, nor take it down.
    this.worker.unref()
    this.worker.on('error', () => undefined)
    this.ready = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve())
      this.worker.once('exit', () => resolve())
    })
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const done = () => resolve()
      this.worker.on('message', (message) => message === 'stopped' && void this.worker.terminate().then(done, done))
      this.worker.once('exit', done)
      this.worker.postMessage('stop')
    })
    return this.stopped
  }
}
