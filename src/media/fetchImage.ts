/**
 * An image fetched from an address that is treated as hostile (a reader's picture from their
 * provider's profile, an old site's attachment during an import): every address the name
 * resolves to must be public (checked where the connection is made, so DNS cannot change its
 * answer in between); bounded in bytes, time and redirects; and the bytes must really be one of
 * the image types the media library takes, whatever the server says they are.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'

import { isLoopbackUrl } from '../auth/providers'
import { ACCEPTED_MIME_TYPES, sniffFileType } from './imageType'

export type FetchRules = {
  readonly maxBytes: number
  readonly timeoutMs: number
  readonly maxRedirects: number
  /** Plain http too (old sites often serve their uploads so); https always. */
  readonly allowHttp: boolean
  /** This machine too (the provider or the old site runs here: development, tests). */
  readonly allowLoopback: boolean
}

export type FetchedImage = { readonly ok: true; readonly bytes: Buffer; readonly mimeType: string } | { readonly ok: false; readonly reason: string }

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
      if (refused || list.length === 0)
        return callback(Object.assign(new Error(`it resolves to ${refused?.address ?? 'nothing'}, which is not a public address`), { code: 'EADDRNOTPUBLIC' }), '', 0)
      if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

function get(url: URL, rules: FetchRules): Promise<{ status: number; location: string | null; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const request = client.get(url, { lookup: guardedLookup(rules.allowLoopback), timeout: rules.timeoutMs, headers: { Accept: 'image/*' } }, (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > rules.maxBytes) request.destroy(new Error(`it is larger than ${Math.round(rules.maxBytes / 1024 / 1024)} MB`))
        else chunks.push(chunk)
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`no answer within ${rules.timeoutMs / 1000} s`)))
    request.on('error', reject)
  })
}

export async function fetchImage(address: string, rules: FetchRules): Promise<FetchedImage> {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return { ok: false, reason: 'its address is not a web address' }
  }
  try {
    for (let redirects = 0; redirects <= rules.maxRedirects; redirects++) {
      const plainAllowed = rules.allowHttp || (rules.allowLoopback && isLoopbackUrl(url.href))
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainAllowed)) return { ok: false, reason: `${url.protocol} addresses are not fetched` }
      if (url.username || url.password) return { ok: false, reason: 'its address holds credentials' }
      // Node connects to an address written as digits without asking DNS, so the lookup's check never runs: check it here.
      const literal = url.hostname.replace(/^\[|\]$/g, '')
      if (isIP(literal) && !(isPublicAddress(literal) || (rules.allowLoopback && isLoopbackAddress(literal)))) return { ok: false, reason: `${literal} is not a public address` }
      const response = await get(url, rules)
      if (response.status >= 300 && response.status < 400 && response.location) {
        url = new URL(response.location, url)
        continue
      }
      if (response.status !== 200) return { ok: false, reason: `the old site answered ${response.status}` }
      const type = sniffFileType(response.body)
      if (!type || !(ACCEPTED_MIME_TYPES as ReadonlyArray<string>).includes(type.mimeType)) return { ok: false, reason: 'what came back is not an image the media library takes' }
      return { ok: true, bytes: response.body, mimeType: type.mimeType }
    }
    return { ok: false, reason: `more than ${rules.maxRedirects} redirects` }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
