/**
 * A signed-in reader's picture, fetched once from the provider's address and kept as a small
 * WebP of our own, so the site shows it from its own origin (no third party sees our readers,
 * and the page's `img-src 'self'` holds).
 *
 * The address comes from the provider's profile, which for some providers the person can set:
 * it is treated as hostile. https only; every address the name resolves to must be public
 * (checked where the connection is made, so DNS cannot change its answer in between); at most
 * 2 MB, 4 seconds and 3 redirects; the bytes must be a raster image, which sharp then redraws.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'

import { ACCEPTED_MIME_TYPES, sniffFileType } from '../media/imageType'

export const AVATAR_SIZE = 96
const MAX_BYTES = 2 * 1024 * 1024
const TIMEOUT_MS = 4000
const MAX_REDIRECTS = 3

/** Addresses on the public internet: not loopback, private, link-local, shared, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address)
  if (version === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number)
    if (a === 0 || a === 10 || a === 127 || a >= 224) return false
    if (a === 100 && b >= 64 && b <= 127) return false
    if (a === 169 && b === 254) return false
    if (a === 172 && b >= 16 && b <= 31) return false
    if (a === 192 && (b === 168 || b === 0)) return false
    if (a === 198 && (b === 18 || b === 19)) return false
    return true
  }
  if (version === 6) {
    const lower = address.toLowerCase()
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1]
    if (mapped) return isPublicAddress(mapped)
    if (lower === '::' || lower === '::1') return false
    if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff')) return false
    if (lower.startsWith('64:ff9b:') || lower.startsWith('2001:db8')) return false
    return true
  }
  return false
}

const isLoopbackAddress = (address: string): boolean => address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1'

/** A DNS lookup that refuses to connect anywhere but the public internet (and, when allowed, this machine). */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as LookupAddress[]
      const refused = list.find((entry) => !(isPublicAddress(entry.address) || (allowLoopback && isLoopbackAddress(entry.address))))
      if (refused || list.length === 0) return callback(Object.assign(new Error(`refusing to fetch from ${refused?.address ?? 'nowhere'}`), { code: 'EADDRNOTPUBLIC' }), '', 0)
      if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

function get(url: URL, allowLoopback: boolean): Promise<{ status: number; location: string | null; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const request = client.get(url, { lookup: guardedLookup(allowLoopback), timeout: TIMEOUT_MS, headers: { Accept: 'image/*' } }, (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_BYTES) request.destroy(new Error('avatar larger than 2 MB'))
        else chunks.push(chunk)
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error('avatar request timed out')))
    request.on('error', reject)
  })
}

/**
 * The picture at `address`, redrawn as a square WebP; null when it cannot be had safely.
 * `allowLoopback`: the provider itself runs on this machine (development, tests).
 */
export async function fetchAvatar(address: string, options: { allowLoopback: boolean }): Promise<Buffer | null> {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return null
  }
  try {
    for (let redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
      const plainAllowed = options.allowLoopback && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]')
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainAllowed)) return null
      if (url.username || url.password) return null
      const response = await get(url, options.allowLoopback)
      if (response.status >= 300 && response.status < 400 && response.location) {
        url = new URL(response.location, url)
        continue
      }
      if (response.status !== 200) return null
      const type = sniffFileType(response.body)
      if (!type || !(ACCEPTED_MIME_TYPES as ReadonlyArray<string>).includes(type.mimeType)) return null
      const { default: sharp } = await import('sharp')
      return await sharp(response.body, { animated: false, limitInputPixels: 40_000_000 }).resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 80 }).toBuffer()
    }
    return null
  } catch {
    return null
  }
}
