import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  // The server is local: gzip over loopback costs CPU and saves nothing, and skipping it
  // keeps Next's compression module out of the idle server's memory.
  compress: false,
  // No image optimizer: the UI has no photos, and it would pull sharp (≈20 MB of native
  // libraries) into the standalone output that the desktop app ships.
  images: { unoptimized: true },
  // Next traces sharp into the standalone output even with the optimizer off; drop it.
  outputFileTracingExcludes: { 'next-server': ['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*'] },
  // Pages are prerendered files on local disk; an in-memory copy (50 MB by default) only
  // grows the resident memory of a process that stays open all day.
  cacheMaxMemorySize: 0,
};

export default nextConfig;
