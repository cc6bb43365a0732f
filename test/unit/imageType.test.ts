import { MAX_UPLOAD_BYTES, sniffFileType, uploadProblem } from '../../src/media/imageType'

const bytes = (...values: Array<number | string>) => new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? [...value].map((char) => char.charCodeAt(0)) : [value])))

const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)
const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d)
const GIF = bytes('GIF89a', 1, 0)
const WEBP = bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')
const AVIF = bytes(0, 0, 0, 0x1c, 'ftyp', 'avif', 0, 0, 0, 0, 'avif', 'mif1', 'miaf')
const HEIC = bytes(0, 0, 0, 0x18, 'ftyp', 'heic', 0, 0, 0, 0, 'mif1', 'heic')
const SVG = bytes('<?xml version="1.0"?>\n<!-- drawn --><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

describe('sniffFileType', () => {
  test.each([
    [JPEG, 'image/jpeg'],
    [PNG, 'image/png'],
    [GIF, 'image/gif'],
    [WEBP, 'image/webp'],
    [AVIF, 'image/avif'],
    [HEIC, 'image/heic'],
    [SVG, 'image/svg+xml'],
    [bytes('%PDF-1.7'), 'application/pdf'],
    [bytes('<!DOCTYPE html><html>'), 'text/html'],
  ])('reads the real type from the first bytes (%#)', (head, mimeType) => {
    expect(sniffFileType(head)?.mimeType).toBe(mimeType)
  })

  test('an SVG with a byte-order mark and leading whitespace is still an SVG', () => {
    expect(sniffFileType(bytes(0xef, 0xbb, 0xbf, '  \n<svg width="1">'))?.mimeType).toBe('image/svg+xml')
  })

  test('unknown bytes are unknown', () => {
    expect(sniffFileType(bytes('just some text'))).toBeNull()
  })
})

describe('uploadProblem', () => {
  test.each([JPEG, PNG, GIF, WEBP, AVIF])('accepts browser-safe raster images (%#)', (head) => {
    expect(uploadProblem(head, 1000)).toBeNull()
  })

  test('refuses SVG and says why', () => {
    expect(uploadProblem(SVG, SVG.length)).toEqual({ reason: 'type', message: expect.stringMatching(/SVG images cannot be uploaded, because they can carry scripts/) })
  })

  test('refuses other formats naming what the file is', () => {
    expect(uploadProblem(HEIC, 1000)?.message).toMatch(/Only JPEG, PNG, WebP, GIF or AVIF images can be uploaded; this file is a HEIC image/)
    expect(uploadProblem(bytes('%PDF-1.4'), 1000)?.message).toMatch(/this file is a PDF document/)
  })

  test('refuses files over 10 MB, and empty files', () => {
    expect(uploadProblem(JPEG, MAX_UPLOAD_BYTES)).toBeNull()
    expect(uploadProblem(JPEG, MAX_UPLOAD_BYTES + 1)).toEqual({ reason: 'too-large', message: expect.stringMatching(/at most 10 MB/) })
    expect(uploadProblem(new Uint8Array(), 0)?.reason).toBe('empty')
  })
})
