import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { buildVariablesRead } from '../support/build-variables.js';

/**
 * The README's table of the pane's build variables lists exactly what webpack.config.js reads
 * (`process.env.X`, `define('X')`), as the facade's table is kept equal to its schema.
 */
const ROOT = join(import.meta.dirname, '../..');

/** The variables named in the README's build-variable table. */
function buildVariablesListed(readme: string): string[] {
  const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
  const start = readme.indexOf('| build variable');
  expect(start).toBeGreaterThan(0);
  const table = readme.slice(start).split('\n\n')[0] ?? '';
  const names = rows
    .filter((r) => table.includes(r))
    .flatMap((r) =>
      [...(r.split('|')[1] ?? '').matchAll(/`([A-Z_][A-Z0-9_]*)`/g)].map((m) => m[1] as string),
    );
  return [...new Set(names)].sort();
}

describe('the README names every variable the pane build reads', () => {
  test('the table and webpack.config.js agree', () => {
    const webpack = readFileSync(join(ROOT, 'webpack.config.js'), 'utf8');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(buildVariablesListed(readme)).toStrictEqual(buildVariablesRead(webpack));
  });

  test('the scan reads process.env and define(), not the DefinePlugin keys it writes', () => {
    const source = [
      'const port = process.env.DEV_SERVER_PORT ?? 3001;',
      "new DefinePlugin({ 'process.env.AAD_CLIENT_ID': define('AAD_CLIENT_ID'),",
      "  'process.env.OFFICE_JS_LOCAL': JSON.stringify(local) });",
    ].join('\n');
    expect(buildVariablesRead(source)).toStrictEqual(['AAD_CLIENT_ID', 'DEV_SERVER_PORT']);
  });
});
