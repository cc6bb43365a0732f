import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` ADD \`slug_note\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_slug_note\` text;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`slug_note\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_slug_note\`;`)
}
