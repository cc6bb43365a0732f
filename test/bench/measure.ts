/** What the benchmarks share: how figures are printed and read, and writing many rows in one transaction. */
import type { Payload, PayloadRequest } from 'payload'

export const ms = (value: number): string => `${value.toFixed(1)} ms`

export const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN

/** Runs `work` in one transaction (rows written at the adapter, many at a time). */
export async function inTransaction(payload: Payload, work: (req: Partial<PayloadRequest>) => Promise<void>): Promise<void> {
  const transactionID = await payload.db.beginTransaction()
  const req = { transactionID: transactionID ?? undefined, payload } as Partial<PayloadRequest>
  await work(req)
  if (transactionID) await payload.db.commitTransaction(transactionID)
}
