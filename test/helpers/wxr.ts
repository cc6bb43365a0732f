/**
 * A generated WordPress export of any size, the same every time: posts with paragraphs, a
 * heading, a list, a link and (every tenth) a captioned image; comments in threads, with every
 * status and a few pingbacks; authors, nested categories, tags and images with their files.
 * For `npm run bench:import` and the test of an import under load.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import sharp from 'sharp'

export type ExportSize = {
  /** The old site's address (default https://bench.example). */
  readonly site?: string
  readonly posts: number
  readonly comments: number
  readonly images?: number
  readonly authors?: number
  readonly categories?: number
  readonly tags?: number
}

const cdata = (text: string) => `<![CDATA[${text}]]>`
const pad = (n: number) => String(n).padStart(2, '0')
const time = (ms: number) => {
  const date = new Date(ms)
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
}

/** A deterministic sequence, so every run imports the same export. */
function sequence(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

/** Writes the export to `file` and its images under `uploads`; returns how many comments it holds. */
export async function generateExport(file: string, uploads: string, size: ExportSize): Promise<number> {
  const SITE = size.site ?? 'https://bench.example'
  const { posts: POSTS, comments: COMMENTS, images: IMAGES = 100, authors: AUTHORS = 40, categories: CATEGORIES = 20, tags: TAGS = 100 } = size
  const random = sequence(2019)
  const out = createWriteStream(file)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench News</title><link>${SITE}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>${SITE}</wp:base_site_url><wp:base_blog_url>${SITE}</wp:base_blog_url>
`)
  for (let n = 1; n <= AUTHORS; n += 1)
    await write(
      `<wp:author><wp:author_id>${n}</wp:author_id><wp:author_login>${cdata(`writer${n}`)}</wp:author_login><wp:author_email>${cdata(`writer${n}@bench.example`)}</wp:author_email><wp:author_display_name>${cdata(`Writer ${n}`)}</wp:author_display_name></wp:author>\n`,
    )
  for (let n = 1; n <= CATEGORIES; n += 1)
    await write(
      `<wp:category><wp:term_id>${n}</wp:term_id><wp:category_nicename>section-${n}</wp:category_nicename><wp:category_parent>${n > 10 ? `section-${n - 10}` : ''}</wp:category_parent><wp:cat_name>${cdata(`Section ${n}`)}</wp:cat_name></wp:category>\n`,
    )
  for (let n = 1; n <= TAGS; n += 1)
    await write(`<wp:tag><wp:term_id>${100 + n}</wp:term_id><wp:tag_slug>topic-${n}</wp:tag_slug><wp:tag_name>${cdata(`Topic ${n}`)}</wp:tag_name></wp:tag>\n`)
  const picture = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 20, g: 60, b: 120 } } })
    .jpeg({ quality: 70 })
    .toBuffer()
  await mkdir(path.join(uploads, '2020/01'), { recursive: true })
  for (let n = 1; n <= IMAGES; n += 1) {
    await writeFile(path.join(uploads, `2020/01/picture-${n}.jpg`), picture)
    await write(
      `<item><title>${cdata(`Picture ${n}`)}</title><wp:post_id>${100_000 + n}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>${SITE}/wp-content/uploads/2020/01/picture-${n}.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2020/01/picture-${n}.jpg</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(`A picture, number ${n}`)}</wp:meta_value></wp:postmeta></item>\n`,
    )
  }
  const statuses = ['1', '1', '1', '1', '1', '1', '1', '0', 'spam', 'trash']
  let commentId = 0
  const start = Date.UTC(2015, 0, 1)
  for (let post = 1; post <= POSTS; post += 1) {
    const published = start + post * 3_600_000 * 7
    // With no images, posts have none to show.
    const picture = IMAGES > 0 ? (post % IMAGES) + 1 : 0
    const body = [
      `Paragraph one of story ${post}, with <strong>bold</strong> words and <a href="https://source.example/${post}">a link</a>.`,
      picture && post % 10 === 0
        ? `[caption id="attachment_${100_000 + picture}" width="300"]<img class="wp-image-${100_000 + picture}" src="${SITE}/wp-content/uploads/2020/01/picture-${picture}-300x169.jpg" alt="" /> A caption[/caption]`
        : '',
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12),
      '<h3>What happened</h3>\n<ul><li>First</li><li>Second</li></ul>',
      'Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(8),
    ].join('\n\n')
    // About COMMENTS / POSTS each; the last post takes what is left, so the total is exact.
    const count = post === POSTS ? COMMENTS - commentId : Math.round((COMMENTS / POSTS) * (0.5 + random()))
    const comments: string[] = []
    const first = commentId + 1
    for (let c = 0; c < count && commentId < COMMENTS; c += 1) {
      commentId += 1
      const parent = c > 0 && random() < 0.4 ? first + Math.floor(random() * c) : 0
      const guest = Math.floor(random() * 20_000)
      const type = random() < 0.02 ? 'pingback' : 'comment'
      comments.push(
        `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(`Reader ${guest}`)}</wp:comment_author><wp:comment_author_email>${cdata(`reader${guest}@readers.example`)}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>${cdata(`10.${guest % 250}.${c % 250}.7`)}</wp:comment_author_IP><wp:comment_date_gmt>${cdata(time(published + (c + 1) * 60_000))}</wp:comment_date_gmt><wp:comment_content>${cdata(`<p>Comment ${commentId}: ${'a thoughtful remark '.repeat(1 + (commentId % 8))}</p>`)}</wp:comment_content><wp:comment_approved>${cdata(statuses[commentId % statuses.length]!)}</wp:comment_approved><wp:comment_type>${type}</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>`,
      )
    }
    await write(
      `<item><title>${cdata(`Story number ${post} about a breach`)}</title><link>${SITE}/${new Date(published).getUTCFullYear()}/story-${post}/</link><dc:creator>${cdata(`writer${(post % AUTHORS) + 1}`)}</dc:creator><guid isPermaLink="false">${SITE}/?p=${post}</guid><content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata(`The short version of story ${post}.`)}</excerpt:encoded><wp:post_id>${post}</wp:post_id><wp:post_date_gmt>${time(published)}</wp:post_date_gmt><wp:post_modified_gmt>${time(published + 86_400_000)}</wp:post_modified_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>story-${post}</wp:post_name><wp:status>${post % 50 === 0 ? 'draft' : 'publish'}</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="section-${(post % CATEGORIES) + 1}">${cdata(`Section ${(post % CATEGORIES) + 1}`)}</category><category domain="post_tag" nicename="topic-${(post % TAGS) + 1}">${cdata(`Topic ${(post % TAGS) + 1}`)}</category>${picture ? `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${100_000 + picture}</wp:meta_value></wp:postmeta>` : ''}${comments.join('')}</item>\n`,
    )
  }
  await write('</channel>\n</rss>\n')
  out.end()
  await once(out, 'finish')
  return commentId
}
