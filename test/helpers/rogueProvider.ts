/**
 * An OpenID provider that lies on purpose: it answers every sign-in at once and hands back an
 * ID token that is wrong in exactly one way (signed with another key, another issuer, another
 * audience, expired, another nonce, unsigned). The newsroom must refuse each; `valid` proves
 * the harness itself is sound.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'

export type IdTokenFlaw = 'valid' | 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'wrong-nonce' | 'unsigned'

export type RogueProvider = { issuer: string; clientId: string; flaw: IdTokenFlaw; close(): Promise<void> }

export async function startRogueProvider(clientId: string): Promise<RogueProvider> {
  const good = await generateKeyPair('RS256')
  const other = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  const nonces = new Map<string, string>()
  const state: RogueProvider = { issuer: '', clientId, flaw: 'valid', close: async () => undefined }

  const idToken = async (nonce: string) => {
    const flaw = state.flaw
    const now = Math.floor(Date.now() / 1000)
    const claims = { nonce: flaw === 'wrong-nonce' ? 'not-the-nonce' : nonce, email: 'mallory@rogue.example', email_verified: true, name: 'Mallory' }
    if (flaw === 'unsigned') {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, sub: 'mallory', iss: state.issuer, aud: clientId, iat: now, exp: now + 300 })}.`
    }
    const key: CryptoKey = flaw === 'bad-signature' ? other.privateKey : good.privateKey
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('mallory')
      .setIssuer(flaw === 'wrong-issuer' ? 'https://issuer.evil.example' : state.issuer)
      .setAudience(flaw === 'wrong-audience' ? 'some-other-client' : clientId)
      .setIssuedAt(flaw === 'expired' ? now - 7200 : now)
      .setExpirationTime(flaw === 'expired' ? now - 3600 : now + 300)
      .sign(key)
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', state.issuer)
    const json = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    if (url.pathname === '/.well-known/openid-configuration')
      return json({
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/authorize`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      })
    if (url.pathname === '/jwks') return json({ keys: [jwk] })
    if (url.pathname === '/authorize') {
      const code = `code-${Math.random().toString(36).slice(2)}`
      nonces.set(code, url.searchParams.get('nonce') ?? '')
      const back = new URL(url.searchParams.get('redirect_uri') ?? '')
      back.searchParams.set('code', code)
      back.searchParams.set('state', url.searchParams.get('state') ?? '')
      return res.writeHead(302, { Location: back.href }).end()
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = ''
      for await (const chunk of req) body += chunk
      const code = new URLSearchParams(body).get('code') ?? ''
      return json({ access_token: 'rogue-access-token', token_type: 'Bearer', expires_in: 300, id_token: await idToken(nonces.get(code) ?? '') })
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return state
}
