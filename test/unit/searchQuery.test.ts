import { editDistance, exactId, ftsExpression, makeSnippet, MARK_END, MARK_START, parseQuery, snippetParts, spellableWords, suggestion } from '../../src/search/query'

test('queries become quoted terms: words, "phrases", ids written without spaces as phrases; operators and punctuation are text', () => {
  expect(parseQuery('Ransomware  hospital').terms).toEqual([['ransomware'], ['hospital']])
  expect(parseQuery('"stolen VPN credentials" flaw').terms).toEqual([['stolen', 'vpn', 'credentials'], ['flaw']])
  expect(parseQuery('CVE-2024-3400 T1566.001').terms).toEqual([
    ['cve', '2024', '3400'],
    ['t1566', '001'],
  ])
  expect(parseQuery('NEAR(a b) OR * "').terms).toEqual([['near', 'a'], ['b'], ['or']])
  expect(parseQuery('"unclosed phrase here').terms).toEqual([['unclosed', 'phrase', 'here']])
  expect(parseQuery('*** ""  () ^-').terms).toEqual([])
  expect(parseQuery('x '.repeat(2000)).terms).toEqual([['x']])
  expect(parseQuery(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ')).terms).toHaveLength(12)
  expect(parseQuery('Ünïcødé café').terms).toEqual([['ünïcødé'], ['café']])
  expect(ftsExpression(parseQuery('ransom "vpn creds"'))).toBe('"ransom" AND "vpn creds"')
  expect(ftsExpression(parseQuery('vpn ransom'), { prefixLast: true })).toBe('"vpn" AND "ransom"*')
  expect(ftsExpression(parseQuery('ransom ab'), { prefixLast: true })).toBe('"ransom" AND "ab"')
})

test('exact ids: a CVE or technique id alone, in any case, with spaces around', () => {
  expect(exactId(' cve-2024-3400 ')).toEqual({ kind: 'cve', id: 'CVE-2024-3400' })
  expect(exactId('t1566.001')).toEqual({ kind: 'technique', id: 'T1566.001' })
  expect(exactId('CVE-2024-3400 exploited')).toBeNull()
  expect(exactId('T15')).toBeNull()
})

test('snippets: marked parts come back flagged, marks never shown; made snippets mark prefixes and cut with an ellipsis', () => {
  expect(snippetParts(`a ${MARK_START}hit${MARK_END} b`)).toEqual([
    { text: 'a ', matched: false },
    { text: 'hit', matched: true },
    { text: ' b', matched: false },
  ])
  expect(snippetParts(`${MARK_START}unclosed`)).toEqual([{ text: 'unclosed', matched: true }])
  const long = `${'filler '.repeat(40)}the ransomware struck ${'after '.repeat(40)}`
  const made = makeSnippet(['no match here', long], parseQuery('ransom'), 10)
  expect(made.startsWith('…')).toBe(true)
  expect(made.endsWith('…')).toBe(true)
  expect(made).toContain(`${MARK_START}ransomware${MARK_END}`)
  // Punctuation beside a matched word stays outside its mark.
  expect(makeSnippet(['Paid in bitcoin. Then "Ransomware!"'], parseQuery('bitcoin ransomware'))).toBe(
    `Paid in ${MARK_START}bitcoin${MARK_END}. Then "${MARK_START}Ransomware${MARK_END}!"`,
  )
})

test('spelling: near misses within two edits become the most common known word; known words stay', () => {
  expect(editDistance('ransomwear', 'ransomware')).toBe(2)
  expect(editDistance('phishing', 'phishing')).toBe(0)
  expect(editDistance('abc', 'abcdefgh')).toBe(3)
  const query = parseQuery('ransomwear hospitl attack')
  expect(spellableWords(query)).toEqual(['ransomwear', 'hospitl', 'attack'])
  const known = new Map([
    [
      'ransomwear',
      [
        { term: 'ransomware', count: 9 },
        { term: 'ransom', count: 20 },
      ],
    ],
    [
      'hospitl',
      [
        { term: 'hospital', count: 3 },
        { term: 'hostile', count: 5 },
      ],
    ],
    ['attack', [{ term: 'attack', count: 40 }]],
  ])
  expect(suggestion(query, known)).toBe('ransomware hospital attack')
  expect(suggestion(parseQuery('attack'), known)).toBeNull()
  expect(suggestion(parseQuery('zzzzzz'), new Map([['zzzzzz', [{ term: 'zebra', count: 1 }]]]))).toBeNull()
})
