import { createRequire } from 'node:module';

/**
 * Loads light-my-request, the module fastify's `inject()` runs on, into the module cache now.
 * Fastify requires it on the first `inject()` of the process's life (fastify.js: "dynamically
 * loaded as it seems very expensive"), and the facade answers every `$batch` operation through
 * `inject()` (bc-api/batch.ts): so the first `$batch` after a start paid the load inside its
 * operations — under tsx (the dev server, the bench) 100–250 ms of transform in the first
 * delta-outlook-1pct run's BC writes (issue 12). Resolved from fastify's own folder, so it is the
 * module fastify will require and find cached.
 */
export function preloadInject(): void {
  const fromHere = createRequire(import.meta.url);
  createRequire(fromHere.resolve('fastify'))('light-my-request');
}
