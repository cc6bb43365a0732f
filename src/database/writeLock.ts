/**
 * One writer at a time, in the order they asked. SQLite lets one connection write at once; a
 * process that let its writers race for the file's lock would have them spin (or, with a busy
 * timeout, block the event loop) while the lock holder cannot even run. Waiting here costs
 * nothing while it waits, and gives up after a bound so that nothing waits forever.
 */
import { DatabaseBusyError } from './transient'

export type Release = () => void

type Waiter = { readonly grant: (release: Release) => void; readonly timer: NodeJS.Timeout }

export class WriteLock {
  private held = false
  private readonly queue: Waiter[] = []

  /** How many are waiting (not counting the holder). */
  get waiting(): number {
    return this.queue.length
  }

  get isHeld(): boolean {
    return this.held
  }

  acquire(timeoutMs: number): Promise<Release> {
    if (!this.held) {
      this.held = true
      return Promise.resolve(this.releaser())
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter)
          if (index >= 0) this.queue.splice(index, 1)
          reject(new DatabaseBusyError(`waited ${timeoutMs} ms for another write to finish`))
        }, timeoutMs),
      }
      this.queue.push(waiter)
    })
  }

  /** A release that works once: a second call (a rollback after a failed commit) does nothing. */
  private releaser(): Release {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.queue.shift()
      if (!next) {
        this.held = false
        return
      }
      clearTimeout(next.timer)
      // Hand over on the next turn of the event loop, not at once: a queue of writers granted
      // one after another within the same turn would hold up every request waiting for I/O.
      setImmediate(() => next.grant(this.releaser()))
    }
  }
}
