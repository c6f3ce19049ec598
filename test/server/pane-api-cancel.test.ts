/**
 * A run of the pane's own engine, cancelled through the sync API (not the pane's Cancel button):
 * `POST /sync/v1/runs/{id}/cancel` answered 202 and the pane went on writing to the end (the run is
 * in no facade's run manager; its row was marked and nothing read the mark). Now the facade's
 * store refuses the run's next save of its `running` record (409 RunCancelRequested), which every
 * write call of the run waits for: the pane stops there and ends `cancelled`. The whole product in
 * this process (facade on loopback, Graph emulator, BC, the SQL store), the engine as the pane
 * runs it (runInPane); the table over every kind of run and place is test/server/run-cancel-kinds.
 */
import { expect, test } from '@jest/globals';
import { IN_TURN_FRESH_MS } from '../../src/core/lease.js';
import type { RunRecord } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import { pollUntil } from '../support/poll.js';
import type { Json } from '../support/in-process-product.js';
import { paneTokens } from '../support/product-hosts.js';

const USER = 'ann@contoso.com';
const product = openedForTests(() =>
  startInProcessProduct('bcsync-pane-api-cancel-', USER, { SEED_DEMO: '1' }),
);

/** A Graph `$batch` that writes (a POST, PATCH or DELETE inside). */
const writesIn = (body: string) => /"method":"(POST|PATCH|DELETE)"/.test(body);

/** The contacts in the sync folder (none before it exists). */
async function outlookCopies(): Promise<Json[]> {
  const graph = (path: string) => product.api(`/graph/v1.0/me${path}`, {}, product.graphToken);
  const found = await graph(`/contactFolders?$filter=displayName eq 'Business Central'`);
  const id = found.value[0]?.id as string | undefined;
  return id ? ((await graph(`/contactFolders/${id}/contacts?$top=1000`)).value as Json[]) : [];
}

test('the pane’s engine cancelled through the sync API at its first Outlook write: no save taken after the answer, no write after the refusal, ends cancelled', async () => {
  const { url } = product.server;
  const before = (await outlookCopies()).length;
  /** What happened, in the order the pane did it. */
  const events: string[] = [];
  let cancelAnswer: number | null = null;
  let cancelling: Promise<void> | null = null;
  let planned = 0;
  const graphFetch: typeof fetch = async (input, init) => {
    const body = String(init?.body ?? '');
    if (String(input).endsWith('/$batch') && writesIn(body)) {
      // A request sent with Cancel's signal already aborted never leaves the browser.
      if (init?.signal?.aborted) return fetch(input, init);
      events.push('graph write');
      // The first write: another client cancels the run while it is on its way (a write sent
      // meanwhile by the other lane was announced before: it goes out too).
      // That write is then held past IN_TURN_FRESH_MS: the call's next envelope, asked in its turn,
      // saves the record first (lease-keeper.ts; one sooner than that after the run's last save
      // goes on the lease's check only, README "Cancelling a run").
      cancelling ??= (async () => {
        const { runs } = (await product.api('/sync/v1/runs?limit=1')) as { runs: RunRecord[] };
        const answer = await product.request(`/sync/v1/runs/${runs[0]!.id}/cancel`, { method: 'POST' });
        cancelAnswer = answer.status;
        events.push('cancel answered');
        // At least this long (longer never changes the outcome): the pane's engine runs on the
        // browser's clock, which no test can move.
        const until = Date.now() + IN_TURN_FRESH_MS + 200;
        await pollUntil('the in-turn bound past', () => (Date.now() >= until ? true : undefined), {
          everyMs: 50,
        });
      })();
      await cancelling;
    }
    return fetch(input, init);
  };
  // The sync API's answers to the run's saves of its record, in order.
  const facadeFetch: typeof fetch = async (input, init) => {
    // Sent after the cancel's answer: a save the store must refuse (one sent before may be taken).
    const late = cancelAnswer !== null;
    const answer = await fetch(input, init);
    const method = init?.method ?? 'GET';
    if (late && /\/api\/v2\.0\//.test(String(input)) && method !== 'GET') events.push('late bc write');
    if (method === 'PUT' && /\/sync\/v1\/state\/runs\//.test(String(input))) {
      const status = (JSON.parse(String(init?.body)) as RunRecord).status;
      if (status === 'running')
        events.push(answer.ok ? (late ? 'late save taken' : 'save taken') : `save refused ${answer.status}`);
    }
    return answer;
  };
  // The pane's Cancel controller (pane-runner.ts): a cancel the facade made known aborts it too.
  const abort = new AbortController();
  const outcome = await runInPane(
    {
      origin: url,
      graphBaseUrl: `${url}/graph/v1.0`,
      tokens: paneTokens(product, USER),
      userId: async () => devUserKey(USER),
      company: async () => ({ id: product.companyId }),
      fetch: facadeFetch,
      graphFetch,
    },
    { mode: 'full', dryRun: false },
    (e) => {
      if (e.phase === 'outlook') planned = Math.max(planned, e.total);
    },
    () => abort.signal.aborted,
    abort.signal,
    () => abort.abort(),
  ).then(
    (r) => r.record,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  // The plan had Outlook writes left to stop.
  expect(planned).toBeGreaterThan(0);
  expect(outcome instanceof Error ? outcome.message : outcome.status).toBe('cancelled');
  const record = outcome as RunRecord;
  expect(cancelAnswer).toBe(202);
  const answered = events.indexOf('cancel answered');
  const refused = events.indexOf('save refused 409');
  // After the answer no save of the running record is taken, and after the first refusal the
  // pane's engine sends no Outlook write.
  expect(answered).toBeGreaterThan(0);
  expect(events.filter((e) => e.startsWith('late'))).toEqual([]);
  expect(refused).toBeGreaterThan(answered);
  expect(events.slice(refused).filter((e) => e === 'graph write')).toEqual([]);
  // Stored as it ended; the write out at the cancel is accounted (answered, or sent without an
  // answer: F114), and none of the plan's Outlook creates went out.
  const stored = (await product.api(`/sync/v1/runs/${record.id}`)) as Json;
  expect(stored.status).toBe('cancelled');
  const out = (side: 'bc' | 'outlook') =>
    Object.values(record.counts[side]).reduce((n, c) => n + c, 0) +
    Object.values(record.uncertain?.[side] ?? {}).reduce((n, c) => n + c, 0);
  expect(out('outlook')).toBeGreaterThan(0);
  // A create call the cancel aborted at the emulator may have landed: counted uncertain (F114).
  const copies = (await outlookCopies()).length - before;
  expect(copies).toBeGreaterThanOrEqual(record.counts.outlook.created);
  expect(copies).toBeLessThanOrEqual(
    record.counts.outlook.created + (record.uncertain?.outlook.created ?? 0),
  );
  expect(record.counts.outlook.created + (record.uncertain?.outlook.created ?? 0)).toBeLessThan(planned);
});
