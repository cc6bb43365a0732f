/**
 * MITRE ATT&CK Enterprise, as the site needs it: each technique's name and tactics. The data
 * ships with the project (`mitre/attack-enterprise.json`, built from MITRE's STIX data by
 * attackBuild.ts); nothing is fetched at run time.
 */
import { readFileSync } from 'node:fs'

export type AttackTechnique = {
  readonly id: string
  readonly name: string
  /** Tactic short names, e.g. `initial-access`. */
  readonly tactics: ReadonlyArray<string>
  /** A sub-technique's technique (T1566 for T1566.001). */
  readonly parent?: string
  /** MITRE has replaced it with another technique. */
  readonly revoked?: boolean
  /** MITRE no longer maintains it. */
  readonly deprecated?: boolean
}

export type AttackCatalogue = { readonly version: string; readonly tactics: Readonly<Record<string, string>>; readonly techniques: ReadonlyArray<AttackTechnique> }

/** MITRE's terms: every copy carries its copyright designation. */
export const ATTACK_ATTRIBUTION = '© The MITRE Corporation. ATT&CK® is reproduced and distributed with the permission of The MITRE Corporation.'

let loaded: { catalogue: AttackCatalogue; byId: ReadonlyMap<string, AttackTechnique> } | null = null

function catalogue() {
  if (!loaded) {
    const data = JSON.parse(readFileSync(new URL('./mitre/attack-enterprise.json', import.meta.url), 'utf8')) as AttackCatalogue
    loaded = { catalogue: data, byId: new Map(data.techniques.map((technique) => [technique.id, technique])) }
  }
  return loaded
}

export const attackVersion = (): string => catalogue().catalogue.version

/** The technique with this id (canonical form, T1566.001), or null when MITRE never issued it. */
export const attackTechnique = (id: string): AttackTechnique | null => catalogue().byId.get(id) ?? null

/** "Initial Access" for `initial-access`. */
export const tacticName = (shortname: string): string => catalogue().catalogue.tactics[shortname] ?? shortname

export const attackTechniques = (): ReadonlyArray<AttackTechnique> => catalogue().catalogue.techniques
