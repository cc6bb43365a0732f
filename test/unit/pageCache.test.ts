import { PageCache, rendered } from '../../src/site/pageCache'

const page = (text: string) => rendered(200, 'text/html', 'public', text, new Date('2026-11-27T12:00:00.500Z'))

test('serves an entry only at the content version it was rendered at', () => {
  const cache = new PageCache()
  cache.set('a', 'v1', Number.POSITIVE_INFINITY, page('one'))
  expect(cache.get('a', 'v1')?.body.toString()).toBe('one')
  expect(cache.get('a', 'v2')).toBeNull()
  expect(cache.get('a', 'v1')).toBeNull() // a stale entry is dropped, not kept for later
})

test('serves an entry only until it expires (the next embargo lift)', () => {
  const cache = new PageCache()
  cache.set('a', 'v1', 1000, page('one'))
  expect(cache.get('a', 'v1', 999)).not.toBeNull()
  expect(cache.get('a', 'v1', 1000)).toBeNull()
})

test('keeps at most maxEntries, dropping the least recently used', () => {
  const cache = new PageCache(2)
  cache.set('a', 'v1', Number.POSITIVE_INFINITY, page('a'))
  cache.set('b', 'v1', Number.POSITIVE_INFINITY, page('b'))
  cache.get('a', 'v1')
  cache.set('c', 'v1', Number.POSITIVE_INFINITY, page('c'))
  expect(cache.size).toBe(2)
  expect(cache.get('b', 'v1')).toBeNull()
  expect(cache.get('a', 'v1')).not.toBeNull()
})

test('a rendered response carries a strong ETag of its bytes and a whole-second Last-Modified', () => {
  const one = page('same')
  expect(one.etag).toMatch(/^"[\w-]{27}"$/)
  expect(page('same').etag).toBe(one.etag)
  expect(page('other').etag).not.toBe(one.etag)
  expect(one.lastModified).toBe('Fri, 27 Nov 2026 12:00:00 GMT')
})
