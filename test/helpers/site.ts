/** The newsroom's Express app (public site, no Next) listening on a free port, for HTTP-level tests. */
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { createApp } from '../../src/http/app'
import { createSite } from '../../src/site/router'
import type { TestNewsroom } from './newsroom'

export type TestSite = {
  url: string
  /** A plain GET (node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests). */
  get(path: string, headers?: Record<string, string>, method?: string): Promise<Response>
  close(): Promise<void>
}

export async function serveSite(newsroom: TestNewsroom): Promise<TestSite> {
  const site = createSite({ payload: newsroom.payload, site: newsroom.settings.site, staffCollection: 'users', mediaDir: newsroom.settings.mediaDir })
  const app = createApp({ payload: newsroom.payload, site })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<Response>((resolve, reject) => {
      const request = http.request(`${url}${path}`, { method, headers }, (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('end', () => {
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
          const status = incoming.statusCode ?? 500
          const body = status === 304 || method === 'HEAD' ? null : Buffer.concat(chunks)
          resolve(new Response(body, { status, headers: responseHeaders }))
        })
      })
      request.on('error', reject)
      request.end()
    })
  return { url, get, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
