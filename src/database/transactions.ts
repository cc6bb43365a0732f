/**
 * Work that must be stored whole or not at all: one database transaction on a request of its
 * own, retried while the database is only momentarily busy. Every read and write inside must
 * pass the given `req`, or it would run outside the transaction (and, on SQLite, wait for the
 * lock the transaction itself holds).
 */
import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { DATABASE_BUSY_TIMEOUT_MS, retryTransient } from './transient'

export type TransactionOptions = {
  /** The user the work is done as (for access rules and logs); none for system work. */
  readonly user?: PayloadRequest['user']
  /** How long to keep retrying when the database is busy, in ms. */
  readonly retryForMs?: number
}

export async function inTransaction<T>(payload: Payload, work: (req: PayloadRequest) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  return retryTransient(
    async () => {
      const req = await createLocalReq(options.user ? { user: options.user } : {}, payload)
      const own = await initTransaction(req)
      try {
        const result = await work(req)
        if (own) await commitTransaction(req)
        return result
      } catch (error) {
        if (own) await killTransaction(req)
        throw error
      }
    },
    { boundMs: options.retryForMs ?? DATABASE_BUSY_TIMEOUT_MS },
  )
}
