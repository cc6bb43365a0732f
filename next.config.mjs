import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The public site is served by Express; Next only renders Payload's admin, REST and GraphQL.
  reactStrictMode: true,
  // Images in the admin come from our own media collection; nothing is fetched from other hosts.
  images: { unoptimized: true },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` (tsc) is the type gate, run in CI
  poweredByHeader: false,
  // Tests run their own development server beside a developer's `npm run dev`; Next allows one per folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The Express side and Next must load the very same Payload modules: with two copies, one
  // copy's errors fail the other's instanceof checks (field-level messages vanish in production).
  serverExternalPackages: ['payload', '@payloadcms/db-sqlite', '@payloadcms/db-mongodb', 'libsql', 'sharp'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
