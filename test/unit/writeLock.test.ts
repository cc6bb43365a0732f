import { DatabaseBusyError } from '../../src/database/transient'
import { WriteLock } from '../../src/database/writeLock'

test('grants the lock to one writer at a time, in the order they asked', async () => {
  const lock = new WriteLock()
  const order: string[] = []
  const first = await lock.acquire(1000)
  const waiting = ['b', 'c', 'd'].map((name) =>
    lock.acquire(1000).then((release) => {
      order.push(name)
      release()
    }),
  )
  expect(lock.waiting).toBe(3)
  order.push('a')
  first()
  await Promise.all(waiting)
  expect(order).toEqual(['a', 'b', 'c', 'd'])
  expect(lock.isHeld).toBe(false)
})

test('hands over on a later turn of the event loop, so I/O waiting in between is served', async () => {
  const lock = new WriteLock()
  const events: string[] = []
  const release = await lock.acquire(1000)
  const next = lock.acquire(1000).then((again) => {
    events.push('next writer')
    again()
  })
  setImmediate(() => events.push('other work'))
  release()
  await next
  expect(events).toEqual(['other work', 'next writer'])
})

test('a writer waits at most its bound, then gets DatabaseBusyError; the queue goes on', async () => {
  const lock = new WriteLock()
  const release = await lock.acquire(1000)
  await expect(lock.acquire(50)).rejects.toBeInstanceOf(DatabaseBusyError)
  expect(lock.waiting).toBe(0)
  const later = lock.acquire(1000)
  release()
  ;(await later)()
  expect(lock.isHeld).toBe(false)
})

test('releasing twice (a rollback after a failed commit) does not free the lock for two writers', async () => {
  const lock = new WriteLock()
  const release = await lock.acquire(1000)
  const second = lock.acquire(1000)
  const third = lock.acquire(1000)
  release()
  release()
  const releaseSecond = await second
  expect(lock.waiting).toBe(1)
  releaseSecond()
  ;(await third)()
  expect(lock.isHeld).toBe(false)
})
