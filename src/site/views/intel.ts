/** The site's threat intelligence as data: a story's STIX 2.1 bundle, and the JSON Feed of stories with their facts. */
import { attackTechnique } from '../../editorial/attack'
import { factPath } from '../../editorial/facts'
import { stixBundle, STIX_CONFIDENCE, type IntelArticle, type StixBundle } from '../../intel/stix'
import type { ArticleSummary, ArticleView, IncidentView } from '../data'
import { actorPath, articlePath } from './article'
import { isoDate, sectorLabel } from './format'
import type { SiteInfo } from './layout'
import { mediaPath } from './media'

export const stixPath = (slug: string): string => `${articlePath(slug)}/stix.json`

export function articleStix(article: ArticleView, site: SiteInfo): StixBundle {
  const intel: IntelArticle = {
    id: article.id,
    url: `${site.origin}${articlePath(article.slug)}`,
    title: article.title,
    dek: article.dek,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    sources: article.sources.map((source) => ({ name: source.name, originalUrl: source.originalUrl })),
    incident: {
      threatActors: article.incident.threatActors.map((actor) => ({ ...actor, url: `${site.origin}${actorPath(actor.slug)}` })),
      attributedTo: article.incident.attributedTo,
      attributionConfidence: article.incident.attributionConfidence,
      victims: article.incident.victims,
      sectors: article.incident.sectors.map((value) => ({ value, label: sectorLabel(value) })),
      attackTypes: article.incident.attackTypes,
      cves: article.incident.cves,
      techniques: article.incident.attackTechniques.flatMap((id) => {
        const technique = attackTechnique(id)
        return technique ? [{ id, name: technique.name, tactics: technique.tactics }] : []
      }),
    },
  }
  return stixBundle(intel, { name: site.name, origin: site.origin })
}

/** A story's facts in the JSON Feed, each with its page on this site. */
function feedFacts(incident: IncidentView, site: SiteInfo) {
  const page = (path: string) => `${site.origin}${path}`
  return {
    threat_actors: incident.threatActors.map((actor) => ({ name: actor.name, aliases: actor.aliases, url: page(actorPath(actor.slug)) })),
    attributed_to: incident.attributedTo,
    attribution_confidence: incident.attributionConfidence,
    ...(incident.attributionConfidence && STIX_CONFIDENCE[incident.attributionConfidence] !== undefined
      ? { stix_confidence: STIX_CONFIDENCE[incident.attributionConfidence] }
      : {}),
    victims: incident.victims,
    sectors: incident.sectors.map((value) => ({ id: value, name: sectorLabel(value), url: page(factPath('sector', value)) })),
    attack_types: incident.attackTypes.map((value) => ({ id: value, url: page(factPath('attack-type', value)) })),
    cves: incident.cves.map((id) => ({ id, url: page(factPath('cve', id)) })),
    attack_techniques: incident.attackTechniques.map((id) => ({ id, name: attackTechnique(id)?.name ?? null, url: attackTechnique(id) ? page(factPath('technique', id)) : null })),
    status: incident.status,
  }
}

/** JSON Feed 1.1 (jsonfeed.org), with each story's incident facts under `_security_newsroom` and its STIX bundle linked. */
export function jsonFeed(items: ReadonlyArray<ArticleSummary & { readonly incident: IncidentView }>, site: SiteInfo): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.name,
    description: site.description,
    home_page_url: `${site.origin}/`,
    feed_url: `${site.origin}/feed.json`,
    language: site.language,
    items: items.map((item) => ({
      id: `${site.origin}${articlePath(item.slug)}`,
      url: `${site.origin}${articlePath(item.slug)}`,
      title: item.title,
      ...(item.dek
        ? { summary: item.dek, content_text: [item.dek, item.attributionLine ? `(${item.attributionLine})` : null].filter(Boolean).join(' ') }
        : { content_text: item.title }),
      date_published: isoDate(item.publishedAt),
      ...(item.updatedAt ? { date_modified: isoDate(item.updatedAt) } : {}),
      ...(item.hero?.sizes.og ? { image: `${site.origin}${mediaPath(item.hero.sizes.og.filename)}` } : {}),
      _security_newsroom: { ...feedFacts(item.incident, site), attribution: item.attributionLine, stix: `${site.origin}${stixPath(item.slug)}` },
    })),
  }
  return `${JSON.stringify(feed, null, 2)}\n`
}
