/** payload-security-newsroom: the plugin and the domain rules it is built on. */
export { securityNewsroom } from './plugin'
export type { NewsroomContext, SecurityNewsroomOptions } from './types'
export { COLLECTION_SLUGS } from './types'
export * as editorial from './editorial'
