import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformSync, version } from 'esbuild';

/**
 * Jest's transform for the test run: esbuild strips the types of each .ts/.tsx file on its own, file
 * by file, as `isolatedModules` and `verbatimModuleSyntax` (tsconfig.json) already require of every
 * file. Types are checked once by `npm run typecheck` (tsc), not again in each of jest's workers:
 * ts-jest loaded TypeScript in every worker and type-checked each file it compiled, about 0.35 CPU s
 * a file cold, on the 600-odd files a clean CI clone compiles. (jest.config.js `transform`)
 *
 * Output: ESM where jest loads the file as ESM (.ts/.tsx, extensionsToTreatAsEsm), else CommonJS (the
 * CommonJS .js of node_modules that fastify's inject and @fastify/static require()); a source map, so
 * stack traces and code frames name the .ts lines.
 */

// The options tsc has (tsconfig.json) that change esbuild's output; the rest only steer type checking.
const tsconfigRaw = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    verbatimModuleSyntax: true,
    jsx: 'react-jsx',
  },
};

// A change to this file or to esbuild's version makes every cached output stale.
const self = createHash('sha256')
  .update(readFileSync(new URL(import.meta.url)))
  .update(version)
  .digest('hex');

function loaderOf(path) {
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.cts')) return 'ts';
  return 'js';
}

/** Jest's synchronous transformer shape: getCacheKey and process (jest docs, "Code Transformation"). */
export default {
  canInstrument: false,
  getCacheKey(source, path, options) {
    return createHash('sha256')
      .update(self)
      .update('\0')
      .update(path)
      .update('\0')
      .update(options.supportsStaticESM ? 'esm' : 'cjs')
      .update('\0')
      .update(source)
      .digest('hex');
  },
  process(source, path, options) {
    const out = transformSync(source, {
      loader: loaderOf(path),
      format: options.supportsStaticESM ? 'esm' : 'cjs',
      // As scripts/build-node.mjs builds the product: package.json engines; 20.10 is the first Node 20
      // that reads import attributes (`with { type: 'json' }`), and older targets make esbuild drop them.
      target: 'node20.10',
      tsconfigRaw,
      jsx: 'automatic',
      sourcemap: 'external',
      sourcefile: path,
    });
    return { code: out.code, map: out.map };
  },
};
