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
  /** Runs of parts between filled slots, compressed for joining (see run); made as visitors need them. */
  readonly runs: Map<string, Deflated>
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
    runs: new Map(),
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

/** The few Accept-Encoding values browsers send, already understood. */
const ACCEPTED = new Map<string, Encoding>()

/** The best encoding the client accepts of those the site sends (brotli, then gzip). */
export function acceptedEncoding(header: string | string[] | undefined, options: { brotli: boolean }): Encoding {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '')
  if (!value) return 'identity'
  const key = `${options.brotli ? 1 : 0}${value}`
  const known = ACCEPTED.get(key)
  if (known) return known
  const chosen = chooseEncoding(value, options)
  if (value.length <= 200) {
    if (ACCEPTED.size >= 64) ACCEPTED.clear()
    ACCEPTED.set(key, chosen)
  }
  return chosen
}

function chooseEncoding(value: string, options: { brotli: boolean }): Encoding {
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

/**
 * The whole body (no slot filled) in `encoding`, compressed once and kept with the response.
 * The first request gets gzip at its fastest level; the best forms (brotli, gzip at its usual
 * level) are made just after it has been answered, so a page just rendered again goes out
 * without waiting for them.
 */
export function encodedBody(response: Rendered, encoding: Encoding): { body: Buffer[]; encoding: Encoding } {
  const parts = compose(response)
  const size = parts.reduce((total, part) => total + part.length, 0)
  if (encoding === 'identity' || size < MIN_COMPRESS_BYTES) return { body: parts, encoding: 'identity' }
  const encoded = response.encoded as Partial<Record<'br' | 'gzip', Buffer>>
  if (encoding === 'br' && encoded.br) return { body: [encoded.br], encoding: 'br' }
  if (!encoded.gzip) {
    encoded.gzip = gzipSync(Buffer.concat(parts), { level: 1 })
    setImmediate(() => {
      const whole = Buffer.concat(parts)
      encoded.gzip = gzipSync(whole)
      encoded.br = brotliCompressSync(whole, BROTLI_OPTIONS)
    })
  }
  return { body: [encoded.gzip], encoding: 'gzip' }
}

// ——— CRC-32 of joined pieces, from the pieces' own (as zlib's crc32_combine) ———

const CRC_POLY = 0xedb88320

/** a × b modulo the CRC polynomial (bit-reflected). */
function multModP(a: number, b: number): number {
  let m = 0x80000000
  let p = 0
  for (;;) {
    if (a & m) {
      p ^= b
      if ((a & (m - 1)) === 0) break
    }
    m >>>= 1
    b = b & 1 ? (b >>> 1) ^ CRC_POLY : b >>> 1
  }
  return p >>> 0
}

/** x^(2^k) modulo the polynomial, for k = 0…31. */
const X2N: number[] = (() => {
  const table = [0x40000000]
  for (let k = 1; k < 32; k += 1) table.push(multModP(table[k - 1]!, table[k - 1]!))
  return table
})()

/** The CRC of A followed by B, from CRC(A), CRC(B) and B's length: B's bytes are not read again. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  let n = lengthB
  let k = 3 // x^(8n): a byte is eight bits
  let p = 0x80000000
  while (n > 0) {
    if (n & 1) p = multModP(X2N[k & 31]!, p)
    n = Math.floor(n / 2)
    k += 1
  }
  return (multModP(p, crcA) ^ crcB) >>> 0
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])

/**
 * A fill as deflate "stored" blocks (RFC 1951 §3.2.4): its bytes as they are, framed. A fill is
 * a few kilobytes, and compressing it would cost more than the bytes it saves; it follows a
 * full flush, so the stream is at a byte boundary where such a block may begin.
 */
function storedBlocks(data: Buffer): Buffer[] {
  const blocks: Buffer[] = []
  for (let at = 0; at < data.length; at += 0xffff) {
    const chunk = data.subarray(at, Math.min(data.length, at + 0xffff))
    const header = Buffer.alloc(5)
    header[0] = 0 // not the last block; type 00, stored
    header.writeUInt16LE(chunk.length, 1)
    header.writeUInt16LE(~chunk.length & 0xffff, 3)
    blocks.push(header, chunk)
  }
  return blocks
}

/** At most this many runs of a page (between the slots some visitor filled) are kept compressed. */
const MAX_RUNS = 64

/**
 * The shared text from part `from` to part `to` (the slots between them empty), compressed as
 * deflate blocks that end on a full flush, and kept: the runs between the slots a visitor
 * fills are few and mostly the same (before the reply form, after it), so each is compressed
 * once, whole, as well as the page itself would be.
 */
function run(response: Rendered, from: number, to: number): Deflated {
  const { runs } = response
  const key = `${from}-${to}`
  const known = runs.get(key)
  if (known) return known
  const data = Buffer.concat(response.parts.slice(from, to + 1))
  const made = { raw: data.length ? deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH }) : Buffer.alloc(0), crc: crc32(data), length: data.length }
  runs.set(key, made)
  if (runs.size > MAX_RUNS) runs.delete(runs.keys().next().value!)
  return made
}

const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0))

/**
 * One gzip stream of the response with its slots filled, without compressing the shared text
 * again: the runs between filled slots are kept compressed, each ending on a full flush (no
 * reference reaches across it), so they and the fills (as stored blocks) follow one another in
 * one stream. The checksum is joined from the pieces' own.
 */
export function gzipJoined(response: Rendered, fills: Fills): Buffer[] {
  const out: Buffer[] = [GZIP_HEADER]
  let crc = 0
  let length = 0
  const add = (piece: Deflated, blocks: ReadonlyArray<Buffer>) => {
    if (piece.length === 0) return
    out.push(...blocks)
    crc = length === 0 ? piece.crc : crc32Combine(crc, piece.crc, piece.length)
    length += piece.length
  }
  let from = 0
  response.slots.forEach((name, index) => {
    const fill = fillBytes(name, fills)
    if (!fill) return
    const before = run(response, from, index)
    add(before, [before.raw])
    add({ raw: fill, crc: crc32(fill), length: fill.length }, storedBlocks(fill))
    from = index + 1
  })
  const rest = run(response, from, response.parts.length - 1)
  add(rest, [rest.raw])
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(length >>> 0, 4)
  out.push(FINAL_BLOCK, trailer)
  return out
}

type Entry = { readonly version: string; readonly expires: number; readonly value: unknown; used: number }

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
    // Least recently used goes first: re-inserted when used, at most once a second (a hot page is used constantly).
    if (now - entry.used >= 1000) {
      entry.used = now
      this.entries.delete(key)
      this.entries.set(key, entry)
    }
    return entry.value as T
  }

  set(key: string, version: string, expires: number, value: T): void {
    this.entries.delete(key)
    this.entries.set(key, { version, expires, value, used: Date.now() })
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
