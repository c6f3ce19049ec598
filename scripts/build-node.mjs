// `npm run build:node` (also run after `npm install`): the CLI and server as compiled JavaScript in
// build/node, one entry plus chunks loaded on demand, dependencies left to node_modules. A failure
// is reported, not fatal: bin/bc-contact-sync.js then runs the TypeScript sources through tsx.
import { build } from 'esbuild';

try {
  await build({
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    platform: 'node',
    // 20.10 is the first Node 20 that reads import attributes (`with { type: 'json' }`); older targets make esbuild drop them.
    target: 'node20.10',
    format: 'esm',
    packages: 'external',
    splitting: true,
    outdir: 'build/node',
    logLevel: 'warning',
  });
} catch (error) {
  console.warn(
    `build:node failed (the CLI will run through tsx): ${error instanceof Error ? error.message : error}`,
  );
}
