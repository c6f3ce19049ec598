import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

// The folder boundaries in eslint.config.js are the architecture's only enforcement; this proves they hold at every
// folder depth (a rule written for '../graph/*' alone let src/core/filter/*.ts reach '../../graph/*').
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedIn(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.ruleId as string);
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
];

const ambientUse: Array<[string, string]> = [
  ['src/core/x.ts', 'export const now = Date.now();'],
  ['src/core/filter/x.ts', 'export const now = Date.now();'],
  ['src/core/a/b/x.ts', "export const env = process.env['X'];"],
  ['src/core/a/b/x.ts', 'export const t = setTimeout(() => undefined, 1);'],
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
