import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../support/in-process-product.js';

/**
 * `npm start` with a configuration a deployment gets wrong: exit code 2 and one line on stderr
 * saying which variable and what it must be (design §4), before anything listens or is written.
 */
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bcsync-start-refusal-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRA = {
  AUTH_MODE: 'entra',
  ENTRA_API_AUDIENCE: 'api://contacts.contoso.test/sync',
};

const start = (env: NodeJS.ProcessEnv) =>
  runCli(['start'], { DATA_DIR: dir, HTTPS: '0', PANE_BUILD: '0', SCHEDULER: '0', PORT: '0', ...env });

describe('bc-contact-sync start refuses a bad configuration in one line', () => {
  // F44: a domain name was accepted, and then no token ever verified (tokens name the tenant by id).
  test.each([
    ['a verified domain instead of the tenant id', 'contoso.onmicrosoft.com'],
    ['"common"', 'common'],
    ['a GUID with a letter too many', '72f988bf-86f1-41af-91ab-2d7cd011db47x'],
  ])('ENTRA_TENANT_ID: %s', async (_name, tenant) => {
    const r = await start({ ...ENTRA, ENTRA_TENANT_ID: tenant });
    expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
      code: 2,
      stdout: '',
      lines: [
        `configuration: ENTRA_TENANT_ID=${tenant}: expected the directory (tenant) id, a GUID (Entra admin center → Overview), not a domain name.`,
      ],
    });
  });
});
