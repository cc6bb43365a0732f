import { DatabaseBusyError, isTransientDatabaseError, retryTransient } from '../../src/database/transient'

const sqlite = (code: string) => Object.assign(new Error(code.startsWith('SQLITE_BUSY') ? 'database is locked' : 'constraint failed'), { code })

test('recognises busy SQLite, MongoDB write conflicts and transient transaction errors, however wrapped', () => {
  expect(isTransientDatabaseError(new DatabaseBusyError('waited'))).toBe(true)
  expect(isTransientDatabaseError(sqlite('SQLITE_BUSY'))).toBe(true)
  expect(isTransientDatabaseError(sqlite('SQLITE_BUSY_SNAPSHOT'))).toBe(true)
  // drizzle wraps driver errors as `cause`; Payload re-wraps "cannot begin transaction" by message only.
  expect(isTransientDatabaseError(Object.assign(new Error('Failed query: insert …'), { cause: sqlite('SQLITE_BUSY') }))).toBe(true)
  expect(isTransientDatabaseError(new Error(`Error: cannot begin transaction: ${new DatabaseBusyError('x').message}`))).toBe(true)
  expect(isTransientDatabaseError(Object.assign(new Error('WriteConflict'), { code: 112, codeName: 'WriteConflict' }))).toBe(true)
  expect(isTransientDatabaseError(Object.assign(new Error('retry'), { errorLabels: ['TransientTransactionError'] }))).toBe(true)
  expect(isTransientDatabaseError(Object.assign(new Error('retry'), { errorLabelSet: new Set(['UnknownTransactionCommitResult']) }))).toBe(true)
})

const postgres = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' })

test('recognises PostgreSQL serialisation failures, deadlocks, lock timeouts and an exhausted pool', () => {
  expect(isTransientDatabaseError(postgres('40001', 'could not serialize access due to read/write dependencies among transactions'))).toBe(true)
  expect(isTransientDatabaseError(Object.assign(new Error('Failed query: update "articles" …'), { cause: postgres('40P01', 'deadlock detected') }))).toBe(true)
  expect(isTransientDatabaseError(postgres('55P03', 'could not obtain lock on row'))).toBe(true)
  expect(isTransientDatabaseError(new Error('timeout exceeded when trying to connect'))).toBe(true)
  // The connection lost mid-work (a network cut, a restart, a session ended for idling): a new one may do it.
  expect(
    isTransientDatabaseError(Object.assign(new Error('Failed query: select "id" from "guest_commenters" …'), { cause: new Error('Connection terminated unexpectedly') })),
  ).toBe(true)
  expect(isTransientDatabaseError(postgres('25P03', 'terminating connection due to idle-in-transaction timeout'))).toBe(true)
  expect(isTransientDatabaseError(postgres('57P01', 'terminating connection due to administrator command'))).toBe(true)
  expect(isTransientDatabaseError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true)
  expect(isTransientDatabaseError(postgres('23505', 'duplicate key value violates unique constraint "comments_pkey"'))).toBe(false)
  expect(isTransientDatabaseError(postgres('42P01', 'relation "articles" does not exist'))).toBe(false)
})

test('does not take real failures for contention', () => {
  expect(isTransientDatabaseError(new Error('UNIQUE constraint failed: comments.id'))).toBe(false)
  expect(isTransientDatabaseError(sqlite('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false)
  expect(isTransientDatabaseError(new TypeError('x is not a function'))).toBe(false)
  expect(isTransientDatabaseError(null)).toBe(false)
  expect(isTransientDatabaseError('busy')).toBe(false)
})

test('retries transient failures until the work succeeds', async () => {
  let attempts = 0
  const result = await retryTransient(
    async () => {
      attempts += 1
      if (attempts < 4) throw sqlite('SQLITE_BUSY')
      return 'stored'
    },
    { boundMs: 2000 },
  )
  expect(result).toBe('stored')
  expect(attempts).toBe(4)
})

test('gives up after the bound with DatabaseBusyError, and never retries a real failure', async () => {
  const started = Date.now()
  await expect(
    retryTransient(
      async () => {
        throw sqlite('SQLITE_BUSY')
      },
      { boundMs: 150 },
    ),
  ).rejects.toBeInstanceOf(DatabaseBusyError)
  expect(Date.now() - started).toBeGreaterThanOrEqual(150)
  expect(Date.now() - started).toBeLessThan(1000)

  let attempts = 0
  await expect(
    retryTransient(
      async () => {
        attempts += 1
        throw new Error('disk full')
      },
      { boundMs: 1000 },
    ),
  ).rejects.toThrow('disk full')
  expect(attempts).toBe(1)
})
