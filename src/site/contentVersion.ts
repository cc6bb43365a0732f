/**
 * A process-wide counter of published-content changes. Collection hooks bump it on every
 * write that can change a public page; the page cache serves an entry only while the counter
 * is unchanged, so a publish, an update or a correction shows at once.
 */
const KEY = Symbol.for('payload-security-newsroom.contentVersion')
type Holder = { [KEY]?: number }

export const contentVersion = (): number => (globalThis as Holder)[KEY] ?? 0

export function bumpContentVersion(): void {
  const holder = globalThis as Holder
  holder[KEY] = (holder[KEY] ?? 0) + 1
}
