/** Staff previews of drafts: signed links that expire, opened from the admin's Preview button. */
import { signLink } from '../security/signedLinks'

export const PREVIEW_PURPOSE = 'article-preview'
export const PREVIEW_LIFETIME_MS = 60 * 60 * 1000

export const previewPath = (articleId: string): string => `/preview/articles/${encodeURIComponent(articleId)}`

/** A signed address, valid for an hour, where staff see the latest draft of an article. */
export const previewLink = (secret: string, articleId: string, now = new Date()): string =>
  signLink({ secret, purpose: PREVIEW_PURPOSE, path: previewPath(articleId), expiresAt: new Date(now.getTime() + PREVIEW_LIFETIME_MS) })
