import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

// The folder boundaries in eslint.config.js are the architecture's only enforcement; this proves they hold at every
// folder depth (a rule written for '../graph/*' alone let src/core/filter/*.ts reach '../../graph/*').
const eslint = new ESLint({ cwd: process.cwd() });
const BOUNDARY_RULES = [
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-globals',
  'no-restricted-syntax',
];

async function restrictedIn(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && BOUNDARY_RULES.includes(m.ruleId))
    .map((m) => m.ruleId as string);
}

/** The lines (1-based) of `source` that a boundary rule refuses. */
async function refusedLines(filePath: string, source: string): Promise<number[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && BOUNDARY_RULES.includes(m.ruleId))
    .map((m) => m.line);
}

const impureImports: Array<[string, string]> = [
  ['src/core/x.ts', "import { a } from '../graph/client';"],
  ['src/core/filter/x.ts', "import { a } from '../../graph/client';"],
  ['src/core/filter/x.ts', "import { a } from '../../server/app';"],
  ['src/core/filter/x.ts', "import { a } from '../../taskpane/app';"],
  ['src/core/filter/x.ts', "import { a } from '../../store/sql';"],
  ['src/core/filter/x.ts', "import { a } from '../../messages/words';"],
  ['src/core/a/b/x.ts', "import { a } from '../../../emulator/store';"],
  ['src/core/a/b/x.ts', "import { readFileSync } from 'node:fs';"],
  ['src/emulator/x.ts', "import { a } from '../core/model';"],
  ['src/emulator/deep/x.ts', "import { a } from '../../core/model';"],
  ['src/emulator/deep/x.ts', "import { a } from '../../graph/client';"],
  ['src/pure/x.ts', "import { a } from '../core/model';"],
  ['src/pure/a/b/x.ts', "import { readFileSync } from 'node:fs';"],
];

const ambientUse: Array<[string, string]> = [
  ['src/core/x.ts', 'export const now = Date.now();'],
  ['src/core/filter/x.ts', 'export const now = Date.now();'],
  ['src/core/a/b/x.ts', "export const env = process.env['X'];"],
  ['src/core/a/b/x.ts', 'export const t = setTimeout(() => undefined, 1);'],
  ['src/pure/x.ts', 'export const now = Date.now();'],
  ['src/pure/a/b/x.ts', "export const env = process.env['X'];"],
  ['src/pure/a/b/x.ts', 'export const w = window.location;'],
  // Office stays behind office-host (issue 13 §6), in the pane's pages and components alike.
  ['src/taskpane/auth/dialog.ts', 'export const ready = Office.onReady();'],
  ['src/taskpane/components/App/x.tsx', 'export const user = Office.context.mailbox.userProfile;'],
];

describe('folder boundaries hold at every depth', () => {
  it.each(impureImports)('%s: %s is refused', async (file, source) => {
    expect(
      await restrictedIn(file, `${source}\nexport const used = a;\n`.replace('a;', 'typeof a;')),
    ).toContain('no-restricted-imports');
  });

  it.each(ambientUse)('%s: %s is refused', async (file, source) => {
    expect(await restrictedIn(file, source)).toContain('no-restricted-globals');
  });

  it('office-host itself may touch Office', async () => {
    expect(
      await restrictedIn('src/taskpane/office/office-host.ts', 'export const ready = Office.onReady();'),
    ).toEqual([]);
  });

  it('core may import core at any depth', async () => {
    expect(
      await restrictedIn('src/core/filter/x.ts', "import { a } from '../model';\nexport const b = a;\n"),
    ).toEqual([]);
  });
});

/*
 * The directions as the architecture states them (docs/architecture.md), written here independently of
 * eslint.config.js: for each importing folder, the top folders of src/ it may import. Every other top folder is
 * refused. Each pair is linted in every form a module can be reached by (import, type import, side-effect import,
 * re-export of all or of names, import()), from a
 * file at the folder's top and one two folders down, so a rule that holds only at one depth or for one form fails.
 */
const FOLDERS = [
  'pure',
  'core',
  'graph',
  'bc',
  'store',
  'sync-client',
  'fakes',
  'platform',
  'messages',
  'server',
  'taskpane',
  'cli',
  'emulator',
] as const;
type Folder = (typeof FOLDERS)[number];
const ADAPTER_MAY: Folder[] = ['pure', 'core', 'graph', 'bc', 'store', 'sync-client', 'platform', 'messages'];
const MAY_IMPORT: Partial<Record<Folder, readonly Folder[]>> = {
  pure: ['pure'],
  core: ['pure', 'core'],
  graph: ADAPTER_MAY,
  bc: ADAPTER_MAY,
  store: ADAPTER_MAY,
  'sync-client': ADAPTER_MAY,
  taskpane: ['pure', 'core', 'graph', 'bc', 'sync-client', 'platform', 'messages', 'taskpane'],
  emulator: ['pure', 'platform', 'emulator'],
};
/** Refused folders whose types (`import type`, erased from the build) a folder may still import. */
const TYPES_FROM: Partial<Record<Folder, readonly Folder[]>> = { taskpane: ['server'] };

/** One source reaching `target` (a path under src/) in each form, from a file `depth` folders below its top folder. */
function reaching(target: string, depth: number): string {
  const climb = '../'.repeat(depth + 1);
  return [
    `import { a } from '${climb}${target}';`,
    `export * from '${climb}${target}';`,
    `export const b = async () => (await import('${climb}${target}')).c;`,
    `import type { T } from '${climb}${target}';`,
    `import '${climb}${target}';`,
    `export { e } from '${climb}${target}';`,
    'export const d: T = typeof a;',
    '',
  ].join('\n');
}
/** The lines of `reaching`'s source, each one form of reaching the target; line 4 is the type import. */
const EVERY_FORM = [1, 2, 3, 4, 5, 6];
const TYPE_IMPORT_LINE = 4;

// A .tsx file two folders down: a row written for .ts files alone would let a component through.
const fileAt = (folder: Folder, depth: number): string =>
  `src/${folder}/${['deep', 'er'].slice(0, depth).join('/')}${depth > 0 ? '/' : ''}x.${depth > 0 ? 'tsx' : 'ts'}`;

const DIRECTIONS = Object.entries(MAY_IMPORT).flatMap(([from, may]) =>
  FOLDERS.flatMap((to) =>
    [0, 2].map((depth) => ({
      from: from as Folder,
      to,
      depth,
      allowed: may!.includes(to) ? 'all' : TYPES_FROM[from as Folder]?.includes(to) ? 'types' : 'none',
    })),
  ),
);

describe('dependencies point inward: every folder, every target, both ways', () => {
  it.each(DIRECTIONS)(
    '$from (depth $depth) → $to: allowed $allowed',
    async ({ from, to, depth, allowed }) => {
      const lines = await refusedLines(fileAt(from, depth), reaching(`${to}/index.js`, depth));
      // Refused: each form on its own line (but the type import where types may come); allowed: none of them.
      expect(lines).toEqual(
        allowed === 'all' ? [] : EVERY_FORM.filter((l) => allowed === 'none' || l !== TYPE_IMPORT_LINE),
      );
    },
  );

  // The pane runs the engine itself and reaches BC over HTTP through bc's browser-safe entry only: StoreBcContacts
  // (bc/store-bc-contacts.ts) reaches the database, and any other bc module could lead to it.
  it.each([
    ['bc/store-bc-contacts.js', 0],
    ['bc/http-bc-contacts.js', 0],
    ['bc/store-bc-contacts.js', 2],
    ['bc', 2],
  ] as const)('the pane may not reach %s (depth %d), only bc/index.js', async (target, depth) => {
    expect(await refusedLines(fileAt('taskpane', depth), reaching(target, depth))).toEqual(EVERY_FORM);
  });

  it('a climb out and back into the same folder, or through src/, is judged by where it lands', async () => {
    expect(await refusedLines('src/emulator/x.ts', reaching('../src/core/model.js', 0))).toEqual(EVERY_FORM);
    expect(await refusedLines('src/core/filter/x.ts', reaching('core/model.js', 1))).toEqual([]);
    expect(await refusedLines('src/core/filter/x.ts', reaching('platform/model.js', 1))).toEqual(EVERY_FORM);
  });

  it('the table names every top folder of src/ (a new one must be given its row and its column)', () => {
    const folders = readdirSync('src', { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'types') // types: ambient declarations, never imported
      .map((d) => d.name);
    expect([...folders].sort()).toEqual([...FOLDERS].sort());
  });

  it('wiring folders (server, cli) and platform stay free to import adapters and core', async () => {
    expect(await refusedLines('src/server/x.ts', reaching('store/index.js', 0))).toEqual([]);
    expect(await refusedLines('src/cli/doctor/x.ts', reaching('server/index.js', 1))).toEqual([]);
    expect(await refusedLines('src/platform/x.ts', reaching('core/index.js', 0))).toEqual([]);
  });
});
