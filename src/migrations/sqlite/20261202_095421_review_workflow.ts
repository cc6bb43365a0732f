import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`articles_review_log\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`move\` text,
  	\`from\` text,
  	\`to\` text,
  	\`by_id\` text(36),
  	\`by_name\` text,
  	\`at\` text,
  	\`note\` text,
  	FOREIGN KEY (\`by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`articles\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`articles_review_log_order_idx\` ON \`articles_review_log\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`articles_review_log_parent_id_idx\` ON \`articles_review_log\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`articles_review_log_by_idx\` ON \`articles_review_log\` (\`by_id\`);`)
  await db.run(sql`CREATE TABLE \`_articles_v_version_review_log\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`move\` text,
  	\`from\` text,
  	\`to\` text,
  	\`by_id\` text(36),
  	\`by_name\` text,
  	\`at\` text,
  	\`note\` text,
  	\`_uuid\` text,
  	FOREIGN KEY (\`by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`_articles_v\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`_articles_v_version_review_log_order_idx\` ON \`_articles_v_version_review_log\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`_articles_v_version_review_log_parent_id_idx\` ON \`_articles_v_version_review_log\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`_articles_v_version_review_log_by_idx\` ON \`_articles_v_version_review_log\` (\`by_id\`);`)
  await db.run(sql`ALTER TABLE \`articles\` ADD \`review_state\` text DEFAULT 'draft';`)
  await db.run(sql`CREATE INDEX \`articles_review_state_idx\` ON \`articles\` (\`review_state\`);`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_review_state\` text DEFAULT 'draft';`)
  await db.run(sql`CREATE INDEX \`_articles_v_version_version_review_state_idx\` ON \`_articles_v\` (\`version_review_state\`);`)
  // Stories published before the review workflow existed are published, not drafts.
  await db.run(sql`UPDATE \`articles\` SET \`review_state\` = 'published' WHERE \`_status\` = 'published';`)
  await db.run(sql`UPDATE \`_articles_v\` SET \`version_review_state\` = 'published' WHERE \`version__status\` = 'published';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`articles_review_log\`;`)
  await db.run(sql`DROP TABLE \`_articles_v_version_review_log\`;`)
  await db.run(sql`DROP INDEX \`articles_review_state_idx\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`review_state\`;`)
  await db.run(sql`DROP INDEX \`_articles_v_version_version_review_state_idx\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_review_state\`;`)
}
