/**
 * A server's memory after a full garbage collection, asked through its V8 inspector. Resident
 * memory sampled under load rises for as long as V8 lets its heap grow before a major collection
 * (tens of MB over a few thousand requests, more on a busy machine), so a reading taken without a
 * collection cannot tell that growth from a leak. Start the server with `INSPECT_ARGS`.
 */
import WebSocket from 'ws'

/** Node options for a server whose memory is read this way: the inspector on a loopback port the kernel picks. */
export const INSPECT_ARGS = ['--inspect=127.0.0.1:0']

export type CollectedMemory = { heapUsed: number; rss: number; external: number }

type Reply = { id?: number; result?: { result?: { value?: string } }; error?: { message: string } }

export async function memoryAfterCollection(server: { output(): string }): Promise<CollectedMemory> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1]
  if (!url) throw new Error('the server was not started with INSPECT_ARGS')
  const socket = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  let next = 0
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const id = ++next
      const listener = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data)) as Reply
        if (reply.id !== id) return
        socket.off('message', listener)
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`))
        else resolve(reply)
      }
      socket.on('message', listener)
      socket.send(JSON.stringify({ id, method, params }))
    })
  try {
    // Twice, with a pause: objects with finalizers go on the second pass, and V8's sweeper
    // gives pages back to the system just after a collection rather than during it.
    await call('HeapProfiler.collectGarbage')
    await new Promise((resolve) => setTimeout(resolve, 250))
    await call('HeapProfiler.collectGarbage')
    await new Promise((resolve) => setTimeout(resolve, 250))
    const reply = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })
    const usage = JSON.parse(reply.result?.result?.value ?? 'null') as CollectedMemory | null
    if (!usage) throw new Error('the inspector gave no memory reading')
    return { heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external }
  } finally {
    socket.close()
  }
}
