/**
 * The newsroom's controlled vocabularies. Collections build their select options from
 * these lists and the public site words them for readers, so each value is defined once.
 */

export type Option<V extends string = string> = { readonly value: V; readonly label: string }

const options = <V extends string>(list: ReadonlyArray<readonly [V, string]>): Option<V>[] => list.map(([value, label]) => ({ value, label }))

export const labelOf = (list: ReadonlyArray<Option>, value: string | null | undefined): string => list.find((option) => option.value === value)?.label ?? ''

/** How a piece of adapted material may be used: recorded per source so every re-use is defensible. */
export const USAGE_TERMS = options([
  ['licensed', 'Licensed (wire or syndication agreement)'],
  ['with-permission', 'With permission of the publisher'],
  ['fair-use-excerpt', 'Fair-use excerpt'],
  ['public-domain', 'Public domain'],
] as const)
export type UsageTerm = (typeof USAGE_TERMS)[number]['value']

export const SOURCE_KINDS = options([
  ['wire-agency', 'Wire agency'],
  ['newspaper', 'Newspaper'],
  ['broadcaster', 'Broadcaster'],
  ['government-advisory', 'Government advisory'],
  ['vendor-report', 'Security vendor report'],
  ['researcher', 'Independent researcher'],
  ['social-media', 'Social media'],
  ['other', 'Other'],
] as const)

/** Source reliability on the Admiralty (NATO) scale. */
export const RELIABILITY = options([
  ['A', 'A — Completely reliable'],
  ['B', 'B — Usually reliable'],
  ['C', 'C — Fairly reliable'],
  ['D', 'D — Not usually reliable'],
  ['E', 'E — Unreliable'],
  ['F', 'F — Reliability cannot be judged'],
] as const)

export const CORRECTION_KINDS = options([
  ['correction', 'Correction'],
  ['clarification', 'Clarification'],
  ['update', 'Update'],
] as const)

/**
 * How sure the reporting is about who did it. Labels are how the page words it for
 * readers ("suspected", "alleged"), so an editor's choice reads the same on the site.
 */
export const ATTRIBUTION_CONFIDENCE = options([
  ['confirmed', 'Confirmed'],
  ['suspected', 'Suspected'],
  ['alleged', 'Alleged'],
  ['disputed', 'Disputed'],
  ['unknown', 'Unknown'],
] as const)

/** The 16 CISA critical-infrastructure sectors, plus the sectors security news covers beyond them. */
export const SECTORS = options([
  ['chemical', 'Chemical'],
  ['commercial-facilities', 'Commercial facilities'],
  ['communications', 'Communications'],
  ['critical-manufacturing', 'Critical manufacturing'],
  ['dams', 'Dams'],
  ['defense-industrial-base', 'Defense industrial base'],
  ['emergency-services', 'Emergency services'],
  ['energy', 'Energy'],
  ['financial-services', 'Financial services'],
  ['food-and-agriculture', 'Food and agriculture'],
  ['government-facilities', 'Government facilities'],
  ['healthcare-and-public-health', 'Healthcare and public health'],
  ['information-technology', 'Information technology'],
  ['nuclear', 'Nuclear reactors, materials and waste'],
  ['transportation-systems', 'Transportation systems'],
  ['water-and-wastewater', 'Water and wastewater systems'],
  ['manufacturing', 'Manufacturing (general)'],
  ['education', 'Education and research'],
  ['media', 'Media and publishing'],
  ['ngo', 'Non-governmental organisations'],
  ['trade-association', 'Industry and trade associations'],
  ['legal', 'Legal and professional services'],
  ['retail', 'Retail and e-commerce'],
  ['individuals', 'Individuals and consumers'],
] as const)

export const ATTACK_TYPES = options([
  ['espionage', 'Espionage'],
  ['ransomware', 'Ransomware'],
  ['phishing', 'Phishing'],
  ['ddos', 'DDoS'],
  ['data-breach', 'Data breach'],
  ['supply-chain', 'Supply chain'],
  ['vulnerability-exploitation', 'Vulnerability exploitation'],
  ['other', 'Other'],
] as const)

export const INCIDENT_STATUS = options([
  ['ongoing', 'Ongoing'],
  ['contained', 'Contained'],
  ['resolved', 'Resolved'],
  ['unknown', 'Unknown'],
] as const)

export const COMMENT_SETTINGS = options([
  ['open', 'Open'],
  ['closed', 'Closed'],
] as const)
