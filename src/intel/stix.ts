/**
 * A story's incident facts as threat intelligence: a STIX 2.1 bundle with the story as a
 * `report` (its address the report's first external reference), the threat actors, the victims
 * and sectors as identities, the CVEs as vulnerabilities, the ATT&CK techniques as attack
 * patterns, and the relationships between them. Ids are name-based (UUID v5 of the newsroom's
 * address, the story and the object's natural key): the same story always gives the same bundle
 * ids, and as each object's `created` is the story's, an object is never shared between two
 * stories' bundles with different creation times. Platforms merge vulnerabilities and attack
 * patterns across stories by their CVE and ATT&CK ids, which every object carries. Pure: no
 * Payload, no Express.
 */
import { createHash } from 'node:crypto'

import { attackTechniqueReferenceUrl, cveReferenceUrl } from '../editorial/identifiers'

export type IntelArticle = {
  readonly id: string
  readonly url: string
  readonly title: string
  readonly dek: string | null
  readonly publishedAt: string
  readonly updatedAt: string
  readonly sources: ReadonlyArray<{ readonly name: string; readonly originalUrl: string | null }>
  readonly incident: {
    readonly threatActors: ReadonlyArray<{ readonly name: string; readonly aliases: ReadonlyArray<string>; readonly description: string | null; readonly url: string }>
    readonly attributedTo: string | null
    readonly attributionConfidence: string | null
    readonly victims: ReadonlyArray<string>
    readonly sectors: ReadonlyArray<{ readonly value: string; readonly label: string }>
    readonly attackTypes: ReadonlyArray<string>
    readonly cves: ReadonlyArray<string>
    readonly techniques: ReadonlyArray<{ readonly id: string; readonly name: string; readonly tactics: ReadonlyArray<string> }>
  }
}

export type Publisher = { readonly name: string; readonly origin: string }

type StixObject = Record<string, unknown> & { readonly type: string; readonly id: string }
export type StixBundle = { readonly type: 'bundle'; readonly id: string; readonly objects: ReadonlyArray<StixObject> }

/**
 * How sure the story is of who did it, on STIX's "None / Low / Med / High" scale (STIX 2.1,
 * appendix A): confirmed is High (85), suspected Med (50), alleged and disputed Low (15).
 * "Unknown" states no confidence at all, so the property is left out.
 */
export const STIX_CONFIDENCE: Readonly<Record<string, number>> = { confirmed: 85, suspected: 50, alleged: 15, disputed: 15 }

/** Our sectors in STIX's industry-sector vocabulary; the vocabulary is open, so the rest keep their own names. */
const STIX_SECTORS: Readonly<Record<string, string>> = {
  chemical: 'chemical',
  'commercial-facilities': 'commercial',
  communications: 'communications',
  'critical-manufacturing': 'manufacturing',
  dams: 'dams',
  'defense-industrial-base': 'defense',
  'emergency-services': 'government-public-services',
  energy: 'energy',
  'financial-services': 'financial-services',
  'food-and-agriculture': 'agriculture',
  'government-facilities': 'government',
  'healthcare-and-public-health': 'healthcare',
  'information-technology': 'technology',
  nuclear: 'nuclear',
  'transportation-systems': 'transportation',
  'water-and-wastewater': 'water',
  manufacturing: 'manufacturing',
  education: 'education',
  ngo: 'non-profit',
  retail: 'retail',
}

export const stixSector = (value: string): string => STIX_SECTORS[value] ?? value

/** A name-based UUID (RFC 4122 version 5, SHA-1) in the newsroom's own namespace. */
function uuidV5(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** STIX timestamps: RFC 3339 in UTC with milliseconds. */
const timestamp = (iso: string): string => new Date(iso).toISOString()

export function stixBundle(article: IntelArticle, publisher: Publisher): StixBundle {
  const stixId = (type: string, key: string) => `${type}--${uuidV5(`${publisher.origin}|${article.id}|${type}|${key}`)}`
  const publisherId = stixId('identity', 'publisher')
  const created = timestamp(article.publishedAt)
  const modified = timestamp(Date.parse(article.updatedAt) > Date.parse(article.publishedAt) ? article.updatedAt : article.publishedAt)
  const common = { spec_version: '2.1', created_by_ref: publisherId, created, modified }
  const confidence = article.incident.attributionConfidence ? STIX_CONFIDENCE[article.incident.attributionConfidence] : undefined
  const withConfidence = confidence === undefined ? {} : { confidence }

  const objects: StixObject[] = []
  const add = (object: StixObject): string => {
    objects.push(object)
    return object.id
  }

  const actors = article.incident.threatActors.map((actor) =>
    add({
      type: 'threat-actor',
      id: stixId('threat-actor', actor.name.toLowerCase()),
      ...common,
      name: actor.name,
      ...(actor.aliases.length ? { aliases: [...actor.aliases] } : {}),
      ...(actor.description ? { description: actor.description } : {}),
      external_references: [{ source_name: publisher.name, url: actor.url }],
    }),
  )
  const sponsor = article.incident.attributedTo
    ? add({
        type: 'identity',
        id: stixId('identity', `attributed:${article.incident.attributedTo.toLowerCase()}`),
        ...common,
        name: article.incident.attributedTo,
        identity_class: 'group',
      })
    : null
  const victims = article.incident.victims.map((name) =>
    add({
      type: 'identity',
      id: stixId('identity', `victim:${name.toLowerCase()}`),
      ...common,
      name,
      identity_class: 'organization',
      ...(article.incident.sectors.length ? { sectors: [...new Set(article.incident.sectors.map((sector) => stixSector(sector.value)))] } : {}),
    }),
  )
  const sectors = article.incident.sectors.map((sector) =>
    add({ type: 'identity', id: stixId('identity', `sector:${sector.value}`), ...common, name: sector.label, identity_class: 'class', sectors: [stixSector(sector.value)] }),
  )
  const vulnerabilities = article.incident.cves.map((cve) =>
    add({
      type: 'vulnerability',
      id: stixId('vulnerability', cve),
      ...common,
      name: cve,
      external_references: [{ source_name: 'cve', external_id: cve, url: cveReferenceUrl(cve) }],
    }),
  )
  const patterns = article.incident.techniques.map((technique) =>
    add({
      type: 'attack-pattern',
      id: stixId('attack-pattern', technique.id),
      ...common,
      name: technique.name,
      external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: attackTechniqueReferenceUrl(technique.id) }],
      ...(technique.tactics.length ? { kill_chain_phases: technique.tactics.map((phase) => ({ kill_chain_name: 'mitre-attack', phase_name: phase })) } : {}),
    }),
  )

  // What the story says the actors did, each as sure as the story is of who did it.
  const relate = (source: string, kind: string, target: string) =>
    add({
      type: 'relationship',
      id: stixId('relationship', `${source}|${kind}|${target}`),
      ...common,
      ...withConfidence,
      relationship_type: kind,
      source_ref: source,
      target_ref: target,
    })
  for (const actor of actors) {
    if (sponsor) relate(actor, 'attributed-to', sponsor)
    for (const target of [...victims, ...sectors, ...vulnerabilities]) relate(actor, 'targets', target)
    for (const pattern of patterns) relate(actor, 'uses', pattern)
  }

  const report: StixObject = {
    type: 'report',
    id: stixId('report', 'story'),
    ...common,
    ...withConfidence,
    name: article.title,
    ...(article.dek ? { description: article.dek } : {}),
    report_types: ['threat-report'],
    published: created,
    ...(article.incident.attackTypes.length ? { labels: [...article.incident.attackTypes] } : {}),
    // A report must refer to something: a story with no facts refers to its publisher.
    object_refs: objects.length ? objects.map((object) => object.id) : [publisherId],
    external_references: [
      { source_name: publisher.name, url: article.url },
      ...article.sources
        .filter((source) => source.name)
        .map((source) => ({ source_name: source.name, ...(source.originalUrl ? { url: source.originalUrl } : {}), description: 'The original report' })),
    ],
  }
  const identity: StixObject = { type: 'identity', id: publisherId, spec_version: '2.1', created, modified, name: publisher.name, identity_class: 'organization' }
  return { type: 'bundle', id: stixId('bundle', modified), objects: [identity, report, ...objects] }
}
