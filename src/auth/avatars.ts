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
import { fetchImage } from '../media/fetchImage'

export { isPublicAddress } from '../media/fetchImage'

export const AVATAR_SIZE = 96
/** 2 MB, 4 seconds, 3 redirects, https only. */
const RULES = { maxBytes: 2 * 1024 * 1024, timeoutMs: 4000, maxRedirects: 3, allowHttp: false } as const

/**
 * The picture at `address`, redrawn as a square WebP; null when it cannot be had safely.
 * `allowLoopback`: the provider itself runs on this machine (development, tests).
 */
export async function fetchAvatar(address: string, options: { allowLoopback: boolean }): Promise<Buffer | null> {
  const fetched = await fetchImage(address, { ...RULES, allowLoopback: options.allowLoopback })
  if (!fetched.ok) return null
  try {
    const { default: sharp } = await import('sharp')
    return await sharp(fetched.bytes, { animated: false, limitInputPixels: 40_000_000 }).resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 80 }).toBuffer()
  } catch {
    return null
  }
}
