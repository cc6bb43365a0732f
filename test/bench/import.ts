/**
 * `npm run bench:import`: a generated WordPress export of 5,000 posts and 100,000 comments
 * (threads up to five deep, every status, pingbacks, 40 authors, 20 categories, 100 tags, 100
 * images) imported into a fresh SQLite newsroom, then imported again. Each run is its own
 * process, so its peak resident memory is the importer's alone. Targets on this machine: the
 * import in under 10 minutes and under 500 MB; the second run creates and updates nothing.
 *
 * BENCH_POSTS and BENCH_COMMENTS change the size.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import sharp from 'sharp'

import { IMPORT_ENV } from '../../src/import/tuning'

const POSTS = Number(process.env.BENCH_POSTS ?? 5_000)
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 100_000)
const IMAGES = 100
const AUTHORS = 40
const CATEGORIES = 20
const TAGS = 100

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

/** Writes the export; returns how many comments it holds. */
async function generate(file: string, uploads: string): Promise<number> {
  const random = sequence(2019)
  const out = createWriteStream(file)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench News</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url><wp:base_blog_url>https://bench.example</wp:base_blog_url>
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
      `<item><title>${cdata(`Picture ${n}`)}</title><wp:post_id>${100_000 + n}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>https://bench.example/wp-content/uploads/2020/01/picture-${n}.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2020/01/picture-${n}.jpg</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(`A picture, number ${n}`)}</wp:meta_value></wp:postmeta></item>\n`,
    )
  }
  const statuses = ['1', '1', '1', '1', '1', '1', '1', '0', 'spam', 'trash']
  let commentId = 0
  const start = Date.UTC(2015, 0, 1)
  for (let post = 1; post <= POSTS; post += 1) {
    const published = start + post * 3_600_000 * 7
    const picture = (post % IMAGES) + 1
    const body = [
      `Paragraph one of story ${post}, with <strong>bold</strong> words and <a href="https://source.example/${post}">a link</a>.`,
      post % 10 === 0
        ? `[caption id="attachment_${100_000 + picture}" width="300"]<img class="wp-image-${100_000 + picture}" src="https://bench.example/wp-content/uploads/2020/01/picture-${picture}-300x169.jpg" alt="" /> A caption[/caption]`
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
      `<item><title>${cdata(`Story number ${post} about a breach`)}</title><link>https://bench.example/${new Date(published).getUTCFullYear()}/story-${post}/</link><dc:creator>${cdata(`writer${(post % AUTHORS) + 1}`)}</dc:creator><guid isPermaLink="false">https://bench.example/?p=${post}</guid><content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata(`The short version of story ${post}.`)}</excerpt:encoded><wp:post_id>${post}</wp:post_id><wp:post_date_gmt>${time(published)}</wp:post_date_gmt><wp:post_modified_gmt>${time(published + 86_400_000)}</wp:post_modified_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>story-${post}</wp:post_name><wp:status>${post % 50 === 0 ? 'draft' : 'publish'}</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="section-${(post % CATEGORIES) + 1}">${cdata(`Section ${(post % CATEGORIES) + 1}`)}</category><category domain="post_tag" nicename="topic-${(post % TAGS) + 1}">${cdata(`Topic ${(post % TAGS) + 1}`)}</category><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${100_000 + picture}</wp:meta_value></wp:postmeta>${comments.join('')}</item>\n`,
    )
  }
  await write('</channel>\n</rss>\n')
  out.end()
  await once(out, 'finish')
  return commentId
}

type RunResult = { seconds: number; peakRssMb: number; counts: Record<string, Record<string, number>> }

function importRun(file: string, uploads: string, dir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), '--import', 'tsx', path.join(import.meta.dirname, 'importRun.ts'), file, uploads, dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'], // As `npm run import:wordpress` starts it (see src/import/tuning.ts).
        env: { ...process.env, ...IMPORT_ENV },
      },
    )
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`import run exited ${code}: ${output}`))
      resolve(JSON.parse(line) as RunResult)
    })
  })
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-import-bench-'))
  try {
    const file = path.join(dir, 'export.xml')
    const uploads = path.join(dir, 'uploads')
    const generated = Date.now()
    const comments = await generate(file, uploads)
    const size = (await stat(file)).size
    console.log(
      `Generated ${POSTS.toLocaleString('en')} posts and ${COMMENTS.toLocaleString('en')} comments: ${(size / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - generated) / 1000).toFixed(1)} s`,
    )
    const first = await importRun(file, uploads, dir)
    console.log(`First import: ${first.seconds.toFixed(1)} s, peak RSS ${first.peakRssMb.toFixed(0)} MB`)
    console.log(JSON.stringify(first.counts))
    const database = (await stat(path.join(dir, 'newsroom.db'))).size
    const second = await importRun(file, uploads, dir)
    console.log(`Second import of the same file: ${second.seconds.toFixed(1)} s, peak RSS ${second.peakRssMb.toFixed(0)} MB`)
    console.log(JSON.stringify(second.counts))
    console.log(`Database after the import: ${(database / 1024 / 1024).toFixed(0)} MB`)
    const changed = Object.values(second.counts).reduce((sum, counts) => sum + (counts.created ?? 0) + (counts.updated ?? 0), 0)
    const checks: Array<[boolean, string]> = [
      [first.counts.articles!.created === POSTS, `every post imported (${first.counts.articles!.created} of ${POSTS})`],
      [first.counts.comments!.created === comments, `every comment imported (${first.counts.comments!.created} of ${comments})`],
      [first.seconds < 600, `import ${first.seconds.toFixed(0)} s < 600 s`],
      [first.peakRssMb < 500, `peak RSS ${first.peakRssMb.toFixed(0)} MB < 500 MB`],
      [changed === 0, `the second run created or updated ${changed} records (0 expected)`],
    ]
    for (const [ok, text] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`)
    if (checks.some(([ok]) => !ok)) process.exitCode = 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
