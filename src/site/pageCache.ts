/**
 * Rendered public responses, shared by all anonymous readers. An entry is served only while
 * the content version it was rendered at is current and its expiry (the next embargo lift)
 * has not passed; anything per-reader is never stored here.
 */
import { createHash } from 'node:crypto'

export type Rendered = {
  readonly status: number
  readonly contentType: string
  readonly cacheControl: string
  readonly body: Buffer
  readonly etag: string
  readonly lastModified: string
  /** The body cut where each visitor's form tokens go; null when the page has no form. */
  readonly segments: Buffer[] | null
}

/** Where a page's per-visitor form tokens (CSRF, form time) are put when it is sent. */
export const TOKENS_SLOT = '<!--newsroom:form-tokens-->'

type Entry = { readonly version: string; readonly expires: number; readonly response: Rendered }

export const etagOf = (body: Buffer): string => `"${createHash('sha1').update(body).digest('base64url')}"`

export function rendered(status: number, contentType: string, cacheControl: string, text: string, now = new Date()): Rendered {
  const body = Buffer.from(text, 'utf8')
  const segments = text.includes(TOKENS_SLOT) ? text.split(TOKENS_SLOT).map((part) => Buffer.from(part, 'utf8')) : null
  return { status, contentType, cacheControl, body, etag: etagOf(body), lastModified: new Date(Math.floor(now.getTime() / 1000) * 1000).toUTCString(), segments }
}

export class PageCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly maxEntries = 500) {}

  get(key: string, version: string, now = Date.now()): Rendered | null {
    const entry = this.entries.get(key)
    if (!entry) return null
    if (entry.version !== version || entry.expires <= now) {
      this.entries.delete(key)
      return null
    }
    // Least recently used goes first: re-insert on every hit.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.response
  }

  set(key: string, version: string, expires: number, response: Rendered): void {
    this.entries.delete(key)
    this.entries.set(key, { version, expires, response })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  get size(): number {
    return this.entries.size
  }
}
