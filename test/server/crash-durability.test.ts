import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';
import { pollUntil } from '../support/poll.js';
import { ProductProcesses, facadeFetch } from '../support/product-process.js';
import { freshDataDir } from '../support/quiet-server.js';

// Issue 9 §4, as it was seen: the embedded emulator saved its mailboxes every 5 s while links
// committed at once, so a SIGKILL right after a sync left Outlook holding old values that the next
// full sync wrote back into BC. Now every acknowledged Graph write is journaled before the answer.

const USER = 'ann@contoso.com';
const product = new ProductProcesses();
const start = (dir: string) => product.start(dir);
const killed = (child: ChildProcess) => product.stop(child, 'SIGKILL');

function cliSync(dir: string, mode: 'delta' | 'full'): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/bc-contact-sync.js', 'sync', '--user', USER, '--mode', mode],
      {
        env: { ...process.env, DATA_DIR: dir, HTTPS: '0', SCHEDULER: '0', LOG_LEVEL: 'silent' },
        timeout: 600_000,
      },
      (error, stdout, stderr) => {
        try {
          resolve((JSON.parse(stdout) as { record: RunRecord }).record);
        } catch {
          reject(new Error(`CLI failed (${error?.message}): ${stderr}`));
        }
      },
    );
  });
}

afterAll(() => product.killAll());

describe('SIGKILL of npm start right after a sync', () => {
  let dir = '';
  beforeAll(async () => void (dir = await freshDataDir('bcsync-crash-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the next full sync writes nothing back to BC', async () => {
    let { child, url } = await start(dir);
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await facadeFetch(url, USER, path, init);
      return (await res.json()) as Record<string, unknown> & { value: Record<string, unknown>[] };
    };
    expect(await cliSync(dir, 'full')).toMatchObject({ status: 'succeeded' });

    // Many BC edits, carried to Outlook by a delta sync; then the server dies at once.
    const companyId = (await api('/api/v2.0/companies')).value[0]!.id as string;
    const people = (await api(`/api/v2.0/companies(${companyId})/contacts?$filter=type eq 'Person'&$top=40`))
      .value;
    for (const [i, c] of people.entries()) {
      await api(`/api/v2.0/companies(${companyId})/contacts(${c.id as string})`, {
        method: 'PATCH',
        headers: { 'if-match': c['@odata.etag'] as string },
        body: JSON.stringify({ jobTitle: `Title after crash test ${i}` }),
      });
    }
    const delta = await cliSync(dir, 'delta');
    expect(delta.status).toBe('succeeded');
    expect(delta.counts.outlook.updated).toBeGreaterThan(20);
    await killed(child);

    // The delta's end was not on disk yet (what this test is about): the store saw it mid-write,
    // its writes unanswered, so the folder is kept until they can no more land (its last
    // checkpoint + the settle, audit 1) and the next sync is refused until then with the time.
    // The restarted server's settle is 8 s (3 s timeouts): the sync is asked again until the keep
    // ends (through poll.ts: no sleep, and no parsing of the refusal's words).
    ({ child, url } = await product.start(dir, { GRAPH_TIMEOUT_MS: '3000', BC_TIMEOUT_MS: '3000' }));
    let refusal = '';
    const after = await pollUntil(
      'a full sync once the kept folder frees',
      () =>
        cliSync(dir, 'full').catch((e: unknown) => {
          refusal = String(e);
          return undefined;
        }),
      { everyMs: 1_000, boundMs: 120_000, state: () => refusal },
    );
    expect(after.status).toBe('succeeded');
    expect(after.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    await killed(child);
  });

  test('the CLI sees the killed server’s stale server.json and runs in-process', async () => {
    expect(existsSync(join(dir, 'server.json'))).toBe(true);
    const record = await cliSync(dir, 'delta');
    expect(record).toMatchObject({ status: 'succeeded', trigger: 'cli' });
  });
});
