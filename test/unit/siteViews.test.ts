import { html, jsonForScript } from '../../src/site/html'
import { attributionLine, structuredData } from '../../src/site/views/article'
import { confidenceWording, windowWording } from '../../src/site/views/format'
import { renderRichText, safeHref, uploadIds } from '../../src/site/views/richText'
import type { ArticleView } from '../../src/site/data'

const origin = 'https://news.example.org'
const context = { origin, media: () => null, documentHref: () => null }

describe('html', () => {
  test('escapes every interpolated value', () => {
    expect(html`<p title="${'"><script>'}">${'<img src=x onerror=alert(1)>'}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;img src=x onerror=alert(1)&gt;</p>')
  })

  test('JSON for a script element can never close it', () => {
    expect(jsonForScript({ headline: '</script><script>alert(1)</script>' }).value).not.toContain('</script>')
  })
})

describe('rich text', () => {
  test('renders paragraphs, headings (h1 becomes h2), lists, quotes and marks', () => {
    const out = renderRichText(
      [
        { type: 'h1', children: [{ text: 'Heading' }] },
        { children: [{ text: 'Bold', bold: true }, { text: ' and ' }, { text: 'code', code: true }] },
        { type: 'ul', children: [{ type: 'li', children: [{ text: 'One' }] }] },
        { type: 'blockquote', children: [{ text: 'Quote' }] },
      ],
      context,
    ).value
    expect(out).toBe('<h2>Heading</h2><p><strong>Bold</strong> and <code>code</code></p><ul><li>One</li></ul><blockquote>Quote</blockquote>')
  })

  test('never passes HTML through: text and unknown elements stay text', () => {
    const out = renderRichText([{ children: [{ text: '<script>alert(1)</script>' }] }, { type: 'iframe', src: 'https://evil.example', children: [{ text: 'x' }] }], context).value
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>x</p>')
  })

  test('links: noopener always, noreferrer when external, dangerous schemes dropped', () => {
    const link = (url: string, newTab = false) => renderRichText([{ children: [{ type: 'link', url, newTab, children: [{ text: 'here' }] }] }], context).value
    expect(link('https://www.reuters.com/x')).toBe('<p><a href="https://www.reuters.com/x" rel="noopener noreferrer">here</a></p>')
    expect(link('https://news.example.org/articles/a', true)).toBe('<p><a href="https://news.example.org/articles/a" rel="noopener" target="_blank">here</a></p>')
    expect(link('/articles/a')).toBe('<p><a href="/articles/a" rel="noopener">here</a></p>')
    expect(link('javascript:alert(1)')).toBe('<p>here</p>')
    expect(link('data:text/html,<b>x</b>')).toBe('<p>here</p>')
    expect(link('//evil.example/x')).toBe('<p>here</p>')
  })

  test('finds the media an article body embeds', () => {
    expect(uploadIds([{ type: 'upload', value: { id: 'a' }, children: [] }, { children: [{ type: 'upload', value: 'b', children: [] }] }])).toEqual(['a', 'b'])
  })

  test('safeHref keeps only http(s), mailto and same-site paths', () => {
    expect(safeHref('mailto:tips@news.example.org', origin)?.href).toBe('mailto:tips@news.example.org')
    expect(safeHref('/\\evil.example', origin)).toBeNull()
    expect(safeHref('vbscript:x', origin)).toBeNull()
  })
})

describe('attribution line on the page', () => {
  test('links each source name to its original report', () => {
    const out = attributionLine(
      'Adapted from Reuters and AP',
      [
        { name: 'Reuters', originalUrl: 'https://www.reuters.com/a', originalHeadline: null },
        { name: 'AP', originalUrl: 'https://apnews.com/b', originalHeadline: null },
      ],
      origin,
    ).value
    expect(out).toBe(
      '<p class="attribution">(Adapted from <a href="https://www.reuters.com/a" rel="noopener noreferrer">Reuters</a> and <a href="https://apnews.com/b" rel="noopener noreferrer">AP</a>)</p>',
    )
  })

  test('an override that does not spell a name out still links the reports', () => {
    const out = attributionLine('Based on wire reports', [{ name: 'Reuters', originalUrl: 'https://www.reuters.com/a', originalHeadline: null }], origin).value
    expect(out).toContain('(Based on wire reports; original reports: <a href="https://www.reuters.com/a"')
  })
})

describe('wording', () => {
  test('confidence as readers expect it', () => {
    expect(confidenceWording('suspected')).toBe('suspected')
    expect(confidenceWording('alleged')).toBe('alleged')
    expect(confidenceWording('unknown')).toBeNull()
  })

  test('incident windows', () => {
    expect(windowWording({ start: null, end: null, approximateLabel: 'Summer 2019' })).toBe('Summer 2019')
    expect(windowWording({ start: '2024-03-01T00:00:00Z', end: '2024-04-04T00:00:00Z', approximateLabel: null })).toBe('1 March 2024 – 4 April 2024')
    expect(windowWording({ start: '2024-03-01T00:00:00Z', end: null, approximateLabel: null })).toBe('from 1 March 2024')
    expect(windowWording({ start: null, end: null, approximateLabel: null })).toBeNull()
  })
})

test('structured data: NewsArticle with isBasedOn and about', () => {
  const article = {
    id: '1',
    slug: 'story',
    title: 'Story',
    dek: 'Dek',
    publishedAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T11:00:00.000Z',
    hero: null,
    attributionLine: 'Adapted from Reuters',
    body: [],
    authors: ['Eddie Editor'],
    sources: [{ name: 'Reuters', originalUrl: 'https://www.reuters.com/a', originalHeadline: null }],
    corrections: [],
    incident: {
      threatActors: [{ name: 'APT0', slug: 'apt0', aliases: [], description: null }],
      attributedTo: null,
      attributionConfidence: null,
      victims: ['NAM'],
      sectors: [],
      attackTypes: [],
      cves: [],
      attackTechniques: [],
      window: { start: null, end: null, approximateLabel: null },
      status: null,
    },
    section: { name: 'Ransomware', slug: 'ransomware' },
    tags: [
      { name: 'Healthcare', slug: 'healthcare' },
      { name: 'Ivanti', slug: 'ivanti' },
    ],
    commentsOpen: true,
    commentCount: 0,
    threadCount: 0,
    bodyMedia: new Map(),
    related: [],
  } satisfies ArticleView
  expect(structuredData(article, { name: 'Newsroom', description: 'd', language: 'en', origin, stylesheet: '/x.css' })).toEqual({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Story',
    description: 'Dek',
    url: 'https://news.example.org/articles/story',
    mainEntityOfPage: 'https://news.example.org/articles/story',
    datePublished: '2026-11-27T10:00:00.000Z',
    dateModified: '2026-11-27T11:00:00.000Z',
    author: [{ '@type': 'Person', name: 'Eddie Editor' }],
    publisher: { '@type': 'Organization', name: 'Newsroom', url: origin },
    isBasedOn: ['https://www.reuters.com/a'],
    about: [
      { '@type': 'Organization', name: 'APT0' },
      { '@type': 'Organization', name: 'NAM' },
    ],
    articleSection: 'Ransomware',
    keywords: ['Healthcare', 'Ivanti'],
  })
})
