import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_WRITE_SETTLE_MS, LEASE_TTL_MS, announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import { uncertainTotal } from '../../src/core/uncertain-writes.js';
import type { RunRecord } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { openStore } from '../../src/store/open-store.js';
import { pollUntil } from '../support/poll.js';
import { ProductProcesses, facadeFetch } from '../support/product-process.js';
import { freshDataDir } from '../support/quiet-server.js';

// Issue 9 §4 with real processes: `npm start` killed mid-run (SIGKILL) or stopped with Ctrl+C
// (SIGINT) leaves no run `running` and no lease blocking the user.
const USER = 'ann@contoso.com';
const product = new ProductProcesses();
afterAll(() => product.killAll());

type Run = RunRecord & { active?: boolean; progress?: unknown };

function client(url: string, adminToken: string) {
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await facadeFetch(url, USER, path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    api,
    /** Every Graph request of the embedded emulator answers this much later: runs take a while. */
    slowGraph: async (fixedMs: number) => {
      const res = await fetch(`${url}/_emulator/config`, {
        method: 'PUT',
        headers: { 'x-admin-token': adminToken, 'content-type': 'application/json' },
        body: JSON.stringify({ latency: { fixedMs, jitterMs: 0 } }),
      });
      expect(res.status).toBe(200);
    },
    /** Starts a run and resolves once it writes to Outlook (its progress shows that phase). */
    runUntilOutlookWrites: async (mode: 'full' | 'delta'): Promise<string> => {
      const started = await api('/sync/v1/runs', { method: 'POST', body: JSON.stringify({ mode }) });
      expect(started.status).toBe(202);
      const id = (started.body.run as { id: string }).id;
      // A bounded poll (test/support/poll): the emulator's latency keeps the run going for seconds.
      return pollUntil(`Outlook writes of run ${id}`, async () => {
        const run = (await api(`/sync/v1/runs/${id}`)).body as {
          status: string;
          progress: { outlook?: unknown };
        };
        if (run.status !== 'running') throw new Error(`the run ended ${run.status} before it was stopped`);
        return run.progress.outlook ? id : undefined;
      });
    },
  };
}

describe('npm start stopped mid-run', () => {
  let dir = '';
  beforeAll(async () => void (dir = await freshDataDir('bcsync-interrupt-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let child: ChildProcess;
  let killedRun = '';

  test('SIGKILL: the dead process’s lease is taken over once its writes can no more land; the restarted server shows the run interrupted with its progress before any next run (F11)', async () => {
    const a = await product.start(dir);
    child = a.child;
    const c = client(a.url, a.adminToken);
    await c.slowGraph(300);
    killedRun = await c.runUntilOutlookWrites('full');
    const killedAt = new Date().toISOString();
    await product.stop(child, 'SIGKILL');

    // Well inside the lease's TTL (`now` is the moment of the kill): only the dead holder frees it.
    const store = await openStore({ dataDir: join(dir, 'pglite') });
    try {
      const key = leaseKeyOf(devUserKey(USER), 'Business Central');
      const stored = await store.stateStore.getRun(devUserKey(USER), killedRun);
      // Killed with Outlook writes sent and unanswered, it keeps the folder until they can no more
      // land (its last checkpoint + the settle + the fresh window a write may go out in after it,
      // announcedKeepMs; audit 1), then frees it; between writes at once.
      const keptUntil =
        uncertainTotal(stored?.uncertain) > 0
          ? new Date(
              Date.parse(stored!.startedAt) + stored!.durationMs + announcedKeepMs(DEFAULT_WRITE_SETTLE_MS),
            ).toISOString()
          : null;
      if (keptUntil !== null)
        expect(await store.stateStore.acquireLease(key, 'probe', killedAt, LEASE_TTL_MS)).toMatchObject({
          ok: false,
          heldBy: { expiresAt: keptUntil },
        });
      expect(await store.stateStore.acquireLease(key, 'probe', keptUntil ?? killedAt, LEASE_TTL_MS)).toEqual({
        ok: true,
      });
      await store.stateStore.releaseLease(key, 'probe');
      // Saved before its first write: how far it got is in the record.
      // Planning ended (its last step: done = total) before the first write.
      expect(stored).toMatchObject({ status: 'running' });
      const planned = stored?.progress?.find((p) => p.phase === 'planning');
      expect(planned && planned.done === planned.total && planned.total > 0).toBe(true);
    } finally {
      await store.close();
    }

    const b = await product.start(dir);
    child = b.child;
    // Known at start-up: the run is interrupted at once — when that became known (after the kill),
    // how far it got (its saved progress, per phase as a live run shows it) — no next run needed.
    const restarted = await client(b.url, b.adminToken).api(`/sync/v1/runs/${killedRun}`);
    expect(restarted.body).toMatchObject({
      status: 'interrupted',
      active: false,
      progress: { planning: expect.objectContaining({ phase: 'planning' }) },
      errors: [expect.objectContaining({ side: 'run', message: expect.stringContaining('process stopped') })],
    });
    expect(Date.parse(String(restarted.body.finishedAt))).toBeGreaterThanOrEqual(Date.parse(killedAt));
    expect(Date.parse(String(restarted.body.finishedAt))).toBeLessThanOrEqual(Date.now());
    const next = await client(b.url, b.adminToken).api('/sync/v1/runs', {
      method: 'POST',
      body: JSON.stringify({ mode: 'full' }),
    });
    expect(next.status).toBe(202);
    const runs = (await client(b.url, b.adminToken).api('/sync/v1/runs')).body.runs as Run[];
    expect(runs.find((r) => r.id === killedRun)).toMatchObject({
      status: 'interrupted',
      finishedAt: expect.any(String),
      progress: expect.arrayContaining([expect.objectContaining({ phase: 'reading', done: 2, total: 2 })]),
    });
  });

  test('SIGINT (Ctrl+C): the run in flight is recorded interrupted, the process exits 0', async () => {
    const b = client(...(await announced()));
    // Let the run B started end, then give the next one Outlook writes to do.
    await pollUntil(
      'end of the run B started',
      async () =>
        ((await b.api('/sync/v1/runs')).body.runs as Run[]).some((r) => r.status === 'running')
          ? undefined
          : true,
      { everyMs: 200 },
    );
    const companyId = ((await b.api('/api/v2.0/companies')).body.value as { id: string }[])[0]!.id;
    const people = (
      await b.api(`/api/v2.0/companies(${companyId})/contacts?$filter=type eq 'Person'&$top=60`)
    ).body.value as { id: string; '@odata.etag': string }[];
    for (const [i, p] of people.entries())
      await b.api(`/api/v2.0/companies(${companyId})/contacts(${p.id})`, {
        method: 'PATCH',
        headers: { 'if-match': p['@odata.etag'] },
        body: JSON.stringify({ jobTitle: `Title before Ctrl+C ${i}` }),
      });
    await b.slowGraph(300);
    const id = await b.runUntilOutlookWrites('delta');
    expect(await product.stop(child, 'SIGINT')).toBe(0);

    const store = await openStore({ dataDir: join(dir, 'pglite') });
    try {
      const stopped = await store.stateStore.getRun(devUserKey(USER), id);
      expect(stopped).toMatchObject({
        status: 'interrupted',
        errors: [{ side: 'run', id, code: 'interrupted', params: { by: 'shutdown' } }],
      });
      // Its lease went with it, or, with writes sent and unanswered, was kept until they can no
      // more land (cancelkeep a841f5d5): the exited process does not free it earlier (audit 1).
      const key = leaseKeyOf(devUserKey(USER), 'Business Central');
      const now = new Date().toISOString();
      const got = await store.stateStore.acquireLease(key, 'probe', now, LEASE_TTL_MS);
      if (uncertainTotal(stopped?.uncertain) > 0) {
        if (got.ok) throw new Error('a shutdown with writes in flight let go of its lease');
        const until = Date.parse(got.heldBy.expiresAt);
        expect(until).toBeLessThanOrEqual(
          Date.parse(stopped!.finishedAt!) + announcedKeepMs(DEFAULT_WRITE_SETTLE_MS),
        );
        expect(await store.stateStore.acquireLease(key, 'probe', got.heldBy.expiresAt, LEASE_TTL_MS)).toEqual(
          {
            ok: true,
          },
        );
      } else expect(got).toEqual({ ok: true });
    } finally {
      await store.close();
    }
  });

  async function announced(): Promise<[string, string]> {
    const s = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as {
      url: string;
      adminToken: string;
    };
    return [s.url, s.adminToken];
  }
});
