/**
 * A streaming XML reader for export files, which run to hundreds of MB: the file is read in
 * chunks, and each element named as a record (a WordPress `<item>`, a Disqus `<post>`) is handed
 * over whole as a small tree once it closes; everything else is reported by its path. Memory
 * holds one record at a time, whatever the file's size. Malformed or truncated XML is an
 * `ImportFileProblem` that says where, in words.
 */
import sax from 'sax'

export type XmlNode = {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  /** The element's own text (CDATA included), not its children's. */
  text: string
  readonly children: XmlNode[]
}

export type XmlEvent =
  | { readonly type: 'root'; readonly name: string; readonly attributes: Readonly<Record<string, string>> }
  /** A leaf element outside any record, by its path ("rss/channel/title"). */
  | { readonly type: 'field'; readonly path: string; readonly text: string }
  | { readonly type: 'record'; readonly node: XmlNode }

/** The file cannot be read as what it claims to be; nothing has been written. */
export class ImportFileProblem extends Error {
  override readonly name = 'ImportFileProblem'
}

export const child = (node: XmlNode, name: string): XmlNode | undefined => node.children.find((entry) => entry.name === name)
export const childrenNamed = (node: XmlNode, name: string): XmlNode[] => node.children.filter((entry) => entry.name === name)
/** The text of a child element, trimmed; '' when absent. */
export const textOf = (node: XmlNode, name: string): string => child(node, name)?.text.trim() ?? ''

type Frame = { name: string; node: XmlNode | null; text: string; hasChildren: boolean }

/**
 * Reads `input` (chunks of a UTF-8 file) and yields its root, its leaf fields outside records, and
 * each record element whole. `depthLimit`: leaf fields deeper than this outside records are not
 * reported (they are not needed and would only cost time).
 */
export async function* xmlEvents(input: AsyncIterable<Uint8Array | string>, records: ReadonlySet<string>, depthLimit = 4): AsyncGenerator<XmlEvent> {
  const parser = sax.parser(true, { trim: false, normalize: false, position: true })
  const decoder = new TextDecoder('utf-8', { fatal: false })
  const stack: Frame[] = []
  let record: XmlNode | null = null
  let recordDepth = -1
  let pending: XmlEvent[] = []
  let failure: Error | null = null
  let seenRoot = false

  parser.onerror = (error) => {
    failure ??= new ImportFileProblem(`The file is not well-formed XML (line ${parser.line + 1}, column ${parser.column + 1}): ${error.message.split('\n')[0]}.`)
    parser.error = null as unknown as Error // sax's own type says Error; null is how it is reset
  }
  parser.onopentag = (tag) => {
    const attributes = tag.attributes as Record<string, string>
    if (!seenRoot) {
      seenRoot = true
      pending.push({ type: 'root', name: tag.name, attributes })
    }
    const parent = stack[stack.length - 1]
    if (parent) parent.hasChildren = true
    let node: XmlNode | null = null
    if (record) {
      node = { name: tag.name, attributes, text: '', children: [] }
      parent?.node?.children.push(node)
    } else if (records.has(tag.name)) {
      node = { name: tag.name, attributes, text: '', children: [] }
      record = node
      recordDepth = stack.length
    }
    stack.push({ name: tag.name, node, text: '', hasChildren: false })
  }
  const onText = (text: string) => {
    const frame = stack[stack.length - 1]
    if (!frame) return
    if (frame.node) frame.node.text += text
    else if (stack.length <= depthLimit) frame.text += text
  }
  parser.ontext = onText
  parser.oncdata = onText
  parser.onclosetag = () => {
    const frame = stack.pop()
    if (!frame) return
    if (record && stack.length === recordDepth) {
      pending.push({ type: 'record', node: record })
      record = null
      recordDepth = -1
    } else if (!record && !frame.hasChildren && stack.length < depthLimit) {
      pending.push({ type: 'field', path: [...stack.map((entry) => entry.name), frame.name].join('/'), text: frame.text.trim() })
    }
  }

  const drain = function* (): Generator<XmlEvent> {
    const events = pending
    pending = []
    yield* events
  }
  for await (const chunk of input) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
    if (failure) throw failure
    yield* drain()
  }
  parser.write(decoder.decode())
  if (failure) throw failure
  yield* drain()
  if (!seenRoot) throw new ImportFileProblem('The file is empty or holds no XML.')
  if (stack.length > 0) {
    throw new ImportFileProblem(`The file ends inside <${stack[stack.length - 1]!.name}> (line ${parser.line + 1}): it looks truncated. Export it again and import the whole file.`)
  }
  parser.close()
  if (failure) throw failure
}
