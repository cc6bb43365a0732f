/** The headers of the fact pages: a CVE, an ATT&CK technique, a sector, an attack type. */
import { attackTechnique, ATTACK_ATTRIBUTION, tacticName } from '../../editorial/attack'
import { factPath, vocabularyLabel, type FactKind } from '../../editorial/facts'
import { attackTechniqueReferenceUrl, cveReferenceUrl, nvdReferenceUrl } from '../../editorial/identifiers'
import { html } from '../html'
import type { Listing } from './lists'

const external = (href: string, text: string) => html`<a href="${href}" rel="noopener noreferrer">${text}</a>`

/** The page's header for a fact, or null when there is no such fact (an ATT&CK id that MITRE never issued). */
export function factListing(kind: FactKind, id: string): Listing | null {
  if (kind === 'cve') {
    return {
      name: id,
      intro: html`<p class="fact-kind">Vulnerability</p><p class="references">The record: ${external(nvdReferenceUrl(id), 'NVD')} · ${external(cveReferenceUrl(id), 'CVE.org')}</p>`,
      heading: `Stories mentioning ${id}`,
      description: `Security news mentioning ${id}, with links to its NVD and CVE.org records.`,
    }
  }
  if (kind === 'technique') {
    const technique = attackTechnique(id)
    if (!technique) return null
    const parent = technique.parent ? attackTechnique(technique.parent) : null
    const tactics = technique.tactics.map(tacticName)
    return {
      name: `${id}: ${technique.name}`,
      intro: html`<p class="fact-kind">MITRE ATT&amp;CK technique${tactics.length ? html` · Tactic${tactics.length > 1 ? 's' : ''}: ${tactics.join(', ')}` : ''}</p>
${parent ? html`<p class="parent">A sub-technique of <a href="${factPath('technique', parent.id)}">${parent.id}: ${parent.name}</a></p>` : ''}
${technique.revoked ? html`<p class="deprecated">MITRE has since replaced this technique with another; its page at ATT&amp;CK says which.</p>` : ''}
${technique.deprecated ? html`<p class="deprecated">MITRE no longer maintains this technique.</p>` : ''}
<p class="references">${external(attackTechniqueReferenceUrl(id), 'Its page at MITRE ATT&CK')}</p>
<p class="source-note"><small>${ATTACK_ATTRIBUTION}</small></p>`,
      heading: `Stories about ${id}`,
      description: `Security news about ${technique.name} (${id}), a MITRE ATT&CK technique.`,
    }
  }
  const label = vocabularyLabel(kind, id)
  return {
    name: label,
    intro: html`<p class="fact-kind">${kind === 'sector' ? 'Sector' : 'Type of attack'}</p>`,
    heading: kind === 'sector' ? `Incidents in ${label.toLowerCase()}` : `${label} incidents`,
    description: kind === 'sector' ? `Security incidents affecting ${label.toLowerCase()}.` : `Security news about ${label.toLowerCase()} incidents.`,
  }
}
