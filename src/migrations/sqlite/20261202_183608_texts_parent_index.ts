import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE INDEX \`articles_texts_parent_path_idx\` ON \`articles_texts\` (\`parent_id\`,\`path\`);`)
  await db.run(sql`CREATE INDEX \`_articles_v_texts_parent_path_idx\` ON \`_articles_v_texts\` (\`parent_id\`,\`path\`);`)
  await db.run(sql`CREATE INDEX \`threat_actors_texts_parent_path_idx\` ON \`threat_actors_texts\` (\`parent_id\`,\`path\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`articles_texts_parent_path_idx\`;`)
  await db.run(sql`DROP INDEX \`_articles_v_texts_parent_path_idx\`;`)
  await db.run(sql`DROP INDEX \`threat_actors_texts_parent_path_idx\`;`)
}
