import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  // No image optimizer: the UI has no photos. Next still traces sharp (≈20 MB of native
  // libraries) into the standalone output — the folder the desktop app ships — so it is
  // excluded from the server's trace as well.
  images: { unoptimized: true },
  outputFileTracingExcludes: { 'next-server': ['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*'] },
  // Each page's server module is loaded by its first request, not all of them while the
  // server starts: ≈ 7 MB less idle memory, the first page no slower (README: Benchmarks).
  experimental: { preloadEntriesOnStart: false },
};

export default nextConfig;
