import { databaseAdapter } from '../../src/config/database'

describe('databaseAdapter', () => {
  test('SQLite: string (uuid) ids, as on MongoDB', () => {
    const adapter = databaseAdapter({ kind: 'sqlite', url: 'file:/tmp/x.db', file: '/tmp/x.db' })
    expect(adapter.name).toBe('sqlite')
    expect(adapter.defaultIDType).toBe('text')
  })

  test('MongoDB through mongoose, configured without connecting', () => {
    const adapter = databaseAdapter({ kind: 'mongodb', url: 'mongodb://db.example:27017/newsroom' })
    expect(adapter.name).toBe('mongoose')
    expect(adapter.defaultIDType).toBe('text')
  })
})
