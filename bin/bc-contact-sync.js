#!/usr/bin/env node
// Runs the compiled CLI (build/node, made by `npm install` through `npm run build:node`) when it is
// newer than every source file; otherwise the TypeScript sources through tsx, so an edit is never
// run stale. The compiled path starts in a fraction of the time (issue 12 §2).
import { fileURLToPath } from 'node:url';
import { buildState } from '../src/platform/source-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = fileURLToPath(new URL('../build/node/main.js', import.meta.url));

if (buildState(root, 'build/node/main.js', ['src']).state === 'current') {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
