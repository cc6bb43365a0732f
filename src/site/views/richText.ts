/**
 * Article bodies, from Slate JSON to HTML. Only known elements become markup; everything
 * else is text. No raw HTML passes through, and links keep to safe schemes.
 */
import { html, SafeHtml } from '../html'
import type { MediaView } from './media'
import { imageTag } from './media'

export type RichTextContext = {
  /** The site's own origin, to tell internal links from external ones. */
  readonly origin: string
  /** Media referenced by upload elements, by id. */
  readonly media: (id: string) => MediaView | null
  /** The public address of a linked document, or null when it has none. */
  readonly documentHref: (relationTo: string, id: string) => string | null
}

type Node = Record<string, unknown> & { children?: unknown; text?: unknown; type?: unknown }

const HEADINGS: Record<string, string> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6' }

/** A link target readers may follow, or null: http(s), mailto and same-site paths only. */
export function safeHref(raw: unknown, origin: string): { href: string; external: boolean } | null {
  if (typeof raw !== 'string') return null
  const value = raw.trim()
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return { href: value, external: false }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol === 'mailto:') return { href: url.href, external: true }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return { href: url.href, external: url.origin !== origin }
}

/** rel for a link: noopener always, noreferrer when it leaves the site. */
export const relFor = (external: boolean): string => (external ? 'noopener noreferrer' : 'noopener')

const idOf = (value: unknown): string | null => {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id)
  return null
}

function leaf(node: Node): SafeHtml {
  const lines = String(node.text ?? '').split('\n')
  let out: SafeHtml = html`${lines.map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`))}`
  if (node.code) out = html`<code>${out}</code>`
  if (node.bold) out = html`<strong>${out}</strong>`
  if (node.italic) out = html`<em>${out}</em>`
  if (node.underline) out = html`<u>${out}</u>`
  if (node.strikethrough) out = html`<s>${out}</s>`
  return out
}

function children(node: Node, context: RichTextContext): SafeHtml {
  return Array.isArray(node.children) ? html`${node.children.map((child) => renderNode(child, context))}` : html``
}

function link(node: Node, context: RichTextContext): SafeHtml {
  const inner = children(node, context)
  let target: { href: string; external: boolean } | null = null
  if (node.linkType === 'internal') {
    const doc = node.doc as { relationTo?: unknown; value?: unknown } | undefined
    const id = idOf(doc?.value)
    const href = id && typeof doc?.relationTo === 'string' ? context.documentHref(doc.relationTo, id) : null
    target = href ? { href, external: false } : null
  } else {
    target = safeHref(node.url, context.origin)
  }
  if (!target) return inner
  const newTab = node.newTab === true ? html` target="_blank"` : ''
  return html`<a href="${target.href}" rel="${relFor(target.external)}"${newTab}>${inner}</a>`
}

function upload(node: Node, context: RichTextContext): SafeHtml {
  const id = idOf(node.value)
  const media = id ? context.media(id) : null
  if (!media) return html``
  const credit = media.credit ? html` <span class="credit">${media.credit}</span>` : ''
  const caption = media.caption ? html`<figcaption>${media.caption}${credit}</figcaption>` : ''
  return html`<figure class="body-figure">${imageTag(media, { sizes: '(min-width: 48rem) 44rem, 100vw' })}${caption}</figure>`
}

function renderNode(raw: unknown, context: RichTextContext): SafeHtml {
  if (!raw || typeof raw !== 'object') return html``
  const node = raw as Node
  if (typeof node.text === 'string') return leaf(node)
  const type = typeof node.type === 'string' ? node.type : undefined
  switch (type) {
    case undefined:
    case 'p':
      return html`<p>${children(node, context)}</p>`
    case 'ul':
      return html`<ul>${children(node, context)}</ul>`
    case 'ol':
      return html`<ol>${children(node, context)}</ol>`
    case 'li':
      return html`<li>${children(node, context)}</li>`
    case 'blockquote':
      return html`<blockquote>${children(node, context)}</blockquote>`
    case 'link':
      return link(node, context)
    case 'upload':
      return upload(node, context)
    case 'relationship':
      return html``
    default: {
      const heading = HEADINGS[type]
      if (heading) return new SafeHtml(`<${heading}>${children(node, context).value}</${heading}>`)
      // Unknown element types keep their text, never their markup.
      return html`<p>${children(node, context)}</p>`
    }
  }
}

export function renderRichText(nodes: unknown, context: RichTextContext): SafeHtml {
  if (!Array.isArray(nodes)) return html``
  return html`${nodes.map((node) => renderNode(node, context))}`
}

/** Media ids referenced by upload elements anywhere in a body, to load them in one query. */
export function uploadIds(nodes: unknown): string[] {
  const ids = new Set<string>()
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    const element = node as Node
    if (element.type === 'upload') {
      const id = idOf(element.value)
      if (id) ids.add(id)
    }
    if (Array.isArray(element.children)) element.children.forEach(walk)
  }
  if (Array.isArray(nodes)) nodes.forEach(walk)
  return [...ids]
}
