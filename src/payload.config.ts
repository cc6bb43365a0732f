/**
 * The newsroom's Payload config, from the environment. Loaded by the Express server, by
 * Next (admin, REST, GraphQL) and by Payload's CLI; at run time they share one instance.
 */
import { settingsForConfig } from './config/runtime'
import { newsroomConfig } from './newsroomConfig'

export default newsroomConfig(settingsForConfig())
