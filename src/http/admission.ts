/**
 * How much write work runs at once. SQLite calls are synchronous: a request that reaches the
 * database runs to its end within one turn of the event loop, so fifty comments arriving
 * together would otherwise be processed back to back in one turn while every page view and
 * health check waits behind them. Work admitted here starts at most one item per turn of the
 * event loop (and at most `maxRunning` at once, for databases reached over the network), so
 * reads are answered between any two writes. Past `maxWaiting` queued items, or after
 * `maxWaitMs` in the queue, work is refused with Overloaded: the caller answers 503 with
 * Retry-After instead of letting the queue, and everyone's wait, grow without bound.
 */
import { RETRY_AFTER_SECONDS } from '../database/transient'

export class Overloaded extends Error {
  override name = 'Overloaded'
  readonly status = 503
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS
}

export type AdmissionOptions = {
  /** Items running at once (their awaits may overlap when the database is reached over the network). */
  readonly maxRunning: number
  /** Items allowed to wait; the next is refused at once. */
  readonly maxWaiting: number
  /** The longest an item may wait before it is refused. */
  readonly maxWaitMs: number
}

export const DEFAULT_ADMISSION: AdmissionOptions = { maxRunning: 8, maxWaiting: 400, maxWaitMs: 15_000 }

type Waiting = { readonly start: () => void; readonly refuse: (error: Overloaded) => void; readonly since: number }

export class AdmissionQueue {
  private running = 0
  private readonly queue: Waiting[] = []
  private scheduled = false
  private readonly options: AdmissionOptions

  constructor(options: Partial<AdmissionOptions> = {}) {
    this.options = { ...DEFAULT_ADMISSION, ...options }
  }

  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length }
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.queue.length >= this.options.maxWaiting) return Promise.reject(new Overloaded(`${this.queue.length} submissions are already waiting`))
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        since: Date.now(),
        refuse: reject,
        start: () => {
          this.running += 1
          work()
            .then(resolve, reject)
            .finally(() => {
              this.running -= 1
              this.schedule()
            })
        },
      })
      this.schedule()
    })
  }

  /** Starts the next item on the next turn of the event loop, never within this one. */
  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.startOne()
    })
  }

  private startOne(): void {
    const now = Date.now()
    // Whatever waited too long is refused now rather than started late.
    while (this.queue.length && now - this.queue[0]!.since > this.options.maxWaitMs) {
      this.queue.shift()!.refuse(new Overloaded(`waited over ${this.options.maxWaitMs} ms`))
    }
    if (this.running >= this.options.maxRunning) return
    const next = this.queue.shift()
    if (!next) return
    next.start()
    if (this.queue.length) this.schedule()
  }
}
