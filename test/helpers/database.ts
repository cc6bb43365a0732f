/**
 * The database a test uses: a temporary SQLite file by default; with
 * TEST_DATABASE_URI=mongodb://… a fresh MongoDB database per test file or server, so the whole
 * suite runs against MongoDB where one exists.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'

export function testDatabaseUri(dir: string): string {
  const uri = process.env.TEST_DATABASE_URI?.trim()
  if (uri?.startsWith('mongodb')) {
    const url = new URL(uri)
    url.pathname = `/newsroom_test_${randomUUID().slice(0, 8)}`
    return url.toString()
  }
  return `file:${path.join(dir, 'newsroom.db')}`
}
