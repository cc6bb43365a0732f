/**
 * WordPress's export format (WXR 1.0–1.2, from Tools → Export on WordPress or WordPress.com) as
 * an import source. The channel's authors, categories and tags and the attachments are read in
 * the first pass; posts, each with its comments, are streamed in the second.
 *
 * Choices: posts become articles; pages, menus, revisions and other post types are skipped and
 * counted (the newsroom has no pages). publish → published; future → published at its future
 * time (scheduled); draft, pending, private and password-protected posts → drafts; trashed
 * posts → drafts; auto-drafts are skipped. The first category (or the one marked primary)
 * becomes the section; tags stay tags.
 */
import { ImportFileProblem, child, childrenNamed, textOf, xmlEvents, type XmlNode } from './xml'
import type {
  ImportSource,
  ImportedAttachment,
  ImportedComment,
  ImportedCommentStatus,
  ImportedPerson,
  ImportedPost,
  ImportedSite,
  ImportedTerm,
  SkippedRecord,
  SourceSummary,
} from './model'

export const WXR_VERSIONS = ['1.0', '1.1', '1.2'] as const
const RECORDS = new Set(['item', 'wp:author', 'wp:category', 'wp:tag', 'wp:term'])
const NAMESPACE = /^https?:\/\/wordpress\.org\/export\/(\d+\.\d+)\/$/

/** A WordPress time ("2019-11-27 15:00:00", UTC for the _gmt fields) as ISO; null for WordPress's zero date. */
export function wordpressTime(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim())
  if (!match || match[1] === '0000') return null
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]))
  return Number.isFinite(time) ? new Date(time).toISOString() : null
}

const meta = (node: XmlNode, tag: 'wp:postmeta' | 'wp:commentmeta'): Map<string, string> =>
  new Map(childrenNamed(node, tag).map((entry) => [textOf(entry, 'wp:meta_key'), child(entry, 'wp:meta_value')?.text ?? '']))

/** A slug as WordPress stores it: percent-encoded when it is not ASCII. */
function decodedSlug(value: string): string {
  try {
    return decodeURIComponent(value.trim())
  } catch {
    return value.trim()
  }
}

function commentStatus(approved: string, trashedFrom: string | undefined): { status: ImportedCommentStatus; note: string | null } {
  switch (approved) {
    case '1':
      return { status: 'approved', note: null }
    case '0':
      return { status: 'pending', note: null }
    case 'spam':
      return { status: 'spam', note: null }
    case 'trash':
      return { status: 'trash', note: null }
    case 'post-trashed': {
      if (trashedFrom === undefined) return { status: 'pending', note: 'its post was trashed and the export does not say its status before: held for moderation' }
      const before = commentStatus(trashedFrom, undefined)
      return { status: before.status, note: null }
    }
    default:
      return { status: 'pending', note: `unknown status "${approved}": held for moderation` }
  }
}

function comment(node: XmlNode): ImportedComment {
  const type = textOf(node, 'wp:comment_type')
  const { status, note } = commentStatus(textOf(node, 'wp:comment_approved'), meta(node, 'wp:commentmeta').get('_wp_trash_meta_status'))
  const parent = textOf(node, 'wp:comment_parent')
  return {
    sourceId: textOf(node, 'wp:comment_id'),
    parentId: parent && parent !== '0' ? parent : null,
    kind: type === 'pingback' || type === 'trackback' ? type : 'comment',
    authorName: textOf(node, 'wp:comment_author'),
    authorEmail: textOf(node, 'wp:comment_author_email'),
    authorUrl: textOf(node, 'wp:comment_author_url'),
    userId: textOf(node, 'wp:comment_user_id'),
    ip: textOf(node, 'wp:comment_author_IP'),
    userAgent: textOf(node, 'wp:comment_agent'),
    date: wordpressTime(textOf(node, 'wp:comment_date_gmt')) ?? wordpressTime(textOf(node, 'wp:comment_date')) ?? new Date(0).toISOString(),
    status,
    contentHtml: child(node, 'wp:comment_content')?.text ?? '',
    statusNote: note,
  }
}

type PostStatus = { status: 'published' | 'draft'; note: string | null } | { skip: string }

function postStatus(wpStatus: string, item: XmlNode, postMeta: Map<string, string>): PostStatus {
  if (textOf(item, 'wp:post_password')) return { status: 'draft', note: 'password-protected at the source: imported as a draft' }
  switch (wpStatus) {
    case 'publish':
      return { status: 'published', note: null }
    case 'future':
      return { status: 'published', note: 'scheduled at the source: published at its future time' }
    case 'draft':
      return { status: 'draft', note: null }
    case 'pending':
      return { status: 'draft', note: 'pending review at the source: imported as a draft' }
    case 'private':
      return { status: 'draft', note: 'private at the source: imported as a draft' }
    case 'trash':
      return { status: 'draft', note: `in the trash at the source (it was "${postMeta.get('_wp_trash_meta_status') || 'unknown'}" before): imported as a draft` }
    case 'auto-draft':
      return { skip: 'an automatic draft WordPress made, never edited' }
    default:
      return { status: 'draft', note: `unknown status "${wpStatus}": imported as a draft` }
  }
}

function post(item: XmlNode, status: { status: 'published' | 'draft'; note: string | null }, postMeta: Map<string, string>, termIds: Map<string, string>): ImportedPost {
  const categories = childrenNamed(item, 'category').filter((entry) => entry.attributes.domain === 'category')
  const tags = childrenNamed(item, 'category').filter((entry) => entry.attributes.domain === 'post_tag')
  const slugOf = (entry: XmlNode) => decodedSlug(entry.attributes.nicename ?? '')
  const sectionSlugs = categories.map(slugOf).filter(Boolean)
  // Yoast and others keep the primary category's term id; WordPress itself lists categories by name.
  const primary = termIds.get(postMeta.get('_yoast_wpseo_primary_category') ?? '')
  if (primary && sectionSlugs.includes(primary)) sectionSlugs.sort((a, b) => Number(b === primary) - Number(a === primary))
  const notes = status.note ? [status.note] : []
  const publishedAt = wordpressTime(textOf(item, 'wp:post_date_gmt')) ?? (status.status === 'published' ? wordpressTime(textOf(item, 'wp:post_date')) : null)
  const oldUrls = [textOf(item, 'link'), textOf(item, 'guid')].filter((url) => /^https?:\/\//.test(url))
  return {
    sourceId: textOf(item, 'wp:post_id'),
    title: textOf(item, 'title'),
    slug: decodedSlug(textOf(item, 'wp:post_name')),
    status: status.status,
    publishedAt,
    modifiedAt: wordpressTime(textOf(item, 'wp:post_modified_gmt')) ?? wordpressTime(textOf(item, 'wp:post_modified')),
    excerpt: child(item, 'excerpt:encoded')?.text ?? '',
    authorLogin: textOf(item, 'dc:creator'),
    sectionSlugs,
    tagSlugs: tags.map(slugOf).filter(Boolean),
    contentHtml: child(item, 'content:encoded')?.text ?? '',
    thumbnailId: postMeta.get('_thumbnail_id')?.trim() || null,
    commentsOpen: textOf(item, 'wp:comment_status') !== 'closed',
    oldUrls: [...new Set(oldUrls)],
    comments: childrenNamed(item, 'wp:comment').map(comment),
    notes,
  }
}

function person(node: XmlNode): ImportedPerson {
  const login = textOf(node, 'wp:author_login')
  return { sourceId: textOf(node, 'wp:author_id') || login, login, email: textOf(node, 'wp:author_email'), displayName: textOf(node, 'wp:author_display_name') || login }
}

function term(node: XmlNode): ImportedTerm | null {
  if (node.name === 'wp:category') {
    const slug = decodedSlug(textOf(node, 'wp:category_nicename'))
    return {
      sourceId: textOf(node, 'wp:term_id') || slug,
      kind: 'section',
      slug,
      name: textOf(node, 'wp:cat_name') || slug,
      description: textOf(node, 'wp:category_description'),
      parentSlug: decodedSlug(textOf(node, 'wp:category_parent')) || null,
    }
  }
  if (node.name === 'wp:tag') {
    const slug = decodedSlug(textOf(node, 'wp:tag_slug'))
    return {
      sourceId: textOf(node, 'wp:term_id') || slug,
      kind: 'tag',
      slug,
      name: textOf(node, 'wp:tag_name') || slug,
      description: textOf(node, 'wp:tag_description'),
      parentSlug: null,
    }
  }
  // <wp:term> holds other taxonomies too (menus, formats); categories and tags also appear as terms in 1.2.
  const taxonomy = textOf(node, 'wp:term_taxonomy')
  if (taxonomy !== 'category' && taxonomy !== 'post_tag') return null
  const slug = decodedSlug(textOf(node, 'wp:term_slug'))
  return {
    sourceId: textOf(node, 'wp:term_id') || slug,
    kind: taxonomy === 'category' ? 'section' : 'tag',
    slug,
    name: textOf(node, 'wp:term_name') || slug,
    description: textOf(node, 'wp:term_description'),
    parentSlug: decodedSlug(textOf(node, 'wp:term_parent')) || null,
  }
}

function attachment(item: XmlNode, postMeta: Map<string, string>): ImportedAttachment {
  const url = textOf(item, 'wp:attachment_url') || textOf(item, 'guid')
  const attached = postMeta.get('_wp_attached_file')?.trim()
  const fromUrl = /\/(?:wp-content\/uploads|files)\/(.+)$/.exec(url)?.[1] ?? ''
  return {
    sourceId: textOf(item, 'wp:post_id'),
    url,
    relativePath: attached || decodedSlug(fromUrl),
    title: textOf(item, 'title'),
    alt: (postMeta.get('_wp_attachment_image_alt') ?? '').trim(),
    caption: (child(item, 'excerpt:encoded')?.text ?? '').trim(),
  }
}

/** The reading of a WXR file both passes share: what each record is. */
type Reading =
  | { kind: 'post'; item: XmlNode }
  | { kind: 'attachment'; value: ImportedAttachment }
  | { kind: 'skip'; value: SkippedRecord }
  | { kind: 'person'; value: ImportedPerson }
  | { kind: 'term'; value: ImportedTerm }

type Opener = () => AsyncIterable<Uint8Array | string>

export class WordPressExport implements ImportSource {
  readonly format = 'WordPress (WXR)'
  private site: ImportedSite | null = null
  private readonly termIds = new Map<string, string>()

  constructor(private readonly open: Opener) {}

  private async *readings(): AsyncGenerator<Reading | { kind: 'site'; value: ImportedSite }> {
    let rootChecked = false
    let version = ''
    const fields = new Map<string, string>()
    let announced = false
    const announce = (): ImportedSite => {
      if (!version) throw new ImportFileProblem('This is not a WordPress export: it has no <wp:wxr_version>. Export the site from Tools → Export in WordPress.')
      if (!(WXR_VERSIONS as readonly string[]).includes(version))
        throw new ImportFileProblem(`This WordPress export is WXR version ${version}; the importer reads versions ${WXR_VERSIONS.join(', ')}.`)
      const url = (fields.get('rss/channel/wp:base_blog_url') || fields.get('rss/channel/link') || fields.get('rss/channel/wp:base_site_url') || '').replace(/\/+$/, '')
      if (!/^https?:\/\//.test(url))
        throw new ImportFileProblem('The export does not say the address of the site it came from (<wp:base_blog_url>): its old links could not be redirected.')
      return { id: url.replace(/^https?:\/\//, '').toLowerCase(), title: fields.get('rss/channel/title') ?? '', url, formatVersion: version }
    }
    for await (const event of xmlEvents(this.open(), RECORDS)) {
      if (event.type === 'root') {
        const wp = Object.entries(event.attributes).find(([name]) => name === 'xmlns:wp')?.[1] ?? ''
        if (event.name !== 'rss' || !NAMESPACE.test(wp))
          throw new ImportFileProblem(`This is not a WordPress export (WXR): its root is <${event.name}>${event.name === 'rss' ? ' without the WordPress export namespace' : ''}.`)
        rootChecked = true
        continue
      }
      if (event.type === 'field') {
        if (event.path === 'rss/channel/wp:wxr_version') version = event.text
        else fields.set(event.path, event.text)
        continue
      }
      if (!announced) {
        announced = true
        yield { kind: 'site', value: announce() }
      }
      const node = event.node
      if (node.name !== 'item') {
        if (node.name === 'wp:author') yield { kind: 'person', value: person(node) }
        else {
          const found = term(node)
          if (found) yield { kind: 'term', value: found }
        }
        continue
      }
      const type = textOf(node, 'wp:post_type') || 'post'
      const id = textOf(node, 'wp:post_id')
      const postMeta = meta(node, 'wp:postmeta')
      if (type === 'attachment') yield { kind: 'attachment', value: attachment(node, postMeta) }
      else if (type !== 'post')
        yield {
          kind: 'skip',
          value: {
            kind: type,
            sourceId: id,
            reason: type === 'page' ? 'pages are not imported: the newsroom publishes articles' : `"${type}" items are not content the newsroom keeps`,
          },
        }
      else yield { kind: 'post', item: node }
    }
    if (!rootChecked) throw new ImportFileProblem('This is not a WordPress export (WXR).')
    if (!announced) yield { kind: 'site', value: announce() }
  }

  private summarised: SourceSummary | null = null

  /** Read once; later calls give the same summary. */
  async summary(): Promise<SourceSummary> {
    this.summarised ??= await this.readSummary()
    return this.summarised
  }

  private async readSummary(): Promise<SourceSummary> {
    const people: ImportedPerson[] = []
    const terms = new Map<string, ImportedTerm>()
    const attachments: ImportedAttachment[] = []
    let posts = 0
    let comments = 0
    for await (const reading of this.readings()) {
      if (reading.kind === 'site') this.site = reading.value
      else if (reading.kind === 'person') people.push(reading.value)
      else if (reading.kind === 'term') terms.set(`${reading.value.kind}:${reading.value.slug}`, reading.value)
      else if (reading.kind === 'attachment') attachments.push(reading.value)
      else if (reading.kind === 'post') {
        posts += 1
        comments += childrenNamed(reading.item, 'wp:comment').length
      }
    }
    for (const found of terms.values()) if (found.kind === 'section') this.termIds.set(found.sourceId, found.slug)
    return { site: this.site!, people, terms: [...terms.values()], attachments, totals: { posts, comments } }
  }

  async *records(): AsyncGenerator<ImportedPost | SkippedRecord> {
    await this.summary()
    for await (const reading of this.readings()) {
      if (reading.kind === 'skip') yield reading.value
      if (reading.kind !== 'post') continue
      const item = reading.item
      const postMeta = meta(item, 'wp:postmeta')
      const status = postStatus(textOf(item, 'wp:status'), item, postMeta)
      if ('skip' in status) yield { kind: 'post', sourceId: textOf(item, 'wp:post_id'), reason: status.skip }
      else yield post(item, status, postMeta, this.termIds)
    }
  }
}
