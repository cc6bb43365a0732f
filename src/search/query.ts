/**
 * What a reader types into the search box, made safe and useful: words and "quoted phrases",
 * never operators. Every term reaches the full-text engine as a quoted string, so a stray
 * quote, `*`, `NEAR`, `OR`, a parenthesis or 2,000 characters is just text. An exact CVE or
 * ATT&CK id goes straight to its page. Pure: no database here.
 */
import { ATTACK_TECHNIQUE_PATTERN, CVE_PATTERN, normaliseIdentifier } from '../editorial/identifiers'

/** At most this many characters of a query are read, and this many terms used. */
export const MAX_QUERY_CHARS = 500
export const MAX_TERMS = 12

/** A term: one word, or a phrase of words in order. Lower-cased, letters and digits only. */
export type Term = ReadonlyArray<string>
export type ParsedQuery = { readonly terms: ReadonlyArray<Term>; readonly text: string }

const WORD = /[\p{L}\p{N}]+/gu

/** Text as the words a query is made of: lower-cased, letters and digits only. An engine that indexes these sees exactly what parseQuery gives. */
export const searchWords = (text: string): string[] => (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((word) => word.slice(0, 64))
const words = searchWords

/** The distinct words of a story's readable text worth spelling against (three letters or more), for engines with no vocabulary of their own. */
export const spellingWords = (texts: ReadonlyArray<string>): string[] => [...new Set(searchWords(texts.join(' ')).filter((word) => word.length >= 3))]

/** The query's terms: quoted parts are phrases, the rest words; duplicates once. Empty when nothing searchable is left. */
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.slice(0, MAX_QUERY_CHARS).trim()
  const terms: Term[] = []
  const seen = new Set<string>()
  const add = (term: string[]) => {
    const key = term.join(' ')
    if (term.length === 0 || seen.has(key) || terms.length >= MAX_TERMS) return
    seen.add(key)
    terms.push(term)
  }
  const parts = text.split('"')
  parts.forEach((part, index) => {
    // Odd parts were inside quotes (an unclosed quote runs to the end).
    if (index % 2 === 1) add(words(part))
    // Outside quotes, what is written without a space is one phrase: CVE-2024-3400, T1566.001, e-mail.
    else for (const chunk of part.split(/\s+/)) add(words(chunk))
  })
  return { terms, text }
}

/**
 * The FTS5 MATCH expression: every term quoted (a phrase keeps its order), all of them required.
 * The last single word also matches as a prefix, so "ransom" finds ransomware as one types.
 */
export function ftsExpression(query: ParsedQuery, options: { prefixLast?: boolean } = {}): string {
  return query.terms
    .map((term, index) => {
      const quoted = `"${term.join(' ').replace(/"/g, '""')}"`
      return options.prefixLast && index === query.terms.length - 1 && term.length === 1 && term[0]!.length >= 3 ? `${quoted}*` : quoted
    })
    .join(' AND ')
}

/** A query that is exactly one CVE or ATT&CK technique id: its page, not a list of results. */
export function exactId(raw: string): { readonly kind: 'cve' | 'technique'; readonly id: string } | null {
  const id = normaliseIdentifier(raw.slice(0, 40))
  if (CVE_PATTERN.test(id)) return { kind: 'cve', id }
  if (ATTACK_TECHNIQUE_PATTERN.test(id)) return { kind: 'technique', id }
  return null
}

/** Marks the engine puts around matched words in a snippet: control characters no stored text contains. */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'

/** A snippet as parts, the matched ones flagged, for a view to escape and mark up. */
export function snippetParts(snippet: string): Array<{ readonly text: string; readonly matched: boolean }> {
  const parts: Array<{ text: string; matched: boolean }> = []
  let rest = snippet
  while (rest.length) {
    const start = rest.indexOf(MARK_START)
    if (start < 0) {
      parts.push({ text: rest, matched: false })
      break
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), matched: false })
    const end = rest.indexOf(MARK_END, start)
    const stop = end < 0 ? rest.length : end
    parts.push({ text: rest.slice(start + 1, stop), matched: true })
    rest = end < 0 ? '' : rest.slice(end + 1)
  }
  // Stored text never holds the marks, but a snippet must not show them if it ever did.
  return parts.filter((part) => part.text.length > 0).map((part) => ({ ...part, text: part.text.split(MARK_START).join('').split(MARK_END).join('') }))
}

/** The Levenshtein distance between two short words, stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      best = Math.min(best, current[j]!)
    }
    if (best > limit) return limit + 1
    previous = current
  }
  return previous[b.length]!
}

/** The words of a query worth checking for a misspelling: long enough, without digits. */
export const spellableWords = (query: ParsedQuery): string[] => [...new Set(query.terms.flat().filter((word) => word.length >= 4 && !/\d/.test(word)))]

/**
 * "Did you mean": each word the index does not know, replaced by the closest word it does (at
 * most two edits away, the most frequent among equals). `known` gives, per word, the indexed
 * words near it with how many stories hold each. Null when nothing would change.
 */
export function suggestion(query: ParsedQuery, known: ReadonlyMap<string, ReadonlyArray<{ readonly term: string; readonly count: number }>>): string | null {
  let changed = false
  const rewritten = query.terms.map((term) =>
    term.map((word) => {
      const candidates = known.get(word)
      if (!candidates || candidates.some((candidate) => candidate.term === word)) return word
      const ranked = candidates
        .map((candidate) => ({ ...candidate, distance: editDistance(word, candidate.term) }))
        .filter((candidate) => candidate.distance <= 2)
        .sort((a, b) => a.distance - b.distance || b.count - a.count)
      if (!ranked[0]) return word
      changed = true
      return ranked[0].term
    }),
  )
  return changed ? rewritten.map((term) => (term.length > 1 ? `"${term.join(' ')}"` : term[0])).join(' ') : null
}

/**
 * A snippet made here, for an engine that has none (MongoDB's text search): about `size` words
 * around the first matched word of the first text that has one, every matched word marked, "…"
 * where text was cut. A word matches a query word it starts with (ransomware for "ransom").
 */
export function makeSnippet(texts: ReadonlyArray<string>, query: ParsedQuery, size = 28): string {
  const wanted = new Set(query.terms.flat())
  const matches = (token: string) => {
    const word = token
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '')
    return word.length > 0 && [...wanted].some((term) => word.startsWith(term))
  }
  const source = texts.find((text) => text.split(/\s+/).some(matches)) ?? texts.find((text) => text.trim()) ?? ''
  const tokens = source.split(/\s+/).filter(Boolean)
  const first = Math.max(0, tokens.findIndex(matches))
  const start = Math.max(0, first - Math.floor(size / 3))
  // The mark goes round the word, not the punctuation beside it ("<mark>bitcoin</mark>.").
  const mark = (token: string) => {
    const [, before = '', word = '', after = ''] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(token) ?? []
    return `${before}${MARK_START}${word}${MARK_END}${after}`
  }
  const shown = tokens.slice(start, start + size).map((token) => (matches(token) ? mark(token) : token))
  return `${start > 0 ? '…' : ''}${shown.join(' ')}${start + size < tokens.length ? '…' : ''}`
}
