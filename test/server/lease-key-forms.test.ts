import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Review RV15: a folder's lease is keyed by its name trimmed and case-folded (core/lease.ts
// leaseKeyOf), as every run takes it; the lease routes put a key a caller names under its user
// as sent, so {key: "Business Central"} was granted while a run of "business central" held the
// folder's lease, and fenced nothing that run wrote. A key is now read in the folder key's form.

let f: Facade;
beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template, stateAdmission: true });
});
afterAll(async () => {
  await f.close();
});

async function lease(op: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await f.app.inject({
    method: 'POST',
    url: `/sync/v1/state/lease/${op}`,
    headers: { authorization: f.auth, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return res.statusCode === 204 ? {} : (JSON.parse(res.body) as Record<string, unknown>);
}
const acquire = (key: string, owner: string) =>
  lease('acquire', { key, owner, now: f.clock.now(), ttlMs: 30_000 });

async function userId(): Promise<string> {
  const res = await f.app.inject({ method: 'GET', url: '/sync/v1/me', headers: { authorization: f.auth } });
  return (JSON.parse(res.body) as { userId: string }).userId;
}

/** The folder "Folder <n>" as a caller may name it: each form is the one folder's lease. */
const FORMS: [name: string, form: (folder: string, user: string) => string][] = [
  ['as typed', (folder) => folder],
  ['in capitals', (folder) => folder.toUpperCase()],
  ['with spaces around', (folder) => `  ${folder} `],
  ['under the user, as typed', (folder, user) => `${user}|${folder}`],
  ['under the user, in capitals', (folder, user) => `${user}|${folder.toUpperCase()}`],
];

describe("every form of a folder's name is that folder's one lease", () => {
  test.each(FORMS)('held in its folder key form, asked %s: refused', async (_name, form) => {
    const folder = `Folder ${randomUUID()}`;
    const user = await userId();
    // Held as a run holds it: the folder key's form (trimmed, case-folded).
    expect((await acquire(folder.toLowerCase(), 'run')).ok).toBe(true);
    expect((await acquire(form(folder, user), 'pane-x')).ok).toBe(false);
    await lease('release', { key: folder.toLowerCase(), owner: 'run' });
  });

  test.each(FORMS)('taken %s, then a run asks in the folder key form: refused', async (_name, form) => {
    const folder = `Folder ${randomUUID()}`;
    const user = await userId();
    expect((await acquire(form(folder, user), 'pane-x')).ok).toBe(true);
    expect((await acquire(folder.toLowerCase(), 'run')).ok).toBe(false);
    await lease('release', { key: form(folder, user), owner: 'pane-x' });
  });

  test('the control: another folder is another lease', async () => {
    const folder = `Folder ${randomUUID()}`;
    expect((await acquire(folder.toLowerCase(), 'run')).ok).toBe(true);
    expect((await acquire(`${folder} 2`, 'pane-x')).ok).toBe(true);
    await lease('release', { key: folder.toLowerCase(), owner: 'run' });
    await lease('release', { key: `${folder} 2`, owner: 'pane-x' });
  });
});
