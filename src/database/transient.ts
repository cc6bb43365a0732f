/**
 * Contention is not an error: a database that is busy for a moment (SQLite's write lock held
 * by another process, a MongoDB write conflict) is waited out and retried within a bound, and
 * past it the request is answered "try again shortly" (503 with Retry-After), never 500.
 */

/** How long a write may wait for the database (other writers, other processes) before it is answered 503. */
export const DATABASE_BUSY_TIMEOUT_MS = 5000

/** Seconds a client is asked to wait before retrying a request the database was too busy for. */
export const RETRY_AFTER_SECONDS = 2

/** Kept in the message so the error is still recognised after a library re-wraps it by message. */
const BUSY_MARKER = 'database is busy'

export const BUSY_SENTENCE = 'The newsroom is very busy right now and could not save this in time. Nothing was saved; please try again in a few seconds.'

export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError'
  readonly code = 'SQLITE_BUSY'
  readonly status = 503

  constructor(detail: string) {
    super(`The ${BUSY_MARKER}: ${detail}`)
  }
}

type ErrorLike = { message?: unknown; code?: unknown; codeName?: unknown; errorLabels?: unknown; cause?: unknown; errorLabelSet?: unknown }

function labelsOf(error: ErrorLike): string[] {
  if (Array.isArray(error.errorLabels)) return error.errorLabels.map(String)
  if (error.errorLabelSet instanceof Set) return [...error.errorLabelSet].map(String)
  return []
}

/** The error itself and every error it wraps (`cause`), outermost first. */
function* chain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth += 1) {
    yield current as ErrorLike
    current = (current as ErrorLike).cause
  }
}

/**
 * Whether an error means "the database was momentarily busy; the same work may succeed if
 * tried again": SQLite's SQLITE_BUSY (and our own bound on waiting for it), PostgreSQL's
 * serialisation failures, deadlocks and a pool with no connection free in time, MongoDB's
 * transient transaction errors and write conflicts.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (const link of chain(error)) {
    if (link instanceof DatabaseBusyError) return true
    const code = typeof link.code === 'string' ? link.code : ''
    if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') return true
    // PostgreSQL: a serialisation failure (40001), a deadlock (40P01), a lock not granted in time
    // (55P03), a write transaction ended for sitting idle (25P03, see postgres.ts); and no pooled
    // connection free within the bound.
    if (code === '40001' || code === '40P01' || code === '55P03' || code === '25P03') return true
    // MongoDB: WriteConflict (112), the labels drivers put on retryable transaction failures.
    if (link.code === 112 || link.codeName === 'WriteConflict') return true
    const labels = labelsOf(link)
    if (labels.includes('TransientTransactionError') || labels.includes('UnknownTransactionCommitResult')) return true
    const message = typeof link.message === 'string' ? link.message : ''
    if (message.includes(BUSY_MARKER) || /SQLITE_BUSY|database is locked|timeout exceeded when trying to connect/.test(message)) return true
    // PostgreSQL's connection lost mid-work or not to be had (the network cut, the server
    // restarting, the session ended for idling): the transaction is gone, and a new connection may
    // do the work. Admin shutdown (57P01), connection failures (08xxx), the socket's errors.
    if (code === '57P01' || code.startsWith('08') || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true
    if (/^Connection terminated|is not queryable|connection error/i.test(message)) return true
  }
  return false
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A short wait that grows with each attempt, with jitter so that competing writers spread out. */
export const backoffMs = (attempt: number, capMs = 50): number => Math.min(capMs, 2 ** Math.min(attempt, 10)) * (0.5 + Math.random() / 2)

/**
 * Runs `work` again while it fails with a transient database error, for at most `boundMs`
 * in all; then throws DatabaseBusyError. Each attempt must be all-or-nothing (one
 * transaction), so that running it again is safe.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: { boundMs: number; onRetry?: (error: unknown, attempt: number) => void }): Promise<T> {
  const deadline = Date.now() + options.boundMs
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work()
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error
      if (Date.now() >= deadline) throw error instanceof DatabaseBusyError ? error : new DatabaseBusyError(`still busy after ${options.boundMs} ms of retries`)
      options.onRetry?.(error, attempt)
      await sleep(backoffMs(attempt))
    }
  }
}
