/**
 * A real OpenID Connect / OAuth 2.0 provider (the newsroom's development provider, which is
 * oidc-provider) on its own port, and the AUTH_* environment that points each preset at it
 * through the endpoint overrides, exactly as a newsroom would configure a self-hosted provider.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import express from 'express'

import { createDevIdentityProvider } from '../../src/auth/devProvider'
import { devClient, devLocation, readProviders, type ProviderConfig, type ProviderId } from '../../src/auth/providers'

export type LocalIdentityProvider = {
  readonly issuer: string
  /** AUTH_* variables configuring the four presets (and the generic one) against this provider. */
  readonly env: Record<string, string>
  providers(): ProviderConfig[]
  /** Stops answering (the provider is "unreachable") until start() is called again. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

export const PRESETS: ReadonlyArray<ProviderId> = ['google', 'wordpress', 'twitter', 'facebook']

export async function startIdentityProvider(newsroomOrigin: string, port = 0): Promise<LocalIdentityProvider> {
  let server = http.createServer()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const actualPort = (server.address() as AddressInfo).port
  const issuer = `http://127.0.0.1:${actualPort}`
  const provider = await createDevIdentityProvider({ issuer, newsroomOrigin, mode: 'test' })
  const app = express()
  app.use(provider.router)
  server.on('request', app)

  const env: Record<string, string> = {}
  for (const id of [...PRESETS, 'oidc'] as const) {
    const prefix = `AUTH_${id.toUpperCase()}_`
    env[`${prefix}CLIENT_ID`] = devClient(id).clientId
    env[`${prefix}CLIENT_SECRET`] = devClient(id).clientSecret
    const { endpoints } = devLocation(issuer, id)
    if (!endpoints) env[`${prefix}ISSUER`] = issuer
    else {
      env[`${prefix}AUTHORIZATION_URL`] = endpoints.authorization
      env[`${prefix}TOKEN_URL`] = endpoints.token
      env[`${prefix}USERINFO_URL`] = endpoints.userinfo
    }
  }
  env.AUTH_OIDC_LABEL = 'Newsroom SSO'

  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return {
    issuer,
    env,
    providers: () => readProviders(env),
    stop,
    start: async () => {
      server = http.createServer(app)
      await new Promise<void>((resolve) => server.listen(actualPort, '127.0.0.1', () => resolve()))
    },
    close: async () => {
      if (server.listening) await stop()
    },
  }
}
