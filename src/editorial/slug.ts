/** Slugs: the part of an article's URL that must be readable, URL-safe and stable. */

export const SLUG_MAX_LENGTH = 96
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * Turns a headline into a slug: accents folded to ASCII, apostrophes dropped
 * ("Group’s" → "groups"), everything else that is not a letter or digit becomes a hyphen.
 * Cut at a word boundary so the URL never ends mid-word.
 */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .toLowerCase()
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  if (slug.length <= maxLength) return slug
  const cut = slug.slice(0, maxLength + 1)
  const lastHyphen = cut.lastIndexOf('-')
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : slug.slice(0, maxLength)).replace(/-+$/, '')
}

/** An explanation of what is wrong with a slug an editor typed, or null when it is fine. */
export function slugProblem(slug: string): string | null {
  if (slug.length === 0) return 'A slug is needed: it becomes the article’s web address.'
  if (slug.length > SLUG_MAX_LENGTH) return `A slug can be at most ${SLUG_MAX_LENGTH} characters (this one has ${slug.length}).`
  if (!SLUG_PATTERN.test(slug)) {
    return `Use only lower-case letters, digits and single hyphens in a slug, such as "${slugify(slug) || 'ransomware-hits-city-hall'}".`
  }
  return null
}

/** The n-th candidate when a slug is already taken: "x", "x-2", "x-3"… */
export function numberedSlug(base: string, n: number): string {
  if (n <= 1) return base
  const suffix = `-${n}`
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`
}

/** Whether a slug is the one generated from this headline (possibly numbered), i.e. nobody chose it. */
export function isAutomaticSlug(slug: string, title: string): boolean {
  const base = slugify(title)
  return base !== '' && new RegExp(`^${base}(?:-\\d+)?$`).test(slug)
}

/** A draft never published and not saved for this many days gives its slug up to an article that wants it. */
export const ABANDONED_DRAFT_DAYS = 30

/** Whether an article holding a slug is an abandoned draft: never published, last saved more than ABANDONED_DRAFT_DAYS ago. */
export function isAbandonedDraft(article: { readonly firstPublishedAt?: string | null; readonly updatedAt?: string | null }, now: Date): boolean {
  if (article.firstPublishedAt || !article.updatedAt) return false
  const saved = Date.parse(article.updatedAt)
  return Number.isFinite(saved) && now.getTime() - saved > ABANDONED_DRAFT_DAYS * 86_400_000
}
