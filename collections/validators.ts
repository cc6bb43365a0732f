/** Adapters from the domain core's "problem or null" checks to Payload field validators. */
import { attackTechniqueProblem, cveProblem, normaliseIdentifier } from '../src/editorial/identifiers'
import { httpUrlProblem } from '../src/editorial/urls'

type Check = (value: string) => string | null

const present = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''

/** An optional single-value text field checked by `check` when filled in. */
export const optional =
  (check: Check) =>
  (value: unknown): string | true =>
    present(value) ? (check(value.trim()) ?? true) : true

/** A hasMany text field whose every entry passes `check`. */
export const eachOf =
  (check: Check) =>
  (values: unknown): string | true => {
    if (!Array.isArray(values)) return true
    for (const value of values) {
      if (!present(value)) continue
      const problem = check(String(value).trim())
      if (problem) return problem
    }
    return true
  }

export const httpUrl = optional(httpUrlProblem)
export const cveList = eachOf(cveProblem)
export const attackTechniqueList = eachOf(attackTechniqueProblem)

/** Field hook: trim, upper-case and de-duplicate identifiers before they are validated and stored. */
export const normaliseIdentifiers = ({ value }: { value?: unknown }): unknown =>
  Array.isArray(value) ? [...new Set(value.filter(present).map((entry) => normaliseIdentifier(String(entry))))] : value

export const trimmed = ({ value }: { value?: unknown }): unknown => (typeof value === 'string' ? value.trim() : value)
