/** Uploads through REST: sharp makes every size, and anything but a safe raster image is refused clearly. */
import { existsSync } from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'

import { jpeg, uploadForm } from '../helpers/images'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
let token: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await newsroom.staff(['admin'])
  token = (await newsroom.staff(['author'])).token
})
afterAll(() => newsroom?.close())

const upload = (file: Buffer, filename: string, type: string, data: Record<string, unknown> = { alt: 'Test image' }) =>
  newsroom.rest('POST', '/media', { token, form: uploadForm(file, filename, type, data) })

test('an upload is stored with thumbnail, card, hero and og sizes of the right dimensions', async () => {
  const result = await upload(await jpeg(2400, 1600), 'breach-photo.jpg', 'image/jpeg', { alt: 'Server room', credit: 'Reuters/Jane Doe', caption: 'A data centre.' })
  expect(result.status).toBe(201)
  const doc = result.json.doc
  expect(doc).toMatchObject({ alt: 'Server room', credit: 'Reuters/Jane Doe', width: 2400, height: 1600, mimeType: 'image/jpeg' })
  const expected = { thumbnail: [400, 300], card: [768, 432], hero: [1600, 900], og: [1200, 630] } as const
  for (const [size, [width, height]] of Object.entries(expected)) {
    const stored = doc.sizes[size]
    expect({ size, width: stored.width, height: stored.height }).toEqual({ size, width, height })
    const file = path.join(newsroom.dir, 'media', stored.filename)
    expect(existsSync(file)).toBe(true)
    const metadata = await sharp(file).metadata()
    expect({ size, width: metadata.width, height: metadata.height }).toEqual({ size, width, height })
  }
})

test('alt text is required', async () => {
  const result = await upload(await jpeg(100, 100), 'no-alt.jpg', 'image/jpeg', {})
  expect(result.status).toBe(400)
  expect(result.json.errors[0].data.errors).toEqual([expect.objectContaining({ path: 'alt' })])
})

test('SVG is refused with the reason, even when it claims to be a PNG', async () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>')
  for (const [name, type] of [
    ['logo.svg', 'image/svg+xml'],
    ['logo.png', 'image/png'],
  ] as const) {
    const result = await upload(svg, name, type)
    expect(result.status).toBe(400)
    expect(result.json.errors[0].message).toBe('SVG images cannot be uploaded, because they can carry scripts. Export it as JPEG, PNG, WebP, GIF or AVIF instead.')
  }
})

test('other files are refused naming what they are', async () => {
  const pdf = await upload(Buffer.from('%PDF-1.7\n1 0 obj\n'), 'report.pdf', 'application/pdf')
  expect(pdf.status).toBe(400)
  expect(pdf.json.errors[0].message).toBe('Only JPEG, PNG, WebP, GIF or AVIF images can be uploaded; this file is a PDF document.')
  const html = await upload(Buffer.from('<!doctype html><script>alert(1)</script>'), 'photo.jpg', 'image/jpeg')
  expect(html.status).toBe(400)
  expect(html.json.errors[0].message).toMatch(/this file is a HTML page/)
})

test('files over 10 MB are refused with 413 and a clear message; nothing is stored', async () => {
  const before = (await newsroom.payload.count({ collection: 'media', overrideAccess: true })).totalDocs
  const big = Buffer.concat([await jpeg(64, 64), Buffer.alloc(10 * 1024 * 1024 + 10)])
  const result = await upload(big, 'huge.jpg', 'image/jpeg')
  expect(result.status).toBe(413)
  expect(result.json.errors[0].message).toMatch(/Images can be at most 10 MB/)
  expect((await newsroom.payload.count({ collection: 'media', overrideAccess: true })).totalDocs).toBe(before)
})
