import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { RunRecord } from '../../src/core/records.js';

// Issue 9 §4, as it was seen: the embedded emulator saved its mailboxes every 5 s while links
// committed at once, so a SIGKILL right after a sync left Outlook holding old values that the next
// full sync wrote back into BC. Now every acknowledged Graph write is journaled before the answer.

const USER = 'ann@contoso.com';
const children: ChildProcess[] = [];

/** `npm start` as a process of its own; resolves with its URL once it announced itself. */
function start(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/bc-contact-sync.js', 'start'], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: '0',
      HTTPS: '0',
      SCHEDULER: '0',
      PANE_BUILD: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The banner is printed after server.json is written.
      if (existsSync(join(dir, 'server.json'))) {
        const { url } = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as { url: string };
        resolve({ child, url });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function cliSync(dir: string, mode: 'delta' | 'full'): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/bc-contact-sync.js', 'sync', '--user', USER, '--mode', mode],
      {
        env: { ...process.env, DATA_DIR: dir, HTTPS: '0', SCHEDULER: '0', LOG_LEVEL: 'silent' },
        timeout: 300_000,
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

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('SIGKILL of npm start right after a sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcsync-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the next full sync writes nothing back to BC', async () => {
    let { child, url } = await start(dir);
    const token = async () =>
      (
        (await (await fetch(`${url}/dev/token?user=${USER}&audience=facade`)).json()) as {
          access_token: string;
        }
      ).access_token;
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${await token()}`,
          'content-type': 'application/json',
          ...(init.headers ?? {}),
        },
      });
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

    ({ child, url } = await start(dir));
    const after = await cliSync(dir, 'full');
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
