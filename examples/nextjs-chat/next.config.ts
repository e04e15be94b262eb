import type { NextConfig } from 'next';

const config: NextConfig = {
  // The Rust addon is a `.node` file: Node must `require` it at run time, never a bundler. Core is
  // external too, so the addon is resolved from core's own install (where pnpm links it) and core's
  // loader is not rewritten by the bundler.
  serverExternalPackages: ['@backfire/native', '@backfire/core'],
  // The demo sends no telemetry-like headers and needs no image optimisation.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
