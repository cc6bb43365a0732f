/**
 * The publish rules (src/editorial/publishRules) applied to an article as stored or about to be:
 * its sources and hero image resolved from their records. Publishing and the review workflow's
 * "submit" and "approve" ask the same question, here.
 */
import type { PayloadRequest } from 'payload'

import { publishProblems, type AdaptationRow, type PublishProblem } from '../../src/editorial/publishRules'
import { plainText } from '../../src/editorial/richText'
import { COLLECTION_SLUGS } from '../../src/types'
import { relationId, resolveSource } from './sourceLookup'

export type CheckedArticle = {
  title?: string | null
  dek?: string | null
  body?: unknown
  heroImage?: unknown
  adaptedFrom?: Array<Record<string, unknown>> | null
  attributionOverride?: string | null
}

async function heroImageFor(req: PayloadRequest, value: unknown): Promise<{ alt?: string | null } | null | undefined> {
  const id = relationId(value)
  if (id === null) return undefined
  if (value && typeof value === 'object' && 'alt' in value) return { alt: (value as { alt?: string | null }).alt ?? null }
  const media = (await req.payload.findByID({ collection: COLLECTION_SLUGS.media, id, depth: 0, overrideAccess: true, req, disableErrors: true, select: { alt: true } })) as {
    alt?: string | null
  } | null
  return media ? { alt: media.alt ?? null } : null
}

/** What would stop this article from being published; none when it may go out. */
export async function articleProblems(req: PayloadRequest, article: CheckedArticle): Promise<PublishProblem[]> {
  const adaptedFrom: AdaptationRow[] = await Promise.all(
    (article.adaptedFrom ?? []).map(async (row) => ({
      source: await resolveSource(req, row.source),
      originalUrl: typeof row.originalUrl === 'string' ? row.originalUrl : null,
      usage: typeof row.usage === 'string' ? row.usage : null,
    })),
  )
  return publishProblems({
    title: article.title,
    dek: article.dek,
    bodyText: plainText(article.body),
    adaptedFrom,
    attributionOverride: article.attributionOverride,
    heroImage: await heroImageFor(req, article.heroImage),
  })
}

/** Whether readers' version of the article is published (its latest draft may differ). */
export async function livePublished(req: PayloadRequest, id: string | number): Promise<boolean> {
  const live = await req.payload.findByID({
    collection: COLLECTION_SLUGS.articles,
    id,
    draft: false,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
    select: { _status: true },
  })
  return (live as { _status?: string } | null)?._status === 'published'
}
