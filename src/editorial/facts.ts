/**
 * The incident facts a reader can follow: each CVE, ATT&CK technique, sector and attack type has
 * a page of its own at one canonical address. This module says what those addresses are, which
 * values belong at one (400 for what cannot be an id, a redirect for a spelling that is not the
 * canonical one), and which other stories are most related to a story by the facts they share.
 */
import { ATTACK_TECHNIQUE_PATTERN, CVE_PATTERN, normaliseIdentifier } from './identifiers'
import { ATTACK_TYPES, labelOf, SECTORS } from './taxonomy'

export const FACT_KINDS = ['cve', 'technique', 'sector', 'attack-type'] as const
export type FactKind = (typeof FACT_KINDS)[number]

/** Where each kind's pages live. */
export const FACT_BASES: Readonly<Record<FactKind, string>> = { cve: '/cves', technique: '/techniques', sector: '/sectors', 'attack-type': '/attack-types' }

/** The article field that holds each kind of fact. */
export const FACT_FIELDS: Readonly<Record<FactKind, string>> = {
  cve: 'incident.cves',
  technique: 'incident.attackTechniques',
  sector: 'incident.sectors',
  'attack-type': 'incident.attackTypes',
}

export const factPath = (kind: FactKind, id: string): string => `${FACT_BASES[kind]}/${encodeURIComponent(id)}`

/**
 * What an address's last part names:
 * - `{ id }`: a value of this kind, in its canonical spelling;
 * - `{ redirect }`: the same value spelled otherwise (`cve-2024-3400`), to be sent to its canonical address;
 * - `'malformed'`: nothing of this kind could be spelled so (400);
 * - `'unknown'`: well-formed, but not a value of this vocabulary (404).
 */
export type FactParam = { readonly id: string } | { readonly redirect: string } | 'malformed' | 'unknown'

const VOCABULARY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const MAX_PARAM = 40

export function parseFactParam(kind: FactKind, raw: string): FactParam {
  if (raw.length === 0 || raw.length > MAX_PARAM) return 'malformed'
  if (kind === 'cve' || kind === 'technique') {
    const id = normaliseIdentifier(raw)
    if (!(kind === 'cve' ? CVE_PATTERN : ATTACK_TECHNIQUE_PATTERN).test(id)) return 'malformed'
    return id === raw ? { id } : { redirect: id }
  }
  const slug = raw.toLowerCase()
  if (!VOCABULARY_SLUG.test(slug)) return 'malformed'
  const known = (kind === 'sector' ? SECTORS : ATTACK_TYPES).some((option) => option.value === slug)
  if (!known) return 'unknown'
  return slug === raw ? { id: slug } : { redirect: slug }
}

/** A sector's or attack type's name as readers see it. */
export const vocabularyLabel = (kind: 'sector' | 'attack-type', value: string): string => labelOf(kind === 'sector' ? SECTORS : ATTACK_TYPES, value) || value

/** What a story is about, for relating it to others. */
export type StoryFacts = {
  readonly id: string
  readonly publishedAt: string
  readonly actors: ReadonlyArray<string>
  readonly cves: ReadonlyArray<string>
  readonly techniques: ReadonlyArray<string>
  readonly topics: ReadonlyArray<string>
}

/**
 * How much one shared fact says two stories belong together: the same CVE or threat actor
 * nearly always means the same story line; a technique is shared by many unrelated intrusions;
 * a topic (section or tag) is the loosest tie.
 */
export const RELATED_WEIGHTS = { cve: 4, actor: 4, technique: 2, topic: 1 } as const

export const MAX_RELATED = 5

const shared = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): number => {
  const set = new Set(a)
  return new Set(b.filter((value) => set.has(value))).size
}

export function relatedness(story: StoryFacts, other: StoryFacts): number {
  return (
    shared(story.cves, other.cves) * RELATED_WEIGHTS.cve +
    shared(story.actors, other.actors) * RELATED_WEIGHTS.actor +
    shared(story.techniques, other.techniques) * RELATED_WEIGHTS.technique +
    shared(story.topics, other.topics) * RELATED_WEIGHTS.topic
  )
}

/** The stories that share most with `story`, best first (newer first among equals), at most `limit`; never the story itself. */
export function rankRelated<T extends StoryFacts>(story: StoryFacts, candidates: ReadonlyArray<T>, limit = MAX_RELATED): T[] {
  return candidates
    .filter((candidate) => candidate.id !== story.id)
    .map((candidate) => ({ candidate, score: relatedness(story, candidate) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || Date.parse(b.candidate.publishedAt) - Date.parse(a.candidate.publishedAt))
    .slice(0, limit)
    .map(({ candidate }) => candidate)
}
