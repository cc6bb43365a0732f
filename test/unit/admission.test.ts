import { AdmissionQueue, Overloaded } from '../../src/http/admission'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

test('runs work in order, at most maxRunning at once', async () => {
  const queue = new AdmissionQueue({ maxRunning: 2, maxWaiting: 10, maxWaitMs: 1000 })
  let running = 0
  let most = 0
  const done: number[] = []
  const work = (n: number) =>
    queue.run(async () => {
      running += 1
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running -= 1
      done.push(n)
      return n
    })
  const results = await Promise.all([1, 2, 3, 4, 5].map(work))
  expect(results).toEqual([1, 2, 3, 4, 5])
  expect(most).toBe(2)
  expect(done.slice(0, 2).sort()).toEqual([1, 2])
})

test('starts at most one item per turn of the event loop, so other requests are served between', async () => {
  const queue = new AdmissionQueue({ maxRunning: 8, maxWaiting: 10, maxWaitMs: 1000 })
  const events: string[] = []
  // Work that never yields, as a synchronous SQLite write does not.
  const jobs = [1, 2, 3].map((n) => queue.run(async () => void events.push(`job ${n}`)))
  for (let n = 1; n <= 3; n += 1) setImmediate(() => events.push(`request ${n}`))
  await Promise.all(jobs)
  await tick()
  const jobs1 = events.indexOf('job 1')
  const jobs2 = events.indexOf('job 2')
  expect(events.slice(jobs1 + 1, jobs2).some((event) => event.startsWith('request'))).toBe(true)
})

test('refuses at once past maxWaiting, and refuses what waited longer than maxWaitMs', async () => {
  const queue = new AdmissionQueue({ maxRunning: 1, maxWaiting: 2, maxWaitMs: 30 })
  let finish!: () => void
  const blocker = queue.run(() => new Promise<void>((resolve) => (finish = resolve)))
  await tick()
  const waiting = [queue.run(async () => 'a'), queue.run(async () => 'b')]
  await expect(queue.run(async () => 'c')).rejects.toBeInstanceOf(Overloaded)
  await new Promise((resolve) => setTimeout(resolve, 60))
  finish()
  await blocker
  const settled = await Promise.allSettled(waiting)
  expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
  expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(Overloaded)
  expect(queue.stats).toEqual({ running: 0, waiting: 0 })
})

test('a failing item does not stop the queue', async () => {
  const queue = new AdmissionQueue({ maxRunning: 1, maxWaiting: 5, maxWaitMs: 1000 })
  const failing = queue.run(async () => {
    throw new Error('refused')
  })
  const next = queue.run(async () => 'next')
  await expect(failing).rejects.toThrow('refused')
  await expect(next).resolves.toBe('next')
})
