/**
 * WordPress content (classic HTML with its blank-line paragraphs, or Gutenberg blocks, with
 * shortcodes such as [caption]) as the Slate nodes article bodies support: paragraphs, headings,
 * lists, quotes, links, bold/italic/underline/strike/code, and images from the media library.
 * Nothing passes as markup: what the body cannot hold (tables, embeds, scripts, unknown
 * shortcodes) is kept as readable text, or named in the notes when there was no text to keep.
 * Comments become plain text, as comments are.
 */
import type { ChildNode, Element } from 'domhandler'
import { parseDocument } from 'htmlparser2'

import { isText, type SlateElement, type SlateNode, type SlateText } from '../editorial/richText'

export type BodyImage = { readonly attachmentId: string | null; readonly src: string; readonly alt: string }
/** The imported media for an image, or null when it could not be imported. */
export type ImageResolver = (image: BodyImage) => { readonly id: string; readonly caption: string } | null

type Marks = Omit<SlateText, 'text'>
const MARKS: Record<string, keyof Marks> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  del: 'strikethrough',
  strike: 'strikethrough',
  code: 'code',
  kbd: 'code',
  tt: 'code',
  samp: 'code',
}
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'svg',
  'math',
  'object',
  'embed',
  'audio',
  'video',
  'canvas',
  'head',
  'title',
  'meta',
  'link',
])
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'center',
  'address',
  'dl',
  'dt',
  'dd',
  'details',
  'summary',
  'figure',
  'figcaption',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'hr',
  ...HEADINGS,
])

const attachmentIdOf = (element: Element): string | null => /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(element.attribs.class ?? '')?.[1] ?? element.attribs['data-id'] ?? null

/** Shortcodes the body has a form for; any other is kept as text and reported. */
function expandShortcodes(html: string, notes: Set<string>): string {
  let out = html.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_all, attributes: string, inner: string) => {
    // The caption is the text after the image (or, in old posts, a caption="" attribute).
    const captionAttribute = /caption="([^"]*)"/.exec(attributes)?.[1] ?? ''
    const image = /<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/i.exec(inner)
    const caption = image ? inner.slice(image.index + image[0].length).trim() : inner.trim()
    return `<figure>${image ? image[0] : ''}<figcaption>${caption || captionAttribute}</figcaption></figure>`
  })
  out = out.replace(/\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_all, url: string) => `<p><a href="${url.trim()}">${url.trim()}</a></p>`)
  out = out.replace(/\[gallery([^\]]*)\]/gi, (_all, attributes: string) => {
    const ids = (/ids="([\d,\s]+)"/.exec(attributes)?.[1] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
    if (!ids.length) notes.add('a [gallery] without image ids was left out')
    return ids.map((id) => `<figure><img class="wp-image-${id}" src="" alt=""></figure>`).join('')
  })
  // Shortcode names are lower case ("[contact-form-7 id=5]"); "[CVE-2024-3400]" or "[1]" are text.
  for (const match of out.matchAll(/\[([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\]/g)) notes.add(`the shortcode [${match[1]}] has no equivalent here: kept as text`)
  return out
}

type Builder = {
  blocks: SlateElement[]
  inline: SlateNode[]
}

const hasText = (nodes: ReadonlyArray<SlateNode>): boolean => nodes.some((node) => (isText(node) ? node.text.trim() !== '' : node.type === 'link' && hasText(node.children)))

/** Adjacent leaves with the same marks as one, and at least one leaf. */
function tidy(nodes: SlateNode[]): SlateNode[] {
  const out: SlateNode[] = []
  for (const node of nodes) {
    const last = out[out.length - 1]
    if (last && isText(last) && isText(node)) {
      const { text: _a, ...lastMarks } = last
      const { text: _b, ...marks } = node
      if (JSON.stringify(lastMarks) === JSON.stringify(marks)) {
        out[out.length - 1] = { ...last, text: last.text + node.text }
        continue
      }
    }
    out.push(node)
  }
  if (out.length) {
    const first = out[0]!
    if (isText(first)) out[0] = { ...first, text: first.text.replace(/^[ \n]+/, '') }
    const end = out[out.length - 1]!
    if (isText(end)) out[out.length - 1] = { ...end, text: end.text.replace(/[ \n]+$/, '') }
  }
  return out.length ? out : [{ text: '' }]
}

class Conversion {
  readonly notes = new Set<string>()

  constructor(
    private readonly resolve: ImageResolver,
    /** Classic content: a blank line is a paragraph break, a newline a line break (WordPress's wpautop). */
    private readonly classic: boolean,
  ) {}

  flush(builder: Builder, type?: string): void {
    if (hasText(builder.inline)) builder.blocks.push({ ...(type ? { type } : {}), children: tidy(builder.inline) })
    builder.inline = []
  }

  text(raw: string, marks: Marks, builder: Builder, preformatted: boolean): void {
    if (preformatted) {
      builder.inline.push({ text: raw, ...marks })
      return
    }
    if (this.classic) {
      const parts = raw.split(/\n[ \t]*\n\s*/)
      parts.forEach((part, index) => {
        if (index > 0) this.flush(builder)
        const text = part.replace(/[ \t]*\n[ \t]*/g, '\n').replace(/[ \t\r\f]+/g, ' ')
        if (text) builder.inline.push({ text, ...marks })
      })
      return
    }
    const text = raw.replace(/\s+/g, ' ')
    if (text) builder.inline.push({ text, ...marks })
  }

  image(element: Element, builder: Builder): void {
    const alt = (element.attribs.alt ?? '').trim()
    const found = this.resolve({ attachmentId: attachmentIdOf(element), src: element.attribs.src ?? '', alt })
    if (!found) {
      this.notes.add('an image could not be imported: kept as its description')
      if (alt) builder.inline.push({ text: `[Image: ${alt}]` })
      else this.notes.add('an image with no description was left out')
      return
    }
    this.lastCaption = found.caption
    this.flush(builder)
    builder.blocks.push({ type: 'upload', relationTo: 'media', value: { id: found.id }, children: [{ text: '' }] })
  }

  /** Inline content into `builder`; blocks met inside are written out as blocks. */
  walk(nodes: ReadonlyArray<ChildNode>, marks: Marks, builder: Builder, preformatted = false): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        this.text(node.data, marks, builder, preformatted)
        continue
      }
      if (node.type === 'cdata') {
        this.walk(node.children, marks, builder, preformatted)
        continue
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue
      const element = node as Element
      const name = element.name.toLowerCase()
      if (DROPPED.has(name)) {
        this.notes.add(`a <${name}> element was removed: the body holds no embedded code or media players`)
        continue
      }
      if (name === 'br') {
        builder.inline.push({ text: '\n', ...marks })
        continue
      }
      if (name === 'img') {
        this.image(element, builder)
        continue
      }
      if (name === 'iframe') {
        const src = element.attribs.src ?? ''
        this.notes.add('an embedded frame was kept as a link to what it showed')
        if (/^https?:\/\//.test(src)) {
          this.flush(builder)
          builder.blocks.push({ children: [{ type: 'link', linkType: 'custom', url: src, children: [{ text: src }] }] })
        }
        continue
      }
      if (MARKS[name]) {
        this.walk(element.children, { ...marks, [MARKS[name]!]: true }, builder, preformatted)
        continue
      }
      if (name === 'a') {
        const href = (element.attribs.href ?? '').trim()
        if (!/^(https?:\/\/|mailto:|\/(?!\/))/i.test(href)) {
          if (href) this.notes.add('a link to something other than a web address was kept as its text')
          this.walk(element.children, marks, builder, preformatted)
          continue
        }
        const inner: Builder = { blocks: [], inline: [] }
        this.walk(element.children, marks, inner, preformatted)
        // An image inside a link (a linked thumbnail) comes out as the image.
        for (const block of inner.blocks) {
          this.flush(builder)
          builder.blocks.push(block)
        }
        if (hasText(inner.inline))
          builder.inline.push({ type: 'link', linkType: 'custom', url: href, ...(element.attribs.target === '_blank' ? { newTab: true } : {}), children: tidy(inner.inline) })
        continue
      }
      if (!BLOCKS.has(name)) {
        this.walk(element.children, marks, builder, preformatted)
        continue
      }
      // A block: what came before it is a paragraph of its own.
      this.flush(builder)
      this.block(element, name, marks, builder)
    }
  }

  block(element: Element, name: string, marks: Marks, builder: Builder): void {
    const sub = (): Builder => ({ blocks: [], inline: [] })
    if (HEADINGS.has(name)) {
      const inner = sub()
      this.walk(element.children, marks, inner)
      this.flush(inner, name === 'h1' ? 'h2' : name)
      builder.blocks.push(...inner.blocks)
      return
    }
    if (name === 'ul' || name === 'ol') {
      const items: SlateElement[] = []
      const others: SlateElement[] = []
      const collect = (list: Element) => {
        for (const entry of list.children) {
          if (entry.type !== 'tag') continue
          const item = entry as Element
          if (item.name !== 'li') continue
          const inner = sub()
          // A nested list's items join this list, after their parent item.
          const nested = item.children.filter((part) => part.type === 'tag' && ['ul', 'ol'].includes((part as Element).name))
          this.walk(
            item.children.filter((part) => !nested.includes(part)),
            marks,
            inner,
          )
          const text = inner.blocks.filter((block) => block.type !== 'upload').flatMap((block) => [...block.children, { text: '\n' }])
          const line = tidy([...text, ...inner.inline])
          if (hasText(line)) items.push({ type: 'li', children: line })
          others.push(...inner.blocks.filter((block) => block.type === 'upload'))
          for (const list of nested) collect(list as Element)
        }
      }
      collect(element)
      if (items.length) builder.blocks.push({ type: name, children: items })
      builder.blocks.push(...others)
      return
    }
    if (name === 'blockquote') {
      const inner = sub()
      this.walk(element.children, marks, inner)
      this.flush(inner)
      const lines: SlateNode[] = []
      for (const block of inner.blocks) {
        if (block.type === 'upload') continue
        if (lines.length) lines.push({ text: '\n\n' })
        lines.push(...(block.type === 'ul' || block.type === 'ol' ? block.children.flatMap((item) => [...(item as SlateElement).children, { text: '\n' }]) : block.children))
      }
      if (hasText(lines)) builder.blocks.push({ type: 'blockquote', children: tidy(lines) })
      builder.blocks.push(...inner.blocks.filter((block) => block.type === 'upload'))
      return
    }
    if (name === 'pre') {
      const inner = sub()
      this.walk(element.children, { ...marks, code: true }, inner, true)
      this.flush(inner)
      builder.blocks.push(...inner.blocks)
      return
    }
    if (name === 'table') {
      this.notes.add('a table was kept as text, a line per row')
      const rows: Element[] = []
      const findRows = (parent: Element) => {
        for (const part of parent.children) {
          if (part.type !== 'tag') continue
          if ((part as Element).name === 'tr') rows.push(part as Element)
          else findRows(part as Element)
        }
      }
      findRows(element)
      for (const row of rows) {
        const cells = row.children.filter((cell): cell is Element => cell.type === 'tag' && ['td', 'th'].includes((cell as Element).name))
        const inner = sub()
        cells.forEach((cell, index) => {
          if (index > 0) inner.inline.push({ text: ' | ' })
          const cellBuilder = sub()
          this.walk(cell.children, marks, cellBuilder)
          inner.inline.push(...cellBuilder.blocks.flatMap((block) => block.children), ...cellBuilder.inline)
        })
        this.flush(inner)
        builder.blocks.push(...inner.blocks)
      }
      return
    }
    if (name === 'hr') return
    if (name === 'figure') {
      const caption = element.children.find((part): part is Element => part.type === 'tag' && (part as Element).name === 'figcaption')
      const inner = sub()
      this.lastCaption = ''
      this.walk(
        element.children.filter((part) => part !== caption),
        marks,
        inner,
      )
      this.flush(inner)
      builder.blocks.push(...inner.blocks)
      if (caption) {
        const captionBuilder = sub()
        this.walk(caption.children, { ...marks, italic: true }, captionBuilder)
        this.flush(captionBuilder)
        const uploaded = inner.blocks.some((block) => block.type === 'upload')
        // The media library's caption is shown under the image; a different one in the post is kept beside it.
        const text = captionBuilder.blocks
          .flatMap((block) => block.children.map((child) => (isText(child) ? child.text : '')))
          .join('')
          .trim()
        const libraryCaption = uploaded ? this.lastCaption : ''
        if (text && text !== libraryCaption) builder.blocks.push(...captionBuilder.blocks)
      }
      return
    }
    // Paragraphs and plain containers.
    const inner = sub()
    this.walk(element.children, marks, inner)
    this.flush(inner)
    builder.blocks.push(...inner.blocks)
  }

  /** The media library's caption of the last image placed, to tell whether a figure's own caption adds anything. */
  lastCaption = ''
}

/** A WordPress body as Slate nodes, with notes on what could not be represented. */
export function wordpressBody(html: string, resolve: ImageResolver): { nodes: SlateElement[]; notes: string[] } {
  const classic = !/<!--\s*wp:/.test(html)
  const notes = new Set<string>()
  const source = expandShortcodes(html.replace(/\r\n?/g, '\n'), notes)
  const conversion = new Conversion(resolve, classic)
  const document = parseDocument(source, { decodeEntities: true })
  const builder: Builder = { blocks: [], inline: [] }
  conversion.walk(document.children, {}, builder)
  conversion.flush(builder)
  for (const note of conversion.notes) notes.add(note)
  return { nodes: builder.blocks, notes: [...notes] }
}

/** A comment's HTML as the plain text comments are: paragraphs, line breaks, and links with their address. */
export function commentText(html: string): string {
  const document = parseDocument(html.replace(/\r\n?/g, '\n'), { decodeEntities: true })
  let out = ''
  const walk = (nodes: ReadonlyArray<ChildNode>) => {
    for (const node of nodes) {
      if (node.type === 'text') out += node.data
      if (node.type !== 'tag') continue
      const element = node as Element
      const name = element.name.toLowerCase()
      if (DROPPED.has(name)) continue
      if (name === 'br') {
        out += '\n'
        continue
      }
      const block = BLOCKS.has(name)
      if (block) out += '\n\n'
      const start = out.length
      walk(element.children)
      if (name === 'a') {
        const href = (element.attribs.href ?? '').trim()
        const text = out.slice(start).trim()
        if (/^https?:\/\//i.test(href) && text !== href) out += ` (${href})`
      }
      if (name === 'img' && element.attribs.alt) out += `[Image: ${element.attribs.alt}]`
      if (block) out += '\n\n'
    }
  }
  walk(document.children)
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}

/** An excerpt's HTML as one line of text (a dek). */
export const excerptText = (html: string): string => commentText(html).replace(/\s+/g, ' ').trim()
