/** The importer's pure parts: the XML stream, WordPress's content and times, old addresses, the command's arguments. */
import { ArgumentProblem, parseAuthorMap, parseImportArguments, parseUrlMap } from '../../src/import/arguments'
import { commentText, excerptText, wordpressBody, type ImageResolver } from '../../src/import/html'
import { progressLine } from '../../src/import/progress'
import { ImportReport, reportText } from '../../src/import/report'
import { IMPORT_ENV } from '../../src/import/tuning'
import { wordpressTime } from '../../src/import/wordpress'
import { uploadKey } from '../../src/import/writer'
import { ImportFileProblem, xmlEvents, type XmlEvent } from '../../src/import/xml'
import { redirectKey, redirectTargetProblem } from '../../src/editorial/redirects'

const none: ImageResolver = () => null
const texts = (nodes: ReadonlyArray<{ children: ReadonlyArray<unknown> }>) =>
  nodes.map((node) => (node.children as Array<{ text?: string }>).map((leaf) => leaf.text ?? '').join(''))

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  for (let start = 0; start < bytes.length; start += size) yield bytes.slice(start, start + size)
}
async function events(text: string, size = 7): Promise<XmlEvent[]> {
  const out: XmlEvent[] = []
  for await (const event of xmlEvents(chunks(text, size), new Set(['item']))) out.push(event)
  return out
}

describe('the XML stream', () => {
  test('records come whole, CDATA or escaped text alike, even when a chunk splits a character', async () => {
    const found = await events('<rss><channel><title>Caf&#233; ☕</title><item><title><![CDATA[A <b>&amp;</b>]]></title><x a="1">t&amp;u</x></item></channel></rss>', 3)
    expect(found[0]).toEqual({ type: 'root', name: 'rss', attributes: {} })
    expect(found).toContainEqual({ type: 'field', path: 'rss/channel/title', text: 'Café ☕' })
    const record = found.find((event) => event.type === 'record')
    expect(record && record.type === 'record' && record.node.children.map((child) => [child.name, child.text, child.attributes])).toEqual([
      ['title', 'A <b>&amp;</b>', {}],
      ['x', 't&u', { a: '1' }],
    ])
  })
  test('a truncated or broken file is a problem that says where', async () => {
    await expect(events('<rss><channel><item><title>x</title>')).rejects.toThrow(/ends inside <item> \(line 1\): it looks truncated/)
    await expect(events('<rss>\n<channel></chanel></rss>')).rejects.toThrow(ImportFileProblem)
    await expect(events('<rss>\n<channel></chanel></rss>')).rejects.toThrow(/not well-formed XML \(line 2, column \d+\)/)
    await expect(events('')).rejects.toThrow(/empty/)
  })
})

describe('WordPress content', () => {
  test('classic posts: a blank line starts a paragraph, a newline breaks the line, marks and links kept', () => {
    const { nodes, notes } = wordpressBody('One <b>bold</b>\nline two\n\nPara <a href="https://x.example/" target="_blank">two</a>.', none)
    expect(nodes).toEqual([
      { children: [{ text: 'One ' }, { text: 'bold', bold: true }, { text: '\nline two' }] },
      { children: [{ text: 'Para ' }, { type: 'link', linkType: 'custom', url: 'https://x.example/', newTab: true, children: [{ text: 'two' }] }, { text: '.' }] },
    ])
    expect(notes).toEqual([])
  })
  test('block posts: whitespace between blocks means nothing; h1 becomes h2; pre keeps its lines as code', () => {
    const { nodes } = wordpressBody(
      '<!-- wp:heading {"level":1} -->\n<h1>Top</h1>\n<!-- /wp:heading -->\n\n<!-- wp:code --><pre class="wp-block-code"><code>a\n  b</code></pre><!-- /wp:code -->',
      none,
    )
    expect(nodes).toEqual([{ type: 'h2', children: [{ text: 'Top' }] }, { children: [{ text: 'a\n  b', code: true }] }])
  })
  test('images: an imported one is an upload (its library caption not repeated); one that is not is its description, noted', () => {
    const resolve: ImageResolver = (image) => (image.attachmentId === '7' ? { id: 'm7', caption: 'Library caption' } : null)
    const { nodes, notes } = wordpressBody(
      '[caption id="attachment_7"]<img class="wp-image-7" src="a.jpg" alt="Seven"> Library caption[/caption]\n\n<img src="https://elsewhere.example/b.png" alt="A chart">',
      resolve,
    )
    expect(nodes).toEqual([{ type: 'upload', relationTo: 'media', value: { id: 'm7' }, children: [{ text: '' }] }, { children: [{ text: '[Image: A chart]' }] }])
    expect(notes).toEqual(['an image could not be imported: kept as its description'])
  })
  test('nothing runs: scripts and forms removed, javascript: links kept as their text, frames as links, tables as lines', () => {
    const { nodes, notes } = wordpressBody(
      '<script>x()</script><form><input></form><a href="javascript:evil()">click</a><iframe src="https://video.example/e/1"></iframe><table><tr><td>a</td><td>b</td></tr></table>',
      none,
    )
    expect(JSON.stringify(nodes)).not.toMatch(/x\(\)|javascript|<|evil/)
    expect(texts(nodes)).toEqual(['click', '', 'a | b'])
    expect(nodes[1]).toEqual({ children: [{ type: 'link', linkType: 'custom', url: 'https://video.example/e/1', children: [{ text: 'https://video.example/e/1' }] }] })
    expect(notes).toHaveLength(5)
  })
  test('shortcodes: [embed] becomes a link, [gallery] its images, unknown ones stay as text and are noted; "[CVE-…]" is text', () => {
    const { nodes, notes } = wordpressBody('[embed]https://v.example/1[/embed]\n\n[gallery ids="1,2"]\n\n[poll id="3"] about [CVE-2024-3400]', (image) => ({
      id: `m${image.attachmentId}`,
      caption: '',
    }))
    expect(nodes.map((node) => node.type ?? 'p')).toEqual(['p', 'upload', 'upload', 'p'])
    expect(texts(nodes)[3]).toBe('[poll id="3"] about [CVE-2024-3400]')
    expect(notes).toEqual(['the shortcode [poll] has no equivalent here: kept as text'])
  })
  test('comments are plain text: paragraphs, line breaks, links with their address; entities decoded, tags gone', () => {
    expect(commentText('<p>Hi &amp; <a href="https://a.example">there</a></p>\n<p>Line<br />two <script>x</script><em>ok</em></p>')).toBe(
      'Hi & there (https://a.example)\n\nLine\ntwo ok',
    )
    expect(excerptText('An <em>unpatched</em>\n appliance')).toBe('An unpatched appliance')
  })
  test('times: WordPress UTC fields become ISO; its zero date is none', () => {
    expect(wordpressTime('2019-11-27 15:00:00')).toBe('2019-11-27T15:00:00.000Z')
    expect(wordpressTime('0000-00-00 00:00:00')).toBeNull()
    expect(wordpressTime('yesterday')).toBeNull()
  })
  test('uploads are matched by file, whatever size WordPress linked', () => {
    expect(uploadKey('https://old.example/wp-content/uploads/2019/11/Router-300x200.jpg?w=1')).toBe('2019/11/router.jpg')
    expect(uploadKey('2019/11/router.jpg')).toBe('2019/11/router.jpg')
    expect(uploadKey('https://old.files.wordpress.com/2019/11/caf%C3%A9.png')).toBe('2019/11/café.png')
  })
})

describe('old addresses', () => {
  test('one key per address: origin dropped, decoded, no trailing slash; WordPress query links by their one parameter', () => {
    expect(redirectKey('https://old.example/2019/11/27/story/')).toBe('/2019/11/27/story')
    expect(redirectKey('/2019/11/27/story')).toBe('/2019/11/27/story')
    expect(redirectKey('/2030/01/15/caf%C3%A9-hackers/')).toBe('/2030/01/15/café-hackers')
    expect(redirectKey('https://old.example/?p=101')).toBe('/?p=101')
    expect(redirectKey('/', new URLSearchParams('utm_source=x&cat=4'))).toBe('/?cat=4')
    expect(redirectKey('/feed/?utm=1')).toBe('/feed')
    expect(redirectKey('javascript:alert(1)')).toBeNull()
    expect(redirectKey('old-story')).toBeNull()
  })
  test('targets are paths on the site or http(s) addresses', () => {
    expect(redirectTargetProblem('/articles/x')).toBeNull()
    expect(redirectTargetProblem('https://elsewhere.example/')).toBeNull()
    for (const bad of ['//evil.example', 'javascript:alert(1)', 'data:text/html,x', 'articles/x']) expect(redirectTargetProblem(bad)).toMatch(/must be a path/)
  })
})

describe('the command', () => {
  test('arguments', () => {
    expect(parseImportArguments(['export.xml', '--uploads', 'up', '--dry-run', '--skip-pingbacks', '--author-map', 'map.txt', '--fetch-media'])).toEqual({
      file: 'export.xml',
      uploadsDir: 'up',
      dryRun: true,
      pingbacks: 'skip',
      authorMapFile: 'map.txt',
      urlMapFile: undefined,
      fetchMedia: true,
    })
    expect(() => parseImportArguments([])).toThrow(/Which export file\? Usage: npm run import:wordpress/)
    expect(() => parseImportArguments(['a.xml', '--uploads'])).toThrow(/--uploads needs a value/)
    expect(() => parseImportArguments(['a.xml', '--fast'])).toThrow(/Unknown option --fast/)
    expect(() => parseImportArguments(['a.xml', 'b.xml'])).toThrow(ArgumentProblem)
    // Each command takes its own options.
    expect(parseImportArguments(['d.xml', '--url-map', 'urls.txt'], 'disqus')).toMatchObject({ file: 'd.xml', urlMapFile: 'urls.txt', dryRun: false })
    expect(() => parseImportArguments(['d.xml', '--uploads', 'up'], 'disqus')).toThrow(
      'Unknown option --uploads. Usage: npm run import:disqus -- export.xml [--url-map FILE] [--dry-run]',
    )
    expect(() => parseImportArguments(['a.xml', '--url-map', 'u'])).toThrow(/Unknown option --url-map/)
  })
  test('the import commands start with the memory settings the importer was measured with', async () => {
    const { readFile } = await import('node:fs/promises')
    const scripts = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts
    for (const name of ['import:wordpress', 'import:disqus'])
      expect(scripts[name]).toContain(
        `cross-env ${Object.entries(IMPORT_ENV)
          .map(([key, value]) => `${key}=${value}`)
          .join(' ')} tsx src/import/cli.ts`,
      )
  })
  test('URL maps', () => {
    expect([...parseUrlMap('https://old.example/a.html /articles/a\nhttps://old.example/b, https://new.example/articles/b\n')]).toEqual([
      ['https://old.example/a.html', '/articles/a'],
      ['https://old.example/b', 'https://new.example/articles/b'],
    ])
    expect(() => parseUrlMap('just-one-thing')).toThrow('URL map, line 1: expected "old address, new address", got "just-one-thing".')
  })
  test('author maps', () => {
    expect([...parseAuthorMap('# old login, new address\njdoe, jane@newsroom.test\n\nbob=bob@newsroom.test\nann\tann@newsroom.test\n')]).toEqual([
      ['jdoe', 'jane@newsroom.test'],
      ['bob', 'bob@newsroom.test'],
      ['ann', 'ann@newsroom.test'],
    ])
    expect(() => parseAuthorMap('jdoe\n')).toThrow('Author map, line 1: expected "login, email@address", got "jdoe".')
  })
  test('progress: done of total, rate, time left', () => {
    expect(progressLine({ phase: 'posts', done: 250, total: 1000, comments: 5000, commentsTotal: 20000 }, 0, 10_000, 8)).toBe(
      'Posts [##......] 250/1,000, 5,000/20,000 comments · 25/s · 30 s left',
    )
    expect(progressLine({ phase: 'reading', done: 0, total: 0, comments: 0, commentsTotal: 0 }, 0, 1)).toBe('Reading the file')
  })
  test('the report: exact counts, reasons with their first ids', () => {
    const report = new ImportReport('WordPress (WXR)', 'old.example', false)
    report.count('articles', 'created')
    for (let id = 1; id <= 12; id += 1) report.skip('comments', String(id), 'the comment has no text')
    const text = reportText(report.data())
    expect(text).toMatch(/Articles\s+1\s+0\s+0\s+0/)
    expect(text).toContain('Comments: 12 × the comment has no text (source ids: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)')
  })
})
