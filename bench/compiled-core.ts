/**
 * The planner as the product runs it, for the planner's benchmarks (core-plan.bench.ts,
 * core-plan-profile.ts): compiled by esbuild as `npm run build:node` compiles the server
 * (scripts/build-node.mjs). Not through tsx: its transform keeps every function's name, a property
 * defined on each closure as it is made (3% of a plan's CPU, measured), which no build has.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as filterApi from '../src/core/filter/index.js';
import type * as planApi from '../src/core/plan.js';
import type * as plannerApi from '../src/core/planner.js';

export type CoreApi = typeof filterApi & typeof planApi & typeof plannerApi;

/**
 * compileFilter, summarizePlan, planInSteps and planSync as built; `tag` names the temporary file.
 * `root`: the checkout whose src/ is built (this one by default; core-plan-ab.ts builds two).
 */
export async function compiledCore(
  tag: string,
  root = fileURLToPath(new URL('..', import.meta.url)),
): Promise<CoreApi> {
  const out = join(tmpdir(), `${tag}-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        "export { compileFilter } from './src/core/filter/index.ts';",
        "export { summarizePlan } from './src/core/plan.ts';",
        "export { planInSteps, planSync } from './src/core/planner.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20.10',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  try {
    return (await import(pathToFileURL(out).href)) as CoreApi;
  } finally {
    rmSync(out, { force: true });
  }
}
