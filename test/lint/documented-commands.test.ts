import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

/*
 * F115: the command the docs and the `npm start` banner tell users must start fast. `npx
 * bc-contact-sync` finds the bin in the project's own package.json, so npm loads the whole
 * node_modules tree (Arborist loadActual) and installs the project into its npx cache before it
 * runs: 12.3–13.3 s wall, 3.5–4.2 s CPU for `--help` at load 24, against 2.1–2.4 s wall, 0.65 s CPU
 * for `./bin/bc-contact-sync.js --help` (the script itself, which runs the compiled CLI). Every place
 * that tells users the command names the script.
 */
const PLACES = [
  'README.md',
  'src/cli/banner.ts',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function commandsIn(text: string): { npx: string[]; script: string[] } {
  return {
    npx: [...text.matchAll(/npx\s+bc-contact-sync\b[^\n`']*/g)].map((m) => m[0]),
    script: [...text.matchAll(/\.\/bin\/bc-contact-sync\.js\b/g)].map((m) => m[0]),
  };
}

describe('the CLI command users are told (F115)', () => {
  test.each(PLACES)('%s never tells `npx bc-contact-sync`', (place) => {
    expect(commandsIn(readFileSync(place, 'utf8')).npx).toEqual([]);
  });

  test('README, docs/deploy.md and the banner name ./bin/bc-contact-sync.js', () => {
    for (const place of ['README.md', 'docs/deploy.md', 'src/cli/banner.ts'])
      expect({ place, found: commandsIn(readFileSync(place, 'utf8')).script.length > 0 }).toEqual({
        place,
        found: true,
      });
  });

  test('the check finds the slow command (the example F115 reported)', () => {
    const before =
      'Run a sync from the command line: npx bc-contact-sync sync --user ann@contoso.com --mode full';
    expect(commandsIn(before).npx).toEqual(['npx bc-contact-sync sync --user ann@contoso.com --mode full']);
  });
});
