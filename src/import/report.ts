/**
 * An import's report: per kind of record, how many were created, updated, unchanged and
 * skipped, every reason a record was skipped and every note on how one was mapped, each with
 * its count and the first few source ids. Exact counts in bounded memory, whatever the size of
 * the export.
 */

export const REPORT_KINDS = ['people', 'sections', 'tags', 'media', 'articles', 'comments', 'redirects', 'other'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped'

const EXAMPLES = 10

type Tally = { count: number; examples: string[] }
export type ReportLine = { readonly kind: ReportKind; readonly text: string; readonly count: number; readonly examples: ReadonlyArray<string> }

export type ImportReportData = {
  readonly format: string
  readonly site: string
  readonly dryRun: boolean
  readonly counts: Record<ReportKind, Record<Outcome, number>>
  readonly skipped: ReadonlyArray<ReportLine>
  readonly notes: ReadonlyArray<ReportLine>
  readonly seconds: number
}

export class ImportReport {
  private readonly counts = Object.fromEntries(REPORT_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0, skipped: 0 }])) as Record<
    ReportKind,
    Record<Outcome, number>
  >
  private readonly skips = new Map<string, Tally & { kind: ReportKind; text: string }>()
  private readonly noted = new Map<string, Tally & { kind: ReportKind; text: string }>()
  private readonly started = Date.now()

  constructor(
    readonly format: string,
    readonly site: string,
    readonly dryRun: boolean,
  ) {}

  count(kind: ReportKind, outcome: Exclude<Outcome, 'skipped'>): void {
    this.counts[kind][outcome] += 1
  }

  skip(kind: ReportKind, sourceId: string, reason: string): void {
    this.counts[kind].skipped += 1
    this.tally(this.skips, kind, sourceId, reason)
  }

  note(kind: ReportKind, sourceId: string, text: string): void {
    this.tally(this.noted, kind, sourceId, text)
  }

  private tally(into: Map<string, Tally & { kind: ReportKind; text: string }>, kind: ReportKind, sourceId: string, text: string): void {
    const key = `${kind}\n${text}`
    const entry = into.get(key) ?? { kind, text, count: 0, examples: [] }
    entry.count += 1
    if (entry.examples.length < EXAMPLES && sourceId) entry.examples.push(sourceId)
    into.set(key, entry)
  }

  data(): ImportReportData {
    const lines = (from: Map<string, Tally & { kind: ReportKind; text: string }>) =>
      [...from.values()]
        .map(({ kind, text, count, examples }) => ({ kind, text, count, examples: [...examples] }))
        .sort((a, b) => REPORT_KINDS.indexOf(a.kind) - REPORT_KINDS.indexOf(b.kind) || b.count - a.count)
    return {
      format: this.format,
      site: this.site,
      dryRun: this.dryRun,
      counts: structuredClone(this.counts),
      skipped: lines(this.skips),
      notes: lines(this.noted),
      seconds: Math.round((Date.now() - this.started) / 100) / 10,
    }
  }
}

const LABELS: Record<ReportKind, string> = {
  people: 'Staff (authors)',
  sections: 'Sections',
  tags: 'Tags',
  media: 'Images',
  articles: 'Articles',
  comments: 'Comments',
  redirects: 'Redirects',
  other: 'Other records',
}

/** The report as a person reads it, in the terminal and in the admin. */
export function reportText(report: ImportReportData): string {
  const out: string[] = []
  out.push(`${report.dryRun ? 'Dry run (nothing was written): ' : ''}import of ${report.format} from ${report.site}, ${report.seconds} s`)
  out.push('')
  const width = Math.max(...REPORT_KINDS.map((kind) => LABELS[kind].length))
  out.push(`${''.padEnd(width)}  created  updated  unchanged  skipped`)
  for (const kind of REPORT_KINDS) {
    const counts = report.counts[kind]
    if (kind === 'other' && counts.skipped === 0) continue
    out.push(
      `${LABELS[kind].padEnd(width)}  ${String(counts.created).padStart(7)}  ${String(counts.updated).padStart(7)}  ${String(counts.unchanged).padStart(9)}  ${String(counts.skipped).padStart(7)}`,
    )
  }
  const section = (title: string, lines: ReadonlyArray<ReportLine>) => {
    if (!lines.length) return
    out.push('', title)
    for (const line of lines) {
      const examples = line.examples.length ? ` (source ids: ${line.examples.join(', ')}${line.count > line.examples.length ? ', …' : ''})` : ''
      out.push(`  ${LABELS[line.kind]}: ${line.count} × ${line.text}${examples}`)
    }
  }
  section('Skipped, and why:', report.skipped)
  section('Worth a look:', report.notes)
  return out.join('\n')
}
