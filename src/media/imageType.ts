/**
 * What an uploaded file really is, read from its first bytes rather than trusted from its
 * name or the browser's claim. Only raster formats that browsers display safely are
 * accepted: an SVG can carry scripts, so it is refused like any other non-image.
 */

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export const ACCEPTED_IMAGE_TYPES = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/avif': 'AVIF',
} as const
export type AcceptedMimeType = keyof typeof ACCEPTED_IMAGE_TYPES
export const ACCEPTED_MIME_TYPES = Object.keys(ACCEPTED_IMAGE_TYPES) as AcceptedMimeType[]

export type Sniffed = { readonly mimeType: string; readonly label: string }

const ascii = (bytes: Uint8Array, start: number, end: number): string => String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)))

const startsWith = (bytes: Uint8Array, signature: number[]): boolean => signature.every((byte, index) => bytes[index] === byte)

/** Identifies the common formats people try to upload; null when nothing matches. */
export function sniffFileType(bytes: Uint8Array): Sniffed | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', label: 'JPEG image' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mimeType: 'image/png', label: 'PNG image' }
  const head = ascii(bytes, 0, 12)
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return { mimeType: 'image/gif', label: 'GIF image' }
  if (head.startsWith('RIFF') && ascii(bytes, 8, 12) === 'WEBP') return { mimeType: 'image/webp', label: 'WebP image' }
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = Math.min(((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0), 64, bytes.length)
    const brands = [ascii(bytes, 8, 12)]
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4))
    if (brands.includes('avif') || brands.includes('avis')) return { mimeType: 'image/avif', label: 'AVIF image' }
    if (brands.some((brand) => ['heic', 'heix', 'mif1', 'msf1'].includes(brand))) return { mimeType: 'image/heic', label: 'HEIC image' }
    return { mimeType: 'video/mp4', label: 'video' }
  }
  if (head.startsWith('%PDF')) return { mimeType: 'application/pdf', label: 'PDF document' }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { mimeType: 'application/zip', label: 'ZIP archive or office document' }
  if (startsWith(bytes, [0x42, 0x4d])) return { mimeType: 'image/bmp', label: 'BMP image' }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { mimeType: 'image/tiff', label: 'TIFF image' }
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase()
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(text)) return { mimeType: 'image/svg+xml', label: 'SVG image' }
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return { mimeType: 'text/html', label: 'HTML page' }
  return null
}

const acceptedList = 'JPEG, PNG, WebP, GIF or AVIF'

export const TOO_LARGE_MESSAGE = `Images can be at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB. Export it smaller and try again.`

export type UploadProblem = { readonly reason: 'too-large' | 'empty' | 'type'; readonly message: string }

/** Why an upload is refused, or null when it is an accepted image within the size limit. */
export function uploadProblem(bytes: Uint8Array, size: number): UploadProblem | null {
  if (size > MAX_UPLOAD_BYTES) {
    return { reason: 'too-large', message: `This file is ${(size / (1024 * 1024)).toFixed(1)} MB. ${TOO_LARGE_MESSAGE}` }
  }
  if (size === 0) return { reason: 'empty', message: 'This file is empty.' }
  const sniffed = sniffFileType(bytes)
  if (sniffed && sniffed.mimeType in ACCEPTED_IMAGE_TYPES) return null
  if (sniffed?.mimeType === 'image/svg+xml') {
    return { reason: 'type', message: `SVG images cannot be uploaded, because they can carry scripts. Export it as ${acceptedList} instead.` }
  }
  return { reason: 'type', message: `Only ${acceptedList} images can be uploaded; this file is ${sniffed ? `a ${sniffed.label}` : 'not an image this site recognises'}.` }
}
