/** Images on the public site, served from /media with a srcset built from the sharp sizes. */
import { html, type SafeHtml } from '../html'

export type ImageSizeView = { readonly filename: string; readonly width: number; readonly height: number }

export type MediaView = {
  readonly id: string
  readonly alt: string
  readonly caption?: string | null
  readonly credit?: string | null
  readonly filename: string
  readonly width: number
  readonly height: number
  readonly sizes: Partial<Record<'thumbnail' | 'card' | 'hero' | 'og', ImageSizeView>>
}

export const mediaPath = (filename: string): string => `/media/${encodeURIComponent(filename)}`

/** A responsive <img>: the 16:9 sizes (card, hero) as srcset candidates, the hero size as src. */
export function imageTag(media: MediaView, options: { sizes: string; loading?: 'lazy' | 'eager'; className?: string }): SafeHtml {
  const candidates = [media.sizes.card, media.sizes.hero].filter((size): size is ImageSizeView => Boolean(size?.filename))
  const main = media.sizes.hero ?? media.sizes.card ?? { filename: media.filename, width: media.width, height: media.height }
  const srcset = candidates.map((size) => `${mediaPath(size.filename)} ${size.width}w`).join(', ')
  const responsive = srcset ? html` srcset="${srcset}" sizes="${options.sizes}"` : ''
  const className = options.className ? html` class="${options.className}"` : ''
  return html`<img src="${mediaPath(main.filename)}"${responsive} width="${main.width}" height="${main.height}" alt="${media.alt}" loading="${options.loading ?? 'lazy'}" decoding="async"${className}>`
}

export function thumbnailTag(media: MediaView): SafeHtml {
  const thumb = media.sizes.thumbnail ?? { filename: media.filename, width: media.width, height: media.height }
  return html`<img src="${mediaPath(thumb.filename)}" width="${thumb.width}" height="${thumb.height}" alt="${media.alt}" loading="lazy" decoding="async">`
}
