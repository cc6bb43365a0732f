'use client'
/**
 * "Ready to publish?" in the article sidebar: the same publish rules the server enforces
 * (src/editorial/publishRules), run live on the form, so an editor sees what would block
 * publication before pressing Publish.
 */
import { useAllFormFields, useAuth, useConfig } from '@payloadcms/ui'
import { reduceFieldsToValues } from 'payload/shared'
import { useEffect, useMemo, useRef, useState } from 'react'

import { publishProblems, effectiveAttribution, type AdaptationRow } from '../src/editorial/publishRules'
import { plainText } from '../src/editorial/richText'
import { canPublish } from '../src/editorial/roles'
import type { AttributableSource } from '../src/editorial/attribution'

type Row = { source?: unknown; originalUrl?: string | null; usage?: string | null }
type Values = { title?: string; dek?: string; body?: unknown; heroImage?: unknown; adaptedFrom?: Row[]; attributionOverride?: string }

const idOf = (value: unknown): string | null => {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id)
  return null
}

/** Loads records by id through the REST API, remembering what it has seen. */
function useRecords<T>(collection: string, ids: string[], pick: (doc: Record<string, unknown>) => T): Map<string, T | null> {
  const { config } = useConfig()
  const cache = useRef(new Map<string, T | null>())
  const [, rerender] = useState(0)
  const key = ids.join(',')
  useEffect(() => {
    const missing = ids.filter((id) => !cache.current.has(id))
    if (missing.length === 0) return
    const controller = new AbortController()
    const query = new URLSearchParams({ depth: '0', limit: String(missing.length), 'where[id][in]': missing.join(',') })
    fetch(`${config.serverURL}${config.routes.api}/${collection}?${query}`, { credentials: 'include', signal: controller.signal })
      .then((response) => (response.ok ? response.json() : { docs: [] }))
      .then((result: { docs: Array<Record<string, unknown>> }) => {
        for (const id of missing) cache.current.set(id, null)
        for (const doc of result.docs) cache.current.set(String(doc.id), pick(doc))
        rerender((n) => n + 1)
      })
      .catch(() => undefined)
    return () => controller.abort()
    // `key` stands for the id list, which is a new array on every render
  }, [key, collection, config.serverURL, config.routes.api])
  return cache.current
}

export function PublishChecklist() {
  const [fields] = useAllFormFields()
  const { user } = useAuth()
  // Authors do not publish: for them the same rules decide whether the story can go to review.
  const editor = canPublish(user as { roles?: string[] } | null)
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Values, [fields])
  const rows = Array.isArray(values.adaptedFrom) ? values.adaptedFrom : []
  const sourceIds = [...new Set(rows.map((row) => idOf(row.source)).filter((id): id is string => id !== null))]
  const heroId = idOf(values.heroImage)
  const sources = useRecords<AttributableSource>('sources', sourceIds, (doc) => ({
    name: String(doc.name ?? ''),
    attributionTemplate: (doc.attributionTemplate as string | null) ?? null,
  }))
  const media = useRecords<{ alt: string | null }>('media', heroId ? [heroId] : [], (doc) => ({ alt: (doc.alt as string | null) ?? null }))

  const loading = sourceIds.some((id) => !sources.has(id)) || (heroId !== null && !media.has(heroId))
  const adaptedFrom: AdaptationRow[] = rows.map((row) => {
    const id = idOf(row.source)
    return { source: id ? (sources.get(id) ?? null) : null, originalUrl: row.originalUrl ?? null, usage: row.usage ?? null }
  })
  const problems = publishProblems({
    title: values.title,
    dek: values.dek,
    bodyText: plainText(values.body),
    adaptedFrom,
    attributionOverride: values.attributionOverride,
    heroImage: heroId === null ? undefined : (media.get(heroId) ?? null),
  })
  const line = adaptedFrom.length > 0 ? effectiveAttribution({ adaptedFrom, attributionOverride: values.attributionOverride }) : ''

  return (
    <section
      className="newsroom-checklist"
      aria-live="polite"
      style={{ marginBottom: 'var(--base)', padding: 'calc(var(--base) * 0.75)', border: '1px solid var(--theme-elevation-150)', borderRadius: 4 }}
    >
      <h4 style={{ margin: 0 }}>{editor ? 'Ready to publish?' : 'Ready for review?'}</h4>
      {loading ? (
        <p>Checking…</p>
      ) : problems.length === 0 ? (
        <p
          style={{ color: 'var(--theme-success-500)' }}
        >{`${editor ? 'Yes: nothing blocks publication.' : 'Yes: nothing blocks it; submit it for review below.'}${line ? ` Readers will see “${line}”.` : ''}`}</p>
      ) : (
        <>
          <p>{editor ? 'Not yet. Publishing is refused until these are fixed:' : 'Not yet. It can be submitted for review once these are fixed:'}</p>
          <ul style={{ paddingLeft: '1.2em', margin: 0 }}>
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`} style={{ color: 'var(--theme-error-500)' }}>
                {problem.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
