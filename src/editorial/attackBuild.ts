/**
 * Builds the ATT&CK catalogue the site ships (`mitre/attack-enterprise.json`) from MITRE's own
 * STIX data: a checkout of github.com/mitre/cti, its `enterprise-attack` folder (one bundle per
 * object) or the single `enterprise-attack.json` bundle. Nothing is downloaded, here or at run time.
 *
 *   npm run attack:update -- /path/to/cti/enterprise-attack 18.1
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import type { AttackCatalogue, AttackTechnique } from './attack'

type StixObject = {
  readonly type?: string
  readonly name?: string
  readonly revoked?: boolean
  readonly x_mitre_deprecated?: boolean
  readonly x_mitre_shortname?: string
  readonly external_references?: ReadonlyArray<{ readonly source_name?: string; readonly external_id?: string }>
  readonly kill_chain_phases?: ReadonlyArray<{ readonly kill_chain_name?: string; readonly phase_name?: string }>
}

const attackId = (object: StixObject): string | undefined => object.external_references?.find((reference) => reference.source_name === 'mitre-attack')?.external_id

/** The techniques and tactics among STIX objects, sorted by id: the shape the site reads. */
export function compactCatalogue(objects: ReadonlyArray<StixObject>, version: string): AttackCatalogue {
  const tactics: Record<string, string> = {}
  const techniques = new Map<string, AttackTechnique>()
  for (const object of objects) {
    if (object.type === 'x-mitre-tactic' && object.x_mitre_shortname && object.name) tactics[object.x_mitre_shortname] = object.name
    if (object.type !== 'attack-pattern') continue
    const id = attackId(object)
    if (!id || !/^T\d{4}(?:\.\d{3})?$/.test(id) || !object.name) continue
    const entry: AttackTechnique = {
      id,
      name: object.name,
      tactics: (object.kill_chain_phases ?? []).filter((phase) => phase.kill_chain_name === 'mitre-attack' && phase.phase_name).map((phase) => phase.phase_name!),
      ...(id.includes('.') ? { parent: id.split('.')[0] } : {}),
      ...(object.revoked ? { revoked: true } : {}),
      ...(object.x_mitre_deprecated ? { deprecated: true } : {}),
    }
    // The same id twice (a revoked object and its successor share none, but be safe): the current one wins.
    const existing = techniques.get(id)
    if (!existing || (existing.revoked && !entry.revoked)) techniques.set(id, entry)
  }
  return { version, tactics, techniques: [...techniques.values()].sort((a, b) => a.id.localeCompare(b.id)) }
}

function stixObjects(location: string): StixObject[] {
  if (statSync(location).isFile()) return (JSON.parse(readFileSync(location, 'utf8')) as { objects?: StixObject[] }).objects ?? []
  const files = readdirSync(location, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json'))
  return files.flatMap((file) => stixObjects(path.join(location, file)))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [location, version] = process.argv.slice(2)
  if (!location || !version) {
    console.error('usage: npm run attack:update -- <mitre/cti enterprise-attack folder or bundle> <ATT&CK version, e.g. 18.1>')
    process.exit(1)
  }
  const catalogue = compactCatalogue(stixObjects(location), version)
  const target = new URL('./mitre/attack-enterprise.json', import.meta.url)
  writeFileSync(target, `${JSON.stringify(catalogue)}\n`)
  console.log(`ATT&CK ${version}: ${catalogue.techniques.length} techniques, ${Object.keys(catalogue.tactics).length} tactics → ${target.pathname}`)
}
