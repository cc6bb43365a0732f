/** Admin components of the securityNewsroom plugin (client side), registered through Payload's import map. */
export { PublishChecklist } from './PublishChecklist'
export { ReviewPanel } from './ReviewPanel'
