/**
 * F131 (tester, MED): Cancel in the pane aborted the run's own end with its Graph and BC requests —
 * the pane's engine gave Cancel's signal to the sync state's client too, so the cancelled record
 * and the lease release never reached the server. The run stayed `running` until its lease expired
 * (~30 s: the pane's next Sync refused "A sync is already running"), ended `interrupted`, and the
 * links of the contacts it had written were lost (re-linked by the next run). Cancel aborts the
 * sides' requests; the state's end writes go out.
 */
import { expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import type { RunRecord } from '../../src/core/records.js';
import { uncertainTotal } from '../../src/core/uncertain-writes.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import type { Json } from '../support/in-process-product.js';
import { paneTokens } from '../support/product-hosts.js';

const USER = 'ann@contoso.com';
const product = openedForTests(() => startInProcessProduct('bcsync-pane-cancel-', USER, { SEED_DEMO: '1' }));

/**
 * One full sync of the pane's engine. With `cancelAfterFirstBatch`, the user clicks Cancel (the
 * signal and the flag together, as the Sync panel does) as soon as Graph answered the run's first
 * `$batch` of Outlook creates: the batches still out are aborted.
 */
async function paneRun(cancelAfterFirstBatch: boolean): Promise<RunRecord | Error> {
  const cancel = new AbortController();
  const { url } = product.server;
  const graphFetch: typeof fetch = async (input, init) => {
    const answer = await fetch(input, init);
    const writes = String(init?.body ?? '').includes('"method":"POST"');
    if (cancelAfterFirstBatch && writes && String(input).endsWith('/$batch')) cancel.abort();
    return answer;
  };
  return runInPane(
    {
      origin: url,
      graphBaseUrl: `${url}/graph/v1.0`,
      tokens: paneTokens(product, USER),
      userId: async () => devUserKey(USER),
      company: async () => ({ id: product.companyId }),
      graphFetch,
    },
    { mode: 'full', dryRun: false },
    () => undefined,
    () => cancel.signal.aborted,
    cancel.signal,
  ).then(
    (r) => r.record,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
}

async function outlookCopies(): Promise<Json[]> {
  const graph = (path: string) => product.api(`/graph/v1.0/me${path}`, {}, product.graphToken);
  const found = await graph(`/contactFolders?$filter=displayName eq 'Business Central'`);
  const id = found.value[0].id as string;
  return (await graph(`/contactFolders/${id}/contacts?$top=1000`)).value as Json[];
}

test('F131: Cancel while the pane writes to Outlook: the run is recorded cancelled at once, the lease is free, nothing is lost', async () => {
  await paneRun(true);
  const { runs } = (await product.api('/sync/v1/runs?limit=1')) as { runs: RunRecord[] };
  // The run's own end reached the server: not `running` until its lease lapses, not `interrupted`.
  expect(runs[0]?.status).toBe('cancelled');
  // What went out is in the record: answered, or sent without an answer (F114).
  const out = runs[0]!.counts.outlook.created + (runs[0]!.uncertain?.outlook.created ?? 0);
  expect(out).toBeGreaterThan(0);

  // Brief cancelkeep: a write sent without an answer may land still; the folder is kept until it
  // can no more (writeSettleMs), and the pane says when the next Sync can start, not "running".
  if (uncertainTotal(runs[0]!.uncertain) > 0) {
    const refused = await paneRun(false);
    expect(refused).toMatchObject({ name: 'RunBusyError', until: expect.any(String) });
    // The window's end on this real clock: let go as the kept lease's expiry would.
    await product.server.ctx.stateStore.releaseLease(
      leaseKeyOf(devUserKey(USER), 'Business Central'),
      runs[0]!.id,
    );
  }
  // The pane's next Sync (at once when nothing was in flight): not refused as "already running".
  const next = await paneRun(false);
  expect(next instanceof Error ? next.message : next.status).toBe('succeeded');
  // One copy per link, besides the demo's Outlook contacts listed as skipped: none written twice,
  // none left unlinked.
  const copies = await outlookCopies();
  const { skipped } = (await product.api('/sync/v1/skipped')) as { skipped: { side: string }[] };
  const links = ((await product.api('/sync/v1/links')) as { links: unknown[] }).links.length;
  expect(links + skipped.filter((s) => s.side === 'outlook').length).toBe(copies.length);
  expect(
    new Set(copies.map((c) => `${String(c.displayName)}|${JSON.stringify(c.emailAddresses)}`)).size,
  ).toBe(copies.length);
});
