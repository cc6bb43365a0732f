import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`readers_identities\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`provider\` text NOT NULL,
  	\`subject\` text NOT NULL,
  	\`email\` text,
  	\`email_verified\` integer DEFAULT false,
  	\`profile_url\` text,
  	\`avatar_url\` text,
  	\`linked_at\` text NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`readers\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`readers_identities_order_idx\` ON \`readers_identities\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`readers_identities_parent_id_idx\` ON \`readers_identities\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`readers_identities_key_idx\` ON \`readers_identities\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`readers_identities_email_idx\` ON \`readers_identities\` (\`email\`);`)
  await db.run(sql`CREATE TABLE \`sign_in_attempts\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`state_hash\` text NOT NULL,
  	\`browser_hash\` text NOT NULL,
  	\`provider\` text NOT NULL,
  	\`code_verifier\` text,
  	\`nonce\` text,
  	\`return_to\` text NOT NULL,
  	\`ip_hash\` text,
  	\`expires_at\` text NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`sign_in_attempts_state_hash_idx\` ON \`sign_in_attempts\` (\`state_hash\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_attempts_ip_hash_idx\` ON \`sign_in_attempts\` (\`ip_hash\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_attempts_expires_at_idx\` ON \`sign_in_attempts\` (\`expires_at\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_attempts_updated_at_idx\` ON \`sign_in_attempts\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_attempts_created_at_idx\` ON \`sign_in_attempts\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`comments\` ADD \`signed_in_with\` text;`)
  await db.run(sql`ALTER TABLE \`readers\` ADD \`avatar_image\` text;`)
  await db.run(sql`ALTER TABLE \`readers\` ADD \`avatar_hash\` text;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`sign_in_attempts_id\` text(36) REFERENCES sign_in_attempts(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_sign_in_attempts_id_idx\` ON \`payload_locked_documents_rels\` (\`sign_in_attempts_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`readers_identities\`;`)
  await db.run(sql`DROP TABLE \`sign_in_attempts\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` text(36),
  	\`articles_id\` text(36),
  	\`sources_id\` text(36),
  	\`threat_actors_id\` text(36),
  	\`media_id\` text(36),
  	\`comments_id\` text(36),
  	\`readers_id\` text(36),
  	\`guest_commenters_id\` text(36),
  	\`reader_sessions_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`articles_id\`) REFERENCES \`articles\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`sources_id\`) REFERENCES \`sources\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`threat_actors_id\`) REFERENCES \`threat_actors\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`comments_id\`) REFERENCES \`comments\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`readers_id\`) REFERENCES \`readers\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`guest_commenters_id\`) REFERENCES \`guest_commenters\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`reader_sessions_id\`) REFERENCES \`reader_sessions\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "articles_id", "sources_id", "threat_actors_id", "media_id", "comments_id", "readers_id", "guest_commenters_id", "reader_sessions_id") SELECT "id", "order", "parent_id", "path", "users_id", "articles_id", "sources_id", "threat_actors_id", "media_id", "comments_id", "readers_id", "guest_commenters_id", "reader_sessions_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_articles_id_idx\` ON \`payload_locked_documents_rels\` (\`articles_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_sources_id_idx\` ON \`payload_locked_documents_rels\` (\`sources_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_threat_actors_id_idx\` ON \`payload_locked_documents_rels\` (\`threat_actors_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_comments_id_idx\` ON \`payload_locked_documents_rels\` (\`comments_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_readers_id_idx\` ON \`payload_locked_documents_rels\` (\`readers_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_guest_commenters_id_idx\` ON \`payload_locked_documents_rels\` (\`guest_commenters_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_reader_sessions_id_idx\` ON \`payload_locked_documents_rels\` (\`reader_sessions_id\`);`)
  await db.run(sql`ALTER TABLE \`comments\` DROP COLUMN \`signed_in_with\`;`)
  await db.run(sql`ALTER TABLE \`readers\` DROP COLUMN \`avatar_image\`;`)
  await db.run(sql`ALTER TABLE \`readers\` DROP COLUMN \`avatar_hash\`;`)
}
