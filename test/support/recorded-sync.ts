import { expect } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/graph-client.js';
import { person } from './world.js';

/** Called before a `$batch` envelope goes out, with its items (a user acting while a run writes). */
type BeforeBatch = (items: readonly string[]) => Promise<void>;

/**
 * BC, the state store and the clock in memory, and a fetch for the mailbox (`emulatedGraph`) that
 * records every Graph request: runs are measured by what they send (graph/delta-echo,
 * graph/full-then-delta), which counts the same on a loaded machine as on a quiet one.
 */
export function recordedSync(userId: string) {
  const clock = new ManualClock();
  const bc = new MemoryBcContacts(clock);
  const store = new MemorySyncStateStore();
  /** Method and path (with query) of every Graph request of the current run, in order. */
  let sent: string[] = [];
  /** Method and URL of every item of those requests that were `$batch` envelopes. */
  let items: string[] = [];
  let runs = 0;
  const hooks: { beforeBatch: BeforeBatch | null } = { beforeBatch: null };

  const fetchRecorded: FetchLike = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    const method = init?.method ?? (typeof input === 'string' ? 'GET' : input.method);
    sent.push(`${method} ${decodeURIComponent(url.pathname + url.search)}`);
    if (url.pathname.endsWith('/$batch') && typeof init?.body === 'string') {
      const batch = JSON.parse(init.body) as { requests: { method: string; url: string }[] };
      const these = batch.requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
      items.push(...these);
      await hooks.beforeBatch?.(these);
    }
    return fetch(input, init);
  };

  /** One run (20 minutes after the last) that must succeed, and the requests it sent. */
  async function sync(mailbox: GraphMailbox, mode: SyncMode) {
    clock.advance(20 * 60_000);
    sent = [];
    items = [];
    const { record, plan } = await runSync(
      { bc, mailbox, store, clock, logger: silentLogger },
      { runId: `run-${++runs}`, userId, mode, dryRun: false, trigger: 'pane' },
    );
    expect(record.errors).toEqual([]);
    expect(record.status).toBe('succeeded');
    return {
      record,
      plan: plan!,
      requests: sent.length,
      deltaPages: [...sent, ...items].filter((r) => r.includes('/delta')),
      /** Pages of the folder's list (GET …/contacts?…$top=…), not the list of its newest changes. */
      listPages: sent.filter((r) => /^GET .*\/contacts\?.*\$top=/.test(r) && !r.includes('$orderby=')),
      /** Contacts read one by one (GET …/contacts/{id}), in `$batch` envelopes. */
      readsById: items.filter((r) => /^GET .*\/contacts\/(?!delta\?)[^/?]+\?/.test(r)),
    };
  }

  /**
   * The first full sync of `n` people seeded in BC into the folder it makes: it writes them all,
   * with no delta page before (the folder is new, so empty), and follows the folder's first round
   * past its own writes (200 a page, linkPastOwnWrites), reading none of them back by id.
   */
  async function firstFullSync(mailbox: GraphMailbox, n: number) {
    for (let i = 1; i <= n; i++) bc.seed(person(i));
    const full = await sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(n);
    expect(full.deltaPages).toHaveLength(Math.max(1, Math.ceil(n / 200)));
    expect(full.readsById).toEqual([]);
    return full;
  }

  return { bc, store, clock, fetch: fetchRecorded, hooks, sync, firstFullSync };
}
