import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` ADD \`announced_at\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_announced_at\` text;`)
  await db.run(sql`ALTER TABLE \`subscriptions\` ADD \`frequency\` text;`)
  // Stories published before subscriptions existed are not news: they count as announced.
  await db.run(sql`UPDATE \`articles\` SET \`announced_at\` = COALESCE(\`first_published_at\`, \`published_at\`, \`updated_at\`) WHERE \`_status\` = 'published' OR \`first_published_at\` IS NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`announced_at\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_announced_at\`;`)
  await db.run(sql`ALTER TABLE \`subscriptions\` DROP COLUMN \`frequency\`;`)
}
