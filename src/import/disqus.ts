/**
 * Disqus's export (Admin → Moderation → Export, a `<disqus>` XML file) as an import source: the
 * discussions ("threads", one per page that had comments) are read in the first pass, and their
 * comments ("posts") streamed in the second, each with the thread it belongs to. The articles
 * must be here already (from a WordPress import, or written here): a thread is matched to one
 * by its page's address or by the WordPress post id in its identifier.
 *
 * isSpam → spam; isDeleted → trash; isApproved false (where the export says) → pending; the
 * rest approved. A commenter is known by their address where the export gives one, else by
 * their Disqus username.
 */
import { ImportFileProblem, child, textOf, xmlEvents, type XmlNode } from './xml'
import type { ImportSource, ImportedComment, ImportedReply, ImportedThread, SkippedRecord, SourceSummary } from './model'

const RECORDS = new Set(['thread', 'post', 'category'])
const NAMESPACE = 'http://disqus.com'

const idAttribute = (node: XmlNode | undefined): string => node?.attributes['dsq:id']?.trim() ?? ''
const yes = (node: XmlNode, name: string): boolean => textOf(node, name).toLowerCase() === 'true'

function thread(node: XmlNode): ImportedThread {
  const identifier = textOf(node, 'id')
  return {
    sourceId: idAttribute(node),
    urls: [textOf(node, 'link')].filter((url) => /^https?:\/\//.test(url)),
    identifiers: identifier ? [identifier] : [],
    title: textOf(node, 'title'),
  }
}

function comment(node: XmlNode): ImportedComment {
  const author = child(node, 'author')
  const email = author ? textOf(author, 'email') : ''
  const username = author ? textOf(author, 'username') : ''
  const approved = child(node, 'isApproved')
  const status = yes(node, 'isSpam') ? 'spam' : yes(node, 'isDeleted') ? 'trash' : approved && !yes(node, 'isApproved') ? 'pending' : 'approved'
  const created = Date.parse(textOf(node, 'createdAt'))
  return {
    sourceId: idAttribute(node),
    parentId: idAttribute(child(node, 'parent')) || null,
    kind: 'comment',
    authorName: (author ? textOf(author, 'name') : '') || username,
    authorEmail: email,
    // Without an address, the Disqus account is who they are (never shown).
    authorKey: email ? '' : username ? `disqus:${username.toLowerCase()}` : '',
    authorUrl: '',
    userId: '',
    ip: textOf(node, 'ipAddress'),
    userAgent: '',
    date: Number.isFinite(created) ? new Date(created).toISOString() : new Date(0).toISOString(),
    status,
    contentHtml: child(node, 'message')?.text ?? '',
    statusNote: null,
  }
}

type Opener = () => AsyncIterable<Uint8Array | string>

export class DisqusExport implements ImportSource {
  readonly format = 'Disqus'
  private summarised: SourceSummary | null = null
  private readonly threads = new Map<string, ImportedThread>()

  constructor(
    private readonly open: Opener,
    /** Where the comments were: Disqus exports name their forum, not the site's address. */
    private readonly fallbackSite = 'disqus',
  ) {}

  private async *nodes(): AsyncGenerator<XmlNode | { forum: string }> {
    let rootChecked = false
    for await (const event of xmlEvents(this.open(), RECORDS, 2)) {
      if (event.type === 'root') {
        if (event.name !== 'disqus' || event.attributes.xmlns !== NAMESPACE)
          throw new ImportFileProblem(`This is not a Disqus export: its root is <${event.name}>, not <disqus xmlns="${NAMESPACE}">.`)
        rootChecked = true
        continue
      }
      if (event.type === 'record') {
        const forum = textOf(event.node, 'forum')
        if (forum) yield { forum }
        yield event.node
      }
    }
    if (!rootChecked) throw new ImportFileProblem('This is not a Disqus export.')
  }

  async summary(): Promise<SourceSummary> {
    if (this.summarised) return this.summarised
    let forum = ''
    let comments = 0
    for await (const node of this.nodes()) {
      if ('forum' in node) {
        forum ||= node.forum
        continue
      }
      if (node.name === 'thread') {
        const found = thread(node)
        if (found.sourceId) this.threads.set(found.sourceId, found)
      } else if (node.name === 'post') comments += 1
    }
    const id = `disqus:${forum || this.fallbackSite}`
    this.summarised = { site: { id, title: forum, url: '', formatVersion: '1.0' }, people: [], terms: [], attachments: [], totals: { posts: 0, comments } }
    return this.summarised
  }

  async *records(): AsyncGenerator<ImportedReply | SkippedRecord> {
    await this.summary()
    for await (const node of this.nodes()) {
      if ('forum' in node || node.name !== 'post') continue
      const found = comment(node)
      const threadId = idAttribute(child(node, 'thread'))
      const discussion = this.threads.get(threadId)
      if (!found.sourceId) yield { kind: 'comment', sourceId: '', reason: 'a post without its Disqus id' }
      else if (!discussion) yield { kind: 'comment', sourceId: found.sourceId, reason: `its discussion (${threadId || 'none'}) is not in the export` }
      else yield { thread: discussion, comment: found }
    }
  }
}
