/**
 * Work that must wait until a change is really stored: telling this process's page cache that
 * content changed, say. Done inside the transaction, it could run before the commit (another
 * request would re-render the old content under the new version) or for a change that is then
 * rolled back. `afterCommit(req, work)` runs `work` once `req`'s transaction commits, never if
 * it rolls back, and at once when there is no transaction. Any database adapter works: its
 * commit and rollback are wrapped once (`trackCommits`, from the plugin's onInit).
 */
import type { DatabaseAdapter, PayloadRequest } from 'payload'

type Work = () => void | Promise<void>
type TransactionId = string | number

const WAITING = Symbol.for('payload-security-newsroom.afterCommit')
type Tracked = DatabaseAdapter & { [WAITING]?: Map<TransactionId, Work[]> }

async function runAll(works: ReadonlyArray<Work>, log: (error: unknown) => void): Promise<void> {
  for (const work of works) {
    try {
      await work()
    } catch (error) {
      // The change is stored; a failing follow-up must not turn that into an error for the caller.
      log(error)
    }
  }
}

/** Wraps the adapter's commit and rollback so that work registered for a transaction runs after it commits. */
export function trackCommits(adapter: DatabaseAdapter, log: (error: unknown) => void): void {
  const tracked = adapter as Tracked
  if (tracked[WAITING]) return
  const waiting = new Map<TransactionId, Work[]>()
  tracked[WAITING] = waiting
  const commit = adapter.commitTransaction.bind(adapter)
  const rollback = adapter.rollbackTransaction.bind(adapter)
  adapter.commitTransaction = async (id) => {
    const key = await id
    try {
      await commit(key)
    } catch (error) {
      waiting.delete(key)
      throw error
    }
    const works = waiting.get(key)
    waiting.delete(key)
    if (works) await runAll(works, log)
  }
  adapter.rollbackTransaction = async (id) => {
    const key = await id
    waiting.delete(key)
    await rollback(key)
  }
}

export async function afterCommit(req: PayloadRequest | undefined, work: Work): Promise<void> {
  const id = req ? await req.transactionID : undefined
  const waiting = req ? (req.payload.db as unknown as Tracked)[WAITING] : undefined
  if (id === undefined || id === null || !waiting) {
    await work()
    return
  }
  const works = waiting.get(id)
  if (works) works.push(work)
  else waiting.set(id, [work])
}
