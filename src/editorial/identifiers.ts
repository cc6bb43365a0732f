/**
 * Security identifiers an editor types into incident facts. Normalised (trimmed, upper-cased)
 * before they are checked, so "cve-2019-0708 " is stored as "CVE-2019-0708".
 */

/** CVE ids: CVE-YYYY-NNNN with four or more digits in the sequence (MITRE's format since 2014). */
export const CVE_PATTERN = /^CVE-(\d{4})-(\d{4,})$/
/** MITRE ATT&CK technique ids: T1566, or a sub-technique T1566.001. */
export const ATTACK_TECHNIQUE_PATTERN = /^T\d{4}(?:\.\d{3})?$/

export const normaliseIdentifier = (value: string): string => value.trim().toUpperCase()

export function cveProblem(value: string): string | null {
  const match = CVE_PATTERN.exec(value)
  if (!match) return `"${value}" is not a CVE id: use the form CVE-2024-12345.`
  const year = Number(match[1])
  if (year < 1999) return `"${value}" has the year ${year}, before the first CVE ids (1999).`
  return null
}

export function attackTechniqueProblem(value: string): string | null {
  return ATTACK_TECHNIQUE_PATTERN.test(value) ? null : `"${value}" is not a MITRE ATT&CK technique id: use the form T1566 or T1566.001.`
}

/** Where readers can look an identifier up. */
export const cveReferenceUrl = (id: string): string => `https://www.cve.org/CVERecord?id=${encodeURIComponent(id)}`
export const nvdReferenceUrl = (id: string): string => `https://nvd.nist.gov/vuln/detail/${encodeURIComponent(id)}`
export const attackTechniqueReferenceUrl = (id: string): string => {
  const [technique, sub] = id.split('.')
  return `https://attack.mitre.org/techniques/${technique}/${sub ? `${sub}/` : ''}`
}
