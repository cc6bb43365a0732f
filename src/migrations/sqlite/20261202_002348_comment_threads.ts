import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` ADD \`thread_count\` numeric DEFAULT 0;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_thread_count\` numeric DEFAULT 0;`)
  await db.run(sql`ALTER TABLE \`comments\` ADD \`thread_id\` text(36) REFERENCES comments(id) ON DELETE set null;`)
  await db.run(sql`ALTER TABLE \`comments\` ADD \`starts_thread\` integer DEFAULT true;`)
  // Existing comments: each reply's thread is its top-level ancestor; a reply under an unpublished
  // parent shows at the top level; each article's count of top-level published comments.
  await db.run(sql`WITH RECURSIVE ancestry(id, root) AS (
    SELECT id, id FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, ancestry.root FROM comments c JOIN ancestry ON c.parent_id = ancestry.id
  )
  UPDATE comments SET thread_id = (SELECT root FROM ancestry WHERE ancestry.id = comments.id) WHERE parent_id IS NOT NULL;`)
  await db.run(
    sql`UPDATE comments SET starts_thread = CASE WHEN parent_id IS NULL THEN 1 WHEN (SELECT p.status FROM comments p WHERE p.id = comments.parent_id) = 'approved' THEN 0 ELSE 1 END;`,
  )
  await db.run(
    sql`UPDATE articles SET thread_count = (SELECT count(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'approved' AND c.starts_thread = 1);`,
  )
  await db.run(sql`CREATE INDEX \`comments_thread_idx\` ON \`comments\` (\`thread_id\`);`)
  await db.run(sql`CREATE INDEX \`article_status_startsThread_createdAt_idx\` ON \`comments\` (\`article_id\`,\`status\`,\`starts_thread\`,\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`thread_status_createdAt_idx\` ON \`comments\` (\`thread_id\`,\`status\`,\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`site_state\` ADD \`comments_version\` text;`)
  await db.run(sql`ALTER TABLE \`site_state\` ADD \`personal_version\` text;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_comments\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`article_id\` text(36) NOT NULL,
  	\`parent_id\` text(36),
  	\`depth\` numeric DEFAULT 1,
  	\`author_kind\` text NOT NULL,
  	\`author_name\` text NOT NULL,
  	\`author_url\` text,
  	\`avatar_key\` text,
  	\`reader_id\` text(36),
  	\`signed_in_with\` text,
  	\`guest_commenter_id\` text(36),
  	\`staff_author_id\` text(36),
  	\`guest_email\` text,
  	\`body\` text NOT NULL,
  	\`status\` text DEFAULT 'pending' NOT NULL,
  	\`rejection_reason\` text,
  	\`rejection_note\` text,
  	\`report_count\` numeric DEFAULT 0,
  	\`identity_key\` text,
  	\`body_hash\` text,
  	\`ip_hash\` text,
  	\`user_agent\` text,
  	\`edited_at\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`comments\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`reader_id\`) REFERENCES \`readers\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`guest_commenter_id\`) REFERENCES \`guest_commenters\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`staff_author_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_comments\`("id", "article_id", "parent_id", "depth", "author_kind", "author_name", "author_url", "avatar_key", "reader_id", "signed_in_with", "guest_commenter_id", "staff_author_id", "guest_email", "body", "status", "rejection_reason", "rejection_note", "report_count", "identity_key", "body_hash", "ip_hash", "user_agent", "edited_at", "updated_at", "created_at") SELECT "id", "article_id", "parent_id", "depth", "author_kind", "author_name", "author_url", "avatar_key", "reader_id", "signed_in_with", "guest_commenter_id", "staff_author_id", "guest_email", "body", "status", "rejection_reason", "rejection_note", "report_count", "identity_key", "body_hash", "ip_hash", "user_agent", "edited_at", "updated_at", "created_at" FROM \`comments\`;`)
  await db.run(sql`DROP TABLE \`comments\`;`)
  await db.run(sql`ALTER TABLE \`__new_comments\` RENAME TO \`comments\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`comments_article_idx\` ON \`comments\` (\`article_id\`);`)
  await db.run(sql`CREATE INDEX \`comments_parent_idx\` ON \`comments\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`comments_reader_idx\` ON \`comments\` (\`reader_id\`);`)
  await db.run(sql`CREATE INDEX \`comments_guest_commenter_idx\` ON \`comments\` (\`guest_commenter_id\`);`)
  await db.run(sql`CREATE INDEX \`comments_staff_author_idx\` ON \`comments\` (\`staff_author_id\`);`)
  await db.run(sql`CREATE INDEX \`comments_status_idx\` ON \`comments\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`comments_report_count_idx\` ON \`comments\` (\`report_count\`);`)
  await db.run(sql`CREATE INDEX \`comments_identity_key_idx\` ON \`comments\` (\`identity_key\`);`)
  await db.run(sql`CREATE INDEX \`comments_body_hash_idx\` ON \`comments\` (\`body_hash\`);`)
  await db.run(sql`CREATE INDEX \`comments_ip_hash_idx\` ON \`comments\` (\`ip_hash\`);`)
  await db.run(sql`CREATE INDEX \`comments_updated_at_idx\` ON \`comments\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`comments_created_at_idx\` ON \`comments\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`status_createdAt_idx\` ON \`comments\` (\`status\`,\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`article_status_createdAt_idx\` ON \`comments\` (\`article_id\`,\`status\`,\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`status_reportCount_idx\` ON \`comments\` (\`status\`,\`report_count\`);`)
  await db.run(sql`CREATE INDEX \`guestCommenter_status_idx\` ON \`comments\` (\`guest_commenter_id\`,\`status\`);`)
  await db.run(sql`CREATE INDEX \`reader_status_idx\` ON \`comments\` (\`reader_id\`,\`status\`);`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`thread_count\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_thread_count\`;`)
  await db.run(sql`ALTER TABLE \`site_state\` DROP COLUMN \`comments_version\`;`)
  await db.run(sql`ALTER TABLE \`site_state\` DROP COLUMN \`personal_version\`;`)
}
