/**
 * The official STIX 2.1 JSON Schemas (OASIS, github.com/oasis-open/cti-stix2-json-schemas,
 * BSD-3-Clause, in test/fixtures/stix2.1) loaded into ajv, offline: their $refs are relative.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

const ROOT = path.resolve(import.meta.dirname, '../fixtures/stix2.1/schemas')
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas'

/** Problems with a bundle: the bundle schema's, then each object's own type schema's ("report: /name must be string"). */
let loaded: Ajv2020 | null = null

function schemas(): Ajv2020 {
  if (loaded) return loaded
  // Four of the schemas escape "-" in patterns, which the u flag refuses; the patterns mean the same without it.
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true })
  addFormats.default(ajv)
  // Only the observables' domain names use it (no bundle of ours has observables): a host name without spaces or slashes.
  ajv.addFormat('idn-hostname', /^[^\s/]+$/u)
  for (const file of readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json')))
    ajv.addSchema(JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as object)
  loaded = ajv
  return ajv
}

export function stixProblems(bundle: unknown): string[] {
  const ajv = schemas()
  const problems: string[] = []
  const check = (schema: string, value: unknown, label: string) => {
    const validate = ajv.getSchema(`${BASE}/${schema}`)
    if (!validate) throw new Error(`no STIX schema ${schema}`)
    if (!validate(value)) problems.push(...(validate.errors ?? []).map((error) => `${label}: ${error.instancePath || '/'} ${error.message ?? ''}`))
  }
  check('common/bundle.json', bundle, 'bundle')
  for (const object of (bundle as { objects?: Array<{ type: string; id: string }> }).objects ?? [])
    check(object.type === 'relationship' ? 'sros/relationship.json' : `sdos/${object.type}.json`, object, `${object.type} ${object.id}`)
  return problems
}
