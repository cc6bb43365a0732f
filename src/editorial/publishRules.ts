/**
 * What must hold before an article reaches readers. Drafts may be incomplete; these rules
 * run when an article is published, and each problem names the field to fix in words an
 * editor understands.
 */
import { attributionLine, attributionLineProblems, type AttributableSource } from './attribution'
import { findPlaceholders } from './placeholders'
import { httpUrlProblem } from './urls'

export type PublishProblem = { readonly path: string; readonly message: string }

export type AdaptationRow = {
  /** The source record, resolved; null when none is chosen or it no longer exists. */
  readonly source: AttributableSource | null
  readonly originalUrl?: string | null
  readonly usage?: string | null
}

export type PublishCandidate = {
  readonly title?: string | null
  readonly dek?: string | null
  /** The body as plain text (see richText.plainText). */
  readonly bodyText: string
  readonly adaptedFrom: ReadonlyArray<AdaptationRow>
  readonly attributionOverride?: string | null
  /** undefined: no hero image; null: one is set but could not be found; otherwise its alt text. */
  readonly heroImage?: { readonly alt?: string | null } | null
}

/** The attribution line readers will see: the editor's override, or the generated line. */
export function effectiveAttribution(candidate: Pick<PublishCandidate, 'adaptedFrom' | 'attributionOverride'>): string {
  const override = candidate.attributionOverride?.trim()
  if (override) return override
  return attributionLine(candidate.adaptedFrom.flatMap((row) => (row.source ? [row.source] : [])))
}

function placeholderProblems(path: string, label: string, text: string | null | undefined): PublishProblem[] {
  return findPlaceholders(text ?? '').map((found) => ({ path, message: `The ${label} contains ${found}: replace it with the real text before publishing.` }))
}

function adaptationProblems(candidate: PublishCandidate): PublishProblem[] {
  const problems: PublishProblem[] = []
  candidate.adaptedFrom.forEach((row, index) => {
    const at = (field: string) => `adaptedFrom.${index}.${field}`
    const which = `Adapted-from entry ${index + 1}`
    if (!row.source) problems.push({ path: at('source'), message: `${which} has no source: choose the outlet this story is adapted from.` })
    const url = row.originalUrl?.trim()
    if (!url) problems.push({ path: at('originalUrl'), message: `${which} needs the link to the original report, so readers can check it.` })
    else {
      const urlProblem = httpUrlProblem(url)
      if (urlProblem) problems.push({ path: at('originalUrl'), message: `${which}: ${urlProblem}` })
    }
    if (!row.usage) problems.push({ path: at('usage'), message: `${which} needs its usage terms (licensed, with permission, fair-use excerpt or public domain).` })
  })
  if (candidate.adaptedFrom.length === 0) return problems

  const line = effectiveAttribution(candidate)
  const names = candidate.adaptedFrom.flatMap((row) => (row.source ? [row.source.name] : []))
  const linePath = candidate.attributionOverride?.trim() ? 'attributionOverride' : 'adaptedFrom'
  if (names.length > 0 || candidate.attributionOverride?.trim()) {
    for (const message of attributionLineProblems(line, names)) problems.push({ path: linePath, message })
  }
  return problems
}

/** Every reason the article cannot be published yet; an empty list means it may go out. */
export function publishProblems(candidate: PublishCandidate): PublishProblem[] {
  const problems: PublishProblem[] = []
  if (!candidate.title?.trim()) problems.push({ path: 'title', message: 'An article needs a headline before it can be published.' })
  if (!candidate.bodyText.trim()) problems.push({ path: 'body', message: 'The article has no body text yet.' })
  problems.push(
    ...placeholderProblems('title', 'headline', candidate.title),
    ...placeholderProblems('dek', 'dek', candidate.dek),
    ...placeholderProblems('body', 'body', candidate.bodyText),
    ...adaptationProblems(candidate),
  )
  if (candidate.heroImage === null) {
    problems.push({ path: 'heroImage', message: 'The hero image could not be found in the media library: choose it again or remove it.' })
  } else if (candidate.heroImage && !candidate.heroImage.alt?.trim()) {
    problems.push({ path: 'heroImage', message: 'The hero image has no alt text: describe it in the media library so screen-reader users know what it shows.' })
  } else if (candidate.heroImage) {
    problems.push(...placeholderProblems('heroImage', 'hero image’s alt text', candidate.heroImage.alt))
  }
  return problems
}
