/**
 * Rendered public responses, shared by every reader. A response is cut at named slots, the
 * places where one visitor's own parts go (their form tokens, their comments awaiting
 * moderation, the reply form as they see it); sending it fills the slots without rendering
 * the page again. Compressed forms are made once per response and kept with it; a response
 * with filled slots is compressed by joining its parts' stored deflate blocks around the few
 * bytes of its own (see gzipJoined).
 *
 * An entry is served only while the content version it was rendered at is current and its
 * expiry (the next embargo lift) has not passed; nothing for one visitor is ever stored here.
 */
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, crc32, deflateRawSync, gzipSync } from 'node:zlib'

import { SafeHtml } from './html'

/** Where a named slot is, in rendered text. Reader and editor text cannot make one: `<` is always escaped. */
const SLOT_PATTERN = /<!--newsroom:slot:([a-z][a-z-]*(?::[\w-]+)?)-->/g
export const slot = (name: string): SafeHtml => new SafeHtml(`<!--newsroom:slot:${name}-->`)

/** The slot for a visitor's form tokens (CSRF, form time). */
export const TOKENS = 'form-tokens'

export type Encoding = 'br' | 'gzip' | 'identity'

type Deflated = { readonly raw: Buffer; readonly crc: number; readonly length: number }

export type Rendered = {
  readonly status: number
  readonly contentType: string
  readonly cacheControl: string
  /** The text between the slots: one more part than there are slots. */
  readonly parts: ReadonlyArray<Buffer>
  /** The slots' names, in order; a name may appear more than once. */
  readonly slots: ReadonlyArray<string>
  /** Which slot names the response has. */
  readonly slotNames: ReadonlySet<string>
  /** A weak validator of the rendered text (slots empty): compressed forms are the same representation. */
  readonly etag: string
  readonly lastModified: string
  /** Compressed whole bodies (responses sent with every slot empty), made on first request. */
  readonly encoded: Partial<Record<'br' | 'gzip', Buffer>>
  /** Each part as raw deflate blocks ending on a full flush, for joining; made on first request. */
  deflated?: ReadonlyArray<Deflated>
}

export type Fills = ReadonlyMap<string, string | Buffer>

export function rendered(status: number, contentType: string, cacheControl: string, text: string, now = new Date()): Rendered {
  const pieces = text.split(SLOT_PATTERN)
  const parts = pieces.filter((_, index) => index % 2 === 0).map((part) => Buffer.from(part, 'utf8'))
  const slots = pieces.filter((_, index) => index % 2 === 1)
  const hash = createHash('sha1')
  for (const part of parts) hash.update(part)
  return {
    status,
    contentType,
    cacheControl,
    parts,
    slots,
    slotNames: new Set(slots),
    etag: `W/"${hash.digest('base64url')}"`,
    lastModified: new Date(Math.floor(now.getTime() / 1000) * 1000).toUTCString(),
    encoded: {},
  }
}

/** A fill as bytes; slots inside a fill (the form tokens in a reply form) are filled from the same fills. */
function fillBytes(name: string, fills: Fills): Buffer | null {
  const fill = fills.get(name)
  if (fill === undefined || fill.length === 0) return null
  if (typeof fill !== 'string') return fill
  const text = fill.includes('<!--newsroom:slot:')
    ? fill.replace(SLOT_PATTERN, (_marker, inner: string) => {
        const value = inner === name ? undefined : fills.get(inner)
        return value === undefined ? '' : value.toString()
      })
    : fill
  return Buffer.from(text, 'utf8')
}

/** The body with each slot filled (or empty), as the buffers to write in order. */
export function compose(response: Rendered, fills?: Fills): Buffer[] {
  if (response.slots.length === 0) return [...response.parts]
  const out: Buffer[] = [response.parts[0]!]
  response.slots.forEach((name, index) => {
    const fill = fills ? fillBytes(name, fills) : null
    if (fill) out.push(fill)
    out.push(response.parts[index + 1]!)
  })
  return out
}

/** The best encoding the client accepts of those the site sends (brotli, then gzip). */
export function acceptedEncoding(header: string | string[] | undefined, options: { brotli: boolean }): Encoding {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '')
  if (!value) return 'identity'
  const accepted = new Map<string, number>()
  for (const entry of value.toLowerCase().split(',')) {
    const [name, ...params] = entry.trim().split(';')
    if (!name) continue
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((found) => found !== undefined)
    accepted.set(name.trim(), q === undefined ? 1 : Number(q))
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (options.brotli && allows('br')) return 'br'
  if (allows('gzip')) return 'gzip'
  return 'identity'
}

/** Below this size compressing costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024

const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }

/** The whole body (no slot filled) in `encoding`, compressed once and kept with the response. */
export function encodedBody(response: Rendered, encoding: Encoding): { body: Buffer[]; encoding: Encoding } {
  const parts = compose(response)
  const size = parts.reduce((total, part) => total + part.length, 0)
  if (encoding === 'identity' || size < MIN_COMPRESS_BYTES) return { body: parts, encoding: 'identity' }
  const mutable = response.encoded as Partial<Record<'br' | 'gzip', Buffer>>
  mutable[encoding] ??= encoding === 'br' ? brotliCompressSync(Buffer.concat(parts), BROTLI_OPTIONS) : gzipSync(Buffer.concat(parts))
  return { body: [mutable[encoding]], encoding }
}

const deflatePiece = (data: Buffer): Deflated => ({
  raw: deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH }),
  crc: crc32(data),
  length: data.length,
})

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0))

/**
 * One gzip stream of the response with its slots filled, without compressing the shared parts
 * again: each part is stored as deflate blocks that end on a full flush (no reference reaches
 * across it), so the parts' blocks and the fills' own can follow one another in one stream. The
 * checksum covers the whole text, continued part by part.
 */
export function gzipJoined(response: Rendered, fills: Fills): Buffer[] {
  response.deflated ??= response.parts.map(deflatePiece)
  const out: Buffer[] = [GZIP_HEADER]
  let crc = 0
  let length = 0
  const add = (data: Buffer, stored?: Deflated) => {
    if (data.length === 0) return
    out.push(stored ? stored.raw : deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH }))
    crc = crc32(data, crc)
    length += data.length
  }
  add(response.parts[0]!, response.deflated[0])
  response.slots.forEach((name, index) => {
    const fill = fillBytes(name, fills)
    if (fill) add(fill)
    add(response.parts[index + 1]!, response.deflated![index + 1])
  })
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(length >>> 0, 4)
  out.push(FINAL_BLOCK, trailer)
  return out
}

type Entry = { readonly version: string; readonly expires: number; readonly value: unknown }

/** Least-recently-used entries, each valid for one content version and until its expiry. */
export class PageCache<T = Rendered> {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly maxEntries = 500) {}

  get(key: string, version: string, now = Date.now()): T | null {
    const entry = this.entries.get(key)
    if (!entry) return null
    if (entry.version !== version || entry.expires <= now) {
      this.entries.delete(key)
      return null
    }
    // Least recently used goes first: re-insert on every hit.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value as T
  }

  set(key: string, version: string, expires: number, value: T): void {
    this.entries.delete(key)
    this.entries.set(key, { version, expires, value })
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
