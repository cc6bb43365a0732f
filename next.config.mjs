import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The public site is served by Express; Next only renders Payload's admin, REST and GraphQL.
  reactStrictMode: true,
  // Images in the admin come from our own media collection; nothing is fetched from other hosts.
  images: { unoptimized: true },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` (tsc) is the type gate, run in CI
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
