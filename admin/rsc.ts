/** Server components of the securityNewsroom plugin's admin, registered through Payload's import map. */
export { ModerationNavLink } from './ModerationNavLink'
export { ModerationView } from './ModerationView'
export { ImportNavLink } from './ImportNavLink'
export { ImportView } from './ImportView'
export { Desk } from './Desk'
