/**
 * Two projects: `e2e` (test/e2e: the whole product in headless Chromium) and `unit` (the rest).
 * Jest runs a project's globalSetup only when the run holds one of its tests, so the pane is built
 * and one server store is made once per run that has a browser test (test/e2e/global-setup.mjs),
 * before any worker starts, and never by a run of unit tests.
 */
// esbuild strips the types file by file (test/support/esbuild-transform.js): about a quarter less CPU
// than ts-jest, which loaded TypeScript and type-checked each file in every worker; `npm run typecheck`
// (tsc over src, test and bench) checks the types once. Every test directory passed with it before it
// became the only transform.
const esbuild = '<rootDir>/test/support/esbuild-transform.js';
const transform = {
  '^.+\\.tsx?$': esbuild,
  // Packages that fastify's inject and @fastify/static require().
  '^.+/node_modules/(cookie|content-disposition)/.+\\.js$': esbuild,
};

const project = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  // With JEST_CPU_LOG set (.ci/run), each file appends the CPU seconds it cost: where CI's time goes.
  setupFilesAfterEnv: ['<rootDir>/test/support/cpu-per-file.ts'],
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...project,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
    },
    {
      ...project,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.mjs',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.mjs',
    },
  ],
  // A guard against hangs, not a measure: tests wait on events, but setup on a loaded 2-core machine
  // (PGlite's initdb in WASM, Chromium) can take minutes. Hooks inherit it too.
  testTimeout: 600_000,
  // Jest's default on a 2-core machine is one worker (cores - 1), which left CI at 57 min of mostly idle waiting on
  // sockets, PGlite and Chromium; two workers keep both cores busy.
  maxWorkers: 2,
  // Jest gives a worker 500 ms to exit after the run before it force-exits it and warns "A worker
  // process has failed to exit gracefully". At load 30+ on 2 cores a worker holding nothing but its
  // IPC pipes misses that: two pure suites (test/cli/run-exit, test/core/text-form) got the warning
  // in 3 of 3 runs, and doctor, doctor-place and start-stop hold no socket, server, ref'd timer or
  // child at their end (in-band and in a worker). A worker that really leaks still gets the warning.
  workerGracefulExitTimeout: 10_000,
  // A worker's heap grows file by file (ESM under --experimental-vm-modules keeps each file's module graph
  // reachable for a while): CI on 2026-12-03 lost test/taskpane/live-regions to a worker at 3.9 GB of its
  // 4.1 GB heap after 2,434 s, and the session before lost outlook-only-conflict the same way. Jest
  // replaces a worker whose heap exceeds this after the file it ran, so no worker carries more than
  // one file's growth past it.
  workerIdleMemoryLimit: '1536MB',
};
