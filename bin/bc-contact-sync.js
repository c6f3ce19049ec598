#!/usr/bin/env node
// Runs the compiled CLI (build/node, made by `npm install` through `npm run build:node`) when it is
// newer than every source file; otherwise the TypeScript sources through tsx, so an edit is never
// run stale. The compiled path starts in a fraction of the time (issue 12 §2).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../build/node/main.js', import.meta.url));
const sources = fileURLToPath(new URL('../src', import.meta.url));

function newerThanSources(file) {
  const built = statSync(file).mtimeMs;
  const stack = [sources];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) stack.push(path);
      else if (statSync(path).mtimeMs > built) return false;
    }
  }
  return true;
}

if (existsSync(compiled) && newerThanSources(compiled)) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
