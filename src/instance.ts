/**
 * A process-wide identity for the Payload instance. The Express side and Next's compiled copy
 * of this module both read it through a global symbol, so equal ids prove they share one
 * instance (and one database connection pool).
 */
import { randomUUID } from 'node:crypto'

const ID = Symbol.for('payload-security-newsroom.instanceId')
const INITS = Symbol.for('payload-security-newsroom.initCount')

type Tagged = { [ID]?: string }
type Counter = { [INITS]?: number }

export function instanceId(payload: object): string {
  const tagged = payload as Tagged
  tagged[ID] ??= randomUUID()
  return tagged[ID]
}

/** How many times the newsroom's onInit ran in this process: one instance means exactly 1. */
export const initCount = (): number => (globalThis as Counter)[INITS] ?? 0
export const countInit = (): void => {
  const counter = globalThis as Counter
  counter[INITS] = (counter[INITS] ?? 0) + 1
}
