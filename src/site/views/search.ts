/** The search page: the box, the results with their matched words marked, facets with counts, and pages. */
import { ATTRIBUTION_CONFIDENCE, labelOf } from '../../editorial/taxonomy'
import { FACETS, type Facet, type SearchFilters, type SearchResults } from '../../search/model'
import { snippetParts } from '../../search/query'
import { html, type SafeHtml } from '../html'
import { articlePath } from './article'
import { attackTypeLabel, isoDate, readableDate, sectorLabel } from './format'
import { layout, type SiteInfo } from './layout'

/** The query-string names of the facets. */
export const FACET_PARAMS: Readonly<Record<Facet, string>> = { topic: 'topic', actor: 'actor', sector: 'sector', attackType: 'type', confidence: 'confidence' }

const FACET_TITLES: Readonly<Record<Facet, string>> = { topic: 'Topic', actor: 'Threat actor', sector: 'Sector', attackType: 'Type of attack', confidence: 'Attribution' }

export type SearchState = {
  readonly q: string
  readonly filters: SearchFilters
  readonly results: SearchResults | null
  /** "Did you mean", as a query. */
  readonly suggestion: string | null
  /** Names for topic and actor slugs. */
  readonly names: { readonly topic: ReadonlyMap<string, string>; readonly actor: ReadonlyMap<string, string> }
  /** Why nothing was searched: a query with no words in it. */
  readonly notice?: string
}

function facetLabel(state: SearchState, facet: Facet, value: string): string {
  if (facet === 'topic' || facet === 'actor') return state.names[facet].get(value) ?? value
  if (facet === 'sector') return sectorLabel(value)
  if (facet === 'attackType') return attackTypeLabel(value)
  return labelOf(ATTRIBUTION_CONFIDENCE, value) || value
}

/** The search address for a query and filters (and a page). */
export function searchHref(q: string, filters: SearchFilters, page = 1): string {
  const params = new URLSearchParams({ q })
  for (const facet of FACETS) {
    const value = filters[facet]
    if (value) params.set(FACET_PARAMS[facet], value)
  }
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  if (page > 1) params.set('page', String(page))
  return `/search?${params}`
}

const marked = (snippet: string): SafeHtml => html`${snippetParts(snippet).map((part) => (part.matched ? html`<mark>${part.text}</mark>` : html`${part.text}`))}`

function facetsBox(state: SearchState, results: SearchResults): SafeHtml {
  const groups = FACETS.map((facet) => {
    const chosen = state.filters[facet]
    const counts = results.facets[facet]
    if (!chosen && counts.length === 0) return html``
    const items = counts.slice(0, 12).map((entry) => {
      const active = chosen === entry.value
      const href = searchHref(state.q, { ...state.filters, [facet]: active ? undefined : entry.value })
      return html`<li><a href="${href}"${active ? html` aria-current="true" class="active"` : ''}>${facetLabel(state, facet, entry.value)}</a> <span class="count">${entry.count}</span></li>`
    })
    const clear = chosen ? html`<li><a href="${searchHref(state.q, { ...state.filters, [facet]: undefined })}">Any ${FACET_TITLES[facet].toLowerCase()}</a></li>` : ''
    return html`<div class="facet"><h3>${FACET_TITLES[facet]}</h3><ul>${items}${clear}</ul></div>`
  })
  return html`<aside class="facets" aria-label="Narrow the results">${groups}</aside>`
}

function resultsList(state: SearchState, results: SearchResults): SafeHtml {
  const items = results.hits.map(
    (hit) => html`<li class="result">
<h2><a href="${articlePath(hit.slug)}">${hit.title}</a></h2>
<p class="snippet">${marked(hit.snippet)}</p>
<p class="meta"><time datetime="${isoDate(hit.publishedAt)}">${readableDate(hit.publishedAt)}</time></p>
</li>`,
  )
  const pages =
    results.totalPages > 1
      ? html`<nav class="pagination" aria-label="Result pages">${results.page > 1 ? html`<a href="${searchHref(state.q, state.filters, results.page - 1)}" rel="prev">Previous results</a>` : ''}<span>Page ${results.page} of ${results.totalPages}</span>${
          results.page < results.totalPages ? html`<a href="${searchHref(state.q, state.filters, results.page + 1)}" rel="next">More results</a>` : ''
        }</nav>`
      : ''
  return html`<ol class="results">${items}</ol>${pages}`
}

export function searchPage(state: SearchState, site: SiteInfo): SafeHtml {
  const results = state.results
  const count = results
    ? html`<p class="result-count" role="status">${results.total === 0 ? 'No stories found' : results.total === 1 ? '1 story' : `${results.total} stories`} for “${state.q}”</p>`
    : ''
  const didYouMean = state.suggestion ? html`<p class="suggestion">Did you mean <a href="${searchHref(state.suggestion, state.filters)}">${state.suggestion}</a>?</p>` : ''
  const main = html`<h1 class="page-title">Search</h1>
<form class="search-form" role="search" action="/search" method="get">
<label for="search-q">Search the stories</label>
<input id="search-q" type="search" name="q" value="${state.q}" maxlength="500" placeholder="CVE-2024-3400, APT10, ransomware…">
${FACETS.map((facet) => (state.filters[facet] ? html`<input type="hidden" name="${FACET_PARAMS[facet]}" value="${state.filters[facet]}">` : ''))}
<fieldset class="dates"><legend>Published</legend>
<label for="search-from">from</label> <input id="search-from" type="date" name="from" value="${state.filters.from ?? ''}">
<label for="search-to">to</label> <input id="search-to" type="date" name="to" value="${state.filters.to ?? ''}">
</fieldset>
<button type="submit">Search</button>
</form>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${count}
${didYouMean}
${results && results.total > 0 ? html`<div class="search-results">${resultsList(state, results)}${facetsBox(state, results)}</div>` : ''}`
  const title = state.q ? `“${state.q}” — Search — ${site.name}` : `Search — ${site.name}`
  return layout(site, { title, description: `Search ${site.name}.`, noindex: true }, main)
}
