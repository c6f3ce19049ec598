/**
 * Writes the README's Configuration table from the configuration schema (src/server/config-schema.ts),
 * so the two cannot drift: `npm run readme:config`. test/server/readme-config.test.ts fails when the
 * README differs from what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { format } from 'prettier';
import { configTable } from '../src/server/config-schema.js';

const START = '<!-- config-table: generated from src/server/config-schema.ts by npm run readme:config -->';
const END = '<!-- config-table end -->';

/** The README with its generated section replaced by the table, formatted as Prettier would. */
export async function readmeWithConfigTable(readme: string): Promise<string> {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  const next = `${readme.slice(0, from)}${START}\n\n${configTable()}\n${readme.slice(to)}`;
  return format(next, { parser: 'markdown', singleQuote: true, printWidth: 110 });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', await readmeWithConfigTable(readme));
}
