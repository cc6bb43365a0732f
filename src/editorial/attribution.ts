/**
 * Attribution lines ("Adapted from Reuters and AP") are generated from an article's
 * structured sources, never typed free-hand unless an editor overrides them, and every
 * line is checked before it can reach readers.
 */
import { findPlaceholders } from './placeholders'

export const DEFAULT_ATTRIBUTION_TEMPLATE = 'Adapted from {name}'
export const NAME_PLACEHOLDER = '{name}'

export type AttributableSource = { readonly name: string; readonly attributionTemplate?: string | null }

/** "Reuters"; "Reuters and AP"; "Reuters, AP and AFP" (newsroom style: no serial comma). */
export function joinNames(names: ReadonlyArray<string>): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function unbalanced(text: string): string | null {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
  const stack: string[] = []
  for (const char of text) {
    if (char === '(' || char === '[' || char === '{') stack.push(char)
    else if (char in pairs) {
      if (stack.pop() !== pairs[char]) return `a "${char}" that closes nothing`
    }
  }
  const open = stack.pop()
  return open ? `an unclosed "${open}"` : null
}

/** What is wrong with a source's attribution template, or null. Only {name} may be filled in. */
export function attributionTemplateProblem(template: string): string | null {
  const trimmed = template.trim()
  if (!trimmed) return `An attribution template is needed, such as "${DEFAULT_ATTRIBUTION_TEMPLATE}".`
  const others = [...trimmed.matchAll(/\{[^}]*\}?|%[a-z@]/gi)].map((match) => match[0]).filter((token) => token !== NAME_PLACEHOLDER)
  if (others.length > 0) {
    return `Only the placeholder {name} can be used in an attribution template; remove ${others.map((token) => `"${token}"`).join(', ')}.`
  }
  const balance = unbalanced(trimmed.replaceAll(NAME_PLACEHOLDER, 'X'))
  if (balance) return `The attribution template has ${balance}.`
  return null
}

/**
 * The line readers see under an adapted article. Sources sharing a template share a
 * sentence; different templates become separate clauses. A source listed twice (two
 * reports from Reuters) is named once.
 */
export function attributionLine(sources: ReadonlyArray<AttributableSource>): string {
  const byTemplate = new Map<string, string[]>()
  for (const source of sources) {
    const name = source.name.trim()
    if (!name) continue
    const template = source.attributionTemplate?.trim() || DEFAULT_ATTRIBUTION_TEMPLATE
    const names = byTemplate.get(template) ?? []
    if (!names.includes(name)) names.push(name)
    byTemplate.set(template, names)
  }
  return [...byTemplate].map(([template, names]) => template.replaceAll(NAME_PLACEHOLDER, joinNames(names))).join('; ')
}

/** Whether `text` names `name` as a whole word ("AP" is not found inside "Adapted"). */
function namesWord(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text)
}

/**
 * What is wrong with an attribution line about to be published, or an empty list.
 * `sourceNames` are the sources the article is adapted from: each must be named.
 */
export function attributionLineProblems(line: string, sourceNames: ReadonlyArray<string>): string[] {
  const problems: string[] = []
  const text = line.trim()
  if (!text) return ['The attribution line is empty: readers must be told where this story comes from.']
  for (const placeholder of findPlaceholders(text)) {
    problems.push(`The attribution line contains ${placeholder}.`)
  }
  const balance = unbalanced(text)
  if (balance) problems.push(`The attribution line has ${balance}.`)
  if (/\badapted\s+form\b/i.test(text)) problems.push('The attribution line says "Adapted form": did you mean "Adapted from"?')
  if (/\b(?:from|by|of|via)\s*[.,;:]?$/i.test(text)) problems.push(`The attribution line ends with "${text.split(/\s+/).pop()}" but names no source after it.`)
  for (const name of sourceNames) {
    if (name.trim() && !namesWord(text, name.trim())) {
      problems.push(`The attribution line does not name ${name}, which this article is adapted from.`)
    }
  }
  return problems
}
