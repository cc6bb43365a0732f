/**
 * Article bodies are Slate JSON: a tree of elements ({ type, children }) and text leaves
 * ({ text }). These helpers read and build that tree without any editor dependency.
 */

export type SlateText = { text: string; bold?: boolean; italic?: boolean; underline?: boolean; code?: boolean; strikethrough?: boolean }
export type SlateElement = { type?: string; children: SlateNode[]; [key: string]: unknown }
export type SlateNode = SlateElement | SlateText

const BLOCK_TYPES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'ul', 'ol', 'upload', 'relationship'])

export const isText = (node: unknown): node is SlateText => typeof node === 'object' && node !== null && typeof (node as { text?: unknown }).text === 'string'

/** The readable text of a body: blocks separated by newlines. Unknown shapes are skipped, never thrown on. */
export function plainText(nodes: unknown): string {
  if (!Array.isArray(nodes)) return ''
  const blocks: string[] = []
  const inline = (node: unknown): string => {
    if (isText(node)) return node.text
    const children = (node as { children?: unknown })?.children
    return Array.isArray(children) ? children.map(inline).join('') : ''
  }
  const walk = (node: unknown): void => {
    if (isText(node)) {
      blocks.push(node.text)
      return
    }
    if (typeof node !== 'object' || node === null) return
    const element = node as SlateElement
    const children = Array.isArray(element.children) ? element.children : []
    const hasBlockChildren = children.some((child) => !isText(child) && BLOCK_TYPES.has((child as SlateElement).type ?? ''))
    if (hasBlockChildren) children.forEach(walk)
    else blocks.push(inline(element))
  }
  nodes.forEach(walk)
  return blocks.filter((block) => block.trim().length > 0).join('\n')
}

/** One paragraph element per blank-line-separated block of plain text (the editor's paragraphs carry no type). */
export function paragraphs(text: string): SlateElement[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((block) => ({ children: [{ text: block }] }))
}
