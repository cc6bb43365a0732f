import * as migration_20261127_184739_initial from './20261127_184739_initial';
import * as migration_20261127_200927_reader_sign_in from './20261127_200927_reader_sign_in';
import * as migration_20261201_213909_site_state from './20261201_213909_site_state';
import * as migration_20261202_002348_comment_threads from './20261202_002348_comment_threads';
import * as migration_20261202_030645_mail from './20261202_030645_mail';
import * as migration_20261202_032046_mail_alerts from './20261202_032046_mail_alerts';
import * as migration_20261202_032636_new_posts from './20261202_032636_new_posts';
import * as migration_20261202_035611_comment_changes_outbox from './20261202_035611_comment_changes_outbox';
import * as migration_20261202_042334_topics from './20261202_042334_topics';
import * as migration_20261202_055252_wordpress_import from './20261202_055252_wordpress_import';
import * as migration_20261202_071825_abandoned_draft_slugs from './20261202_071825_abandoned_draft_slugs';
import * as migration_20261202_095421_review_workflow from './20261202_095421_review_workflow';
import * as migration_20261202_183608_texts_parent_index from './20261202_183608_texts_parent_index';

export const migrations = [
  {
    up: migration_20261127_184739_initial.up,
    down: migration_20261127_184739_initial.down,
    name: '20261127_184739_initial',
  },
  {
    up: migration_20261127_200927_reader_sign_in.up,
    down: migration_20261127_200927_reader_sign_in.down,
    name: '20261127_200927_reader_sign_in',
  },
  {
    up: migration_20261201_213909_site_state.up,
    down: migration_20261201_213909_site_state.down,
    name: '20261201_213909_site_state',
  },
  {
    up: migration_20261202_002348_comment_threads.up,
    down: migration_20261202_002348_comment_threads.down,
    name: '20261202_002348_comment_threads',
  },
  {
    up: migration_20261202_030645_mail.up,
    down: migration_20261202_030645_mail.down,
    name: '20261202_030645_mail',
  },
  {
    up: migration_20261202_032046_mail_alerts.up,
    down: migration_20261202_032046_mail_alerts.down,
    name: '20261202_032046_mail_alerts',
  },
  {
    up: migration_20261202_032636_new_posts.up,
    down: migration_20261202_032636_new_posts.down,
    name: '20261202_032636_new_posts',
  },
  {
    up: migration_20261202_035611_comment_changes_outbox.up,
    down: migration_20261202_035611_comment_changes_outbox.down,
    name: '20261202_035611_comment_changes_outbox',
  },
  {
    up: migration_20261202_042334_topics.up,
    down: migration_20261202_042334_topics.down,
    name: '20261202_042334_topics',
  },
  {
    up: migration_20261202_055252_wordpress_import.up,
    down: migration_20261202_055252_wordpress_import.down,
    name: '20261202_055252_wordpress_import',
  },
  {
    up: migration_20261202_071825_abandoned_draft_slugs.up,
    down: migration_20261202_071825_abandoned_draft_slugs.down,
    name: '20261202_071825_abandoned_draft_slugs',
  },
  {
    up: migration_20261202_095421_review_workflow.up,
    down: migration_20261202_095421_review_workflow.down,
    name: '20261202_095421_review_workflow',
  },
  {
    up: migration_20261202_183608_texts_parent_index.up,
    down: migration_20261202_183608_texts_parent_index.down,
    name: '20261202_183608_texts_parent_index'
  },
];
