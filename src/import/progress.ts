/** The import's progress as one line: what it is doing, items done of the total, the rate and the time left. */
import type { ImportProgress } from './writer'

const PHASES: Record<ImportProgress['phase'], string> = {
  reading: 'Reading the file',
  people: 'Authors',
  topics: 'Categories and tags',
  media: 'Images',
  posts: 'Posts',
  comments: 'Comments',
  done: 'Done',
}

const duration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** `since`: when this phase started (ms). A bar of `width` characters. */
export function progressLine(progress: ImportProgress, since: number, now: number, width = 24): string {
  const label = PHASES[progress.phase]
  if (progress.phase === 'reading' || progress.phase === 'done' || progress.total === 0) return label
  const share = Math.min(1, progress.done / progress.total)
  const filled = Math.round(share * width)
  const seconds = Math.max(0.001, (now - since) / 1000)
  const rate = progress.done / seconds
  const left = rate > 0 ? (progress.total - progress.done) / rate : Number.NaN
  const comments = progress.phase === 'posts' && progress.commentsTotal ? `, ${progress.comments.toLocaleString('en')}/${progress.commentsTotal.toLocaleString('en')} comments` : ''
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done.toLocaleString('en')}/${progress.total.toLocaleString('en')}${comments} · ${rate.toFixed(rate < 10 ? 1 : 0)}/s · ${progress.done ? `${duration(left)} left` : 'starting'}`
}
