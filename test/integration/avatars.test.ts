/** Fetching a reader's picture from an address their provider gave us: only public, only images, redrawn. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import sharp from 'sharp'

import { fetchAvatar, isPublicAddress } from '../../src/auth/avatars'
import { fetchImage } from '../../src/media/fetchImage'

let server: http.Server
let base: string
let png: Buffer
const hits: string[] = []

beforeAll(async () => {
  png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
    .png()
    .toBuffer()
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/picture.png') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(png)
    if (req.url === '/picture.svg') return res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    if (req.url === '/page.html') return res.writeHead(200, { 'Content-Type': 'image/png' }).end('<!doctype html><p>not a picture</p>')
    if (req.url === '/huge.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' })
      res.write(png)
      return res.end(Buffer.alloc(3 * 1024 * 1024))
    }
    if (req.url === '/redirect') return res.writeHead(302, { Location: '/picture.png' }).end()
    if (req.url === '/to-metadata') return res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (req.url === '/slow') return setTimeout(() => res.writeHead(200).end(png), 6000)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

test.each([
  ['8.8.8.8', true],
  ['2606:4700:4700::1111', true],
  ['127.0.0.1', false],
  ['10.1.2.3', false],
  ['172.16.0.1', false],
  ['172.31.255.255', false],
  ['192.168.1.1', false],
  ['169.254.169.254', false],
  ['100.64.0.1', false],
  ['0.0.0.0', false],
  ['224.0.0.1', false],
  ['::1', false],
  ['::', false],
  ['fd00::1', false],
  ['fe80::1', false],
  ['::ffff:127.0.0.1', false],
  ['::ffff:8.8.8.8', true],
  ['not an address', false],
])('isPublicAddress(%s) is %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected)
})

test('a picture from a provider on this machine is redrawn as a 96×96 WebP', async () => {
  const image = await fetchAvatar(`${base}/picture.png`, { allowLoopback: true })
  expect(image).not.toBeNull()
  const metadata = await sharp(image!).metadata()
  expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 96, 96])
  expect(await fetchAvatar(`${base}/redirect`, { allowLoopback: true })).not.toBeNull()
})

test('the same address is refused when only the public internet is allowed', async () => {
  expect(await fetchAvatar(`${base}/picture.png`, { allowLoopback: false })).toBeNull()
  expect(await fetchAvatar(`https://127.0.0.1:1/picture.png`, { allowLoopback: false })).toBeNull()
  expect(await fetchAvatar(`https://localhost:1/picture.png`, { allowLoopback: false })).toBeNull()
})

test('an address written as digits is checked too, before any connection (Node skips the DNS lookup for those)', async () => {
  hits.length = 0
  const rules = { maxBytes: 1024 * 1024, timeoutMs: 2000, maxRedirects: 2, allowHttp: true, allowLoopback: false }
  expect(await fetchImage(`${base}/picture.png`, rules)).toEqual({ ok: false, reason: '127.0.0.1 is not a public address' })
  expect(await fetchImage('http://[::1]:1/picture.png', rules)).toEqual({ ok: false, reason: '::1 is not a public address' })
  expect(await fetchImage('http://169.254.169.254/latest/meta-data/', rules)).toEqual({ ok: false, reason: '169.254.169.254 is not a public address' })
  expect(hits).toEqual([])
  // A redirect inward is refused for what it is, not after a connection attempt times out ("no answer within 2 s").
  expect(await fetchImage(`${base}/to-metadata`, { ...rules, allowLoopback: true })).toEqual({ ok: false, reason: '169.254.169.254 is not a public address' })
})

test('not a raster image, too big, too slow, a redirect inward, or not http(s): no picture', async () => {
  for (const path of ['/picture.svg', '/page.html', '/huge.png', '/to-metadata', '/missing']) expect(await fetchAvatar(`${base}${path}`, { allowLoopback: true })).toBeNull()
  for (const address of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://127.0.0.1/x.png', 'not a url', `http://user:pw@127.0.0.1/picture.png`])
    expect(await fetchAvatar(address, { allowLoopback: true })).toBeNull()
  expect(await fetchAvatar(`${base}/slow`, { allowLoopback: true })).toBeNull()
}, 15_000)
