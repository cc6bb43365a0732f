/** Media: article images, resized by sharp into the sizes the site and social cards use. */
import { APIError, type CollectionBeforeOperationHook, type CollectionConfig } from 'payload'

import { ACCEPTED_MIME_TYPES, uploadProblem } from '../src/media/imageType'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { referenceAccess } from './access'
import { trimmed } from './validators'

/** The sizes the site serves: list thumbnails, cards, the article hero and Open Graph cards. */
export const IMAGE_SIZES = [
  { name: 'thumbnail', width: 400, height: 300 },
  { name: 'card', width: 768, height: 432 },
  { name: 'hero', width: 1600, height: 900 },
  { name: 'og', width: 1200, height: 630 },
] as const

/** Checks the uploaded bytes themselves before Payload stores anything. */
const refuseUnsafeFiles: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const file = req.file
  if (!file) return args
  const problem = uploadProblem(new Uint8Array(file.data.buffer, file.data.byteOffset, Math.min(file.data.byteLength, 4096)), file.size)
  if (problem) throw new APIError(problem.message, problem.reason === 'too-large' ? 413 : 400, undefined, true)
  return args
}

export function mediaCollection({ staffSlug, mediaDir }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.media,
    labels: { singular: 'Image', plural: 'Media' },
    admin: { useAsTitle: 'alt', defaultColumns: ['filename', 'alt', 'credit', 'updatedAt'], group: 'Newsroom' },
    access: referenceAccess(staffSlug),
    hooks: { beforeOperation: [refuseUnsafeFiles] },
    upload: {
      staticDir: mediaDir,
      mimeTypes: [...ACCEPTED_MIME_TYPES],
      imageSizes: IMAGE_SIZES.map((size) => ({ ...size, position: 'centre' as const })),
      adminThumbnail: 'thumbnail',
      focalPoint: true,
      crop: true,
    },
    fields: [
      {
        name: 'alt',
        label: 'Alt text',
        type: 'text',
        required: true,
        maxLength: 300,
        hooks: { beforeValidate: [trimmed] },
        admin: { description: 'What the image shows, for readers who cannot see it.' },
      },
      { name: 'caption', type: 'textarea', maxLength: 1000 },
      { name: 'credit', type: 'text', maxLength: 200, admin: { description: 'Photographer or owner, e.g. "Reuters/Jane Doe".' } },
    ],
  }
}
