/** How dates and vocabulary values read on the public site. */
import { ATTACK_TYPES, CORRECTION_KINDS, INCIDENT_STATUS, labelOf, SECTORS } from '../../editorial/taxonomy'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** "27 November 2026"; empty for a missing or invalid date. */
export function readableDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const time = Date.parse(iso)
  return Number.isFinite(time) ? dateFormat.format(time) : ''
}

export const isoDate = (iso: string | null | undefined): string => {
  const time = iso ? Date.parse(iso) : NaN
  return Number.isFinite(time) ? new Date(time).toISOString() : ''
}

/** How attribution confidence is worded next to who is blamed. */
const CONFIDENCE_WORDING: Record<string, string> = {
  confirmed: 'confirmed',
  suspected: 'suspected',
  alleged: 'alleged',
  disputed: 'disputed',
}
export const confidenceWording = (value: string | null): string | null => (value ? (CONFIDENCE_WORDING[value] ?? null) : null)

export const sectorLabel = (value: string): string => labelOf(SECTORS, value) || value
export const attackTypeLabel = (value: string): string => labelOf(ATTACK_TYPES, value) || value
export const statusLabel = (value: string | null): string | null => (value && value !== 'unknown' ? labelOf(INCIDENT_STATUS, value) || null : null)
export const correctionLabel = (value: string): string => labelOf(CORRECTION_KINDS, value) || 'Correction'

/** "Summer 2019", or the dates: "1 March 2024 – 4 April 2024", "from 1 March 2024", "until 4 April 2024". */
export function windowWording(window: { start: string | null; end: string | null; approximateLabel: string | null }): string | null {
  if (window.approximateLabel) return window.approximateLabel
  const start = readableDate(window.start)
  const end = readableDate(window.end)
  if (start && end) return start === end ? start : `${start} – ${end}`
  if (start) return `from ${start}`
  if (end) return `until ${end}`
  return null
}
