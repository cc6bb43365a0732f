import { brotliDecompressSync, crc32, gunzipSync } from 'node:zlib'

import { acceptedEncoding, compose, crc32Combine, encodedBody, gzipJoined, PageCache, rendered, slot } from '../../src/site/pageCache'

const page = (text: string) => rendered(200, 'text/html', 'public', text, new Date('2026-11-27T12:00:00.500Z'))

test('serves an entry only at the content version it was rendered at', () => {
  const cache = new PageCache()
  cache.set('a', 'v1', Number.POSITIVE_INFINITY, page('one'))
  expect(Buffer.concat(compose(cache.get('a', 'v1')!)).toString()).toBe('one')
  expect(cache.get('a', 'v2')).toBeNull()
  expect(cache.get('a', 'v1')).toBeNull() // a stale entry is dropped, not kept for later
})

test('serves an entry only until it expires (the next embargo lift)', () => {
  const cache = new PageCache()
  cache.set('a', 'v1', 1000, page('one'))
  expect(cache.get('a', 'v1', 999)).not.toBeNull()
  expect(cache.get('a', 'v1', 1000)).toBeNull()
})

test('keeps at most maxEntries, dropping the least recently used', () => {
  const cache = new PageCache(2)
  cache.set('a', 'v1', Number.POSITIVE_INFINITY, page('a'))
  cache.set('b', 'v1', Number.POSITIVE_INFINITY, page('b'))
  // Used a while later (an entry is moved up at most once a second).
  cache.get('a', 'v1', Date.now() + 1500)
  cache.set('c', 'v1', Number.POSITIVE_INFINITY, page('c'))
  expect(cache.size).toBe(2)
  expect(cache.get('b', 'v1')).toBeNull()
  expect(cache.get('a', 'v1')).not.toBeNull()
})

test('a rendered response carries a weak ETag of its text (compressed forms are the same representation) and a whole-second Last-Modified', () => {
  const one = page('same')
  expect(one.etag).toMatch(/^W\/"[\w-]{27}"$/)
  expect(page('same').etag).toBe(one.etag)
  expect(page('other').etag).not.toBe(one.etag)
  expect(one.lastModified).toBe('Fri, 27 Nov 2026 12:00:00 GMT')
})

const text = (parts: Buffer[]) => Buffer.concat(parts).toString('utf8')

test('a page is cut at its slots, which are filled when it is sent and empty otherwise', () => {
  const response = page(`<p>a</p>${slot('respond')}<ol>${slot('replies:x1')}</ol>${slot('respond')}`)
  expect(response.slots).toEqual(['respond', 'replies:x1', 'respond'])
  expect(text(compose(response))).toBe('<p>a</p><ol></ol>')
  expect(
    text(
      compose(
        response,
        new Map([
          ['respond', 'F'],
          ['replies:x1', 'R'],
        ]),
      ),
    ),
  ).toBe('<p>a</p>F<ol>R</ol>F')
  // A slot inside a fill (the form tokens inside a reply form) is filled from the same fills.
  expect(
    text(
      compose(
        response,
        new Map([
          ['respond', `<form>${slot('form-tokens').value}</form>`],
          ['form-tokens', 'T'],
        ]),
      ),
    ),
  ).toBe('<p>a</p><form>T</form><ol></ol><form>T</form>')
})

test('reader text cannot make a slot: the marker needs a "<", which the templates always escape', () => {
  expect(page('&lt;!--newsroom:slot:respond--&gt;').slots).toEqual([])
})

test('a personal page is one valid gzip stream joined from the shared parts and its own fills', () => {
  const shared = `<main>${'Published comment text. '.repeat(400)}</main>`
  const response = page(`${shared}${slot('respond')}<footer>${'x'.repeat(3000)}</footer>${slot('edit:c1')}end`)
  const fills = new Map([
    ['respond', '<form>Leave a Reply, Ada</form>'],
    ['edit:c1', ' <a>Edit</a>'],
  ])
  const joined = gzipJoined(response, fills)
  expect(gunzipSync(Buffer.concat(joined)).toString('utf8')).toBe(text(compose(response, fills)))
  // The runs between filled slots are compressed once, then reused: a second visitor's page costs only their fills.
  const runs = [...response.runs!.values()]
  expect(gunzipSync(Buffer.concat(gzipJoined(response, new Map([['respond', '<form>Grace</form>']])))).toString('utf8')).toContain('<form>Grace</form><footer>')
  expect([...response.runs!.values()].slice(0, runs.length)).toEqual(runs)
  // Compressed whole, the runs are nearly as small as the page compressed in one piece.
  const size = Buffer.concat(gzipJoined(response, fills)).length
  expect(size).toBeLessThan(Buffer.concat(encodedBody(response, 'gzip').body).length * 1.5 + 200)
})

test('the checksum of joined pieces is the checksum of the whole', () => {
  const a = Buffer.from('The intrusion began at a VPN appliance. '.repeat(37))
  const b = Buffer.from('Reader comment: patch first. '.repeat(1001))
  expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])))
  expect(crc32Combine(crc32(a), crc32(Buffer.from('x')), 1)).toBe(crc32(Buffer.concat([a, Buffer.from('x')])))
})

test('whole bodies are compressed once per encoding; small ones are not compressed', () => {
  const big = page('<p>newsroom</p>'.repeat(500))
  const first = encodedBody(big, 'gzip')
  expect(first.encoding).toBe('gzip')
  expect(encodedBody(big, 'gzip').body[0]).toBe(first.body[0])
  expect(encodedBody(page('tiny'), 'br').encoding).toBe('identity')
})

test('brotli is made after the first request that asks for it, which gets gzip meanwhile', async () => {
  const big = page('<p>newsroom</p>'.repeat(500))
  expect(encodedBody(big, 'br').encoding).toBe('gzip')
  await new Promise((resolve) => setImmediate(resolve))
  const later = encodedBody(big, 'br')
  expect(later.encoding).toBe('br')
  expect(brotliDecompressSync(later.body[0]!).toString()).toBe('<p>newsroom</p>'.repeat(500))
})

test('the encoding is what the client accepts, brotli first, honouring q=0', () => {
  expect(acceptedEncoding('gzip, deflate, br, zstd', { brotli: true })).toBe('br')
  expect(acceptedEncoding('gzip, deflate, br', { brotli: false })).toBe('gzip')
  expect(acceptedEncoding('br;q=0, gzip;q=0.5', { brotli: true })).toBe('gzip')
  expect(acceptedEncoding('identity', { brotli: true })).toBe('identity')
  expect(acceptedEncoding(undefined, { brotli: true })).toBe('identity')
  expect(acceptedEncoding('*', { brotli: true })).toBe('br')
})
