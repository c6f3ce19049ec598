/**
 * F105: a run whose lease lapsed while a write was on its way (every renewal unanswered, or
 * answered "taken") wrote on and saved its cursor 62 s after another host had taken the folder,
 * ending "Succeeded". The kind: a run that goes on committing after it can no longer know it holds
 * the folder. Now the keeper counts a renewal unanswered for a whole TTL as a lost lease, and the
 * run confirms its lease before it moves the cursor: it ends `leaseLost` and leaves the cursor
 * where it was, so the run that holds the folder reads those changes again.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { LEASE_HEARTBEAT_MS, LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { runSync } from '../../src/core/run.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { World, USER, person } from '../support/world.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { runErrorText } from '../../src/messages/run-error-words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { manualTicker } from '../support/manual-ticker.js';
import { heldCreates } from '../support/held-creates.js';

type Renewal = 'answered' | 'unanswered' | 'taken';

/** The store with its renewals answered, unanswered (a network that drops them) or refused. */
function renewing(store: SyncStateStore, how: () => Renewal): SyncStateStore {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'renewLease' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const mode = how();
        if (mode === 'unanswered') throw new Error('fetch failed: the renewal was aborted');
        if (mode === 'taken') return false;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function scenario(renewal: Renewal) {
  const w = new World();
  for (let n = 1; n <= 3; n++) w.bc.seed(person(n));
  const { ticker, fire } = manualTicker();
  const held = heldCreates(w.mailbox);
  let mode: Renewal = 'answered';
  const running = runSync(
    {
      bc: w.bc,
      mailbox: held.port,
      store: renewing(w.store, () => mode),
      clock: w.clock,
      logger: silentLogger,
      ticker,
    },
    { runId: 'run-pane', userId: USER, mode: 'full', dryRun: false, trigger: 'pane' },
  );
  await held.entered;
  mode = renewal;
  // The write waits past the TTL while the host's heartbeat fires every 10 s, and past the write
  // settle of the last save that counted it out (store/announced-keep.ts: till then no host takes the
  // folder, the write may still land): 120 s, past 30 s + 65 s (unanswered) and 10 s + 65 s (taken).
  for (let t = 0; t < 12; t++) {
    w.clock.advance(LEASE_HEARTBEAT_MS);
    await fire();
  }
  // Another host takes the folder once the lease has lapsed, as the facade allows.
  const other = await w.store.acquireLease(
    leaseKeyOf(USER, 'Business Central'),
    'run-other',
    w.clock.now(),
    LEASE_TTL_MS,
  );
  held.release();
  // A failed run records its end, then throws (runSync's contract).
  const thrown = await running.then(
    () => null,
    (e: unknown) => e,
  );
  const record = (await w.store.getRun(USER, 'run-pane'))!;
  const folder = w.mailbox.folderByName('Business Central')!;
  const cursor = await w.store.getCursor({ userId: USER, folderId: folder.id });
  return { record, other, cursor, thrown };
}

describe('a run that lost its lease commits no cursor (F105)', () => {
  test.each<[Renewal]>([['unanswered'], ['taken']])(
    'renewals %s for longer than the TTL while a write is held: leaseLost, cursor not moved',
    async (renewal) => {
      const { record, other, cursor, thrown } = await scenario(renewal);
      expect(other.ok).toBe(true);
      expect(thrown).toBeInstanceOf(LeaseLostError);
      expect(record.status).not.toBe('succeeded');
      expect(record.errors.at(-1)?.code).toBe('leaseLost');
      expect(cursor).toBeNull();
    },
  );

  // Attack F2 (2026-12-07): a renewal whose answer was lost ended the run "Another sync took over
  // this folder" though none did. The record says which it was, and the words follow it.
  test.each<[Renewal, Record<string, unknown> | undefined]>([
    ['unanswered', { cause: 'unanswered', seconds: LEASE_TTL_MS / 1000 }],
    ['taken', undefined],
  ])('renewals %s: the record names that cause, in every language', async (renewal, params) => {
    const { record } = await scenario(renewal);
    const last = record.errors.at(-1)!;
    expect(last.params).toEqual(params);
    const texts = LANGS.map((lang) => runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), last));
    const takenOver = LANGS.map((lang) =>
      runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), { ...last, params: undefined }),
    );
    if (renewal === 'taken') expect(texts).toEqual(takenOver);
    else
      texts.forEach((t, i) => {
        expect(t).not.toBe(takenOver[i]);
        expect(t).toContain(String(LEASE_TTL_MS / 1000));
      });
  });

  test('control: renewals answered, the lease is kept, the other host is refused, the run commits', async () => {
    const { record, other, cursor, thrown } = await scenario('answered');
    expect(thrown).toBeNull();
    expect(other.ok).toBe(false);
    expect(record.status).toBe('succeeded');
    expect(cursor).not.toBeNull();
  });
});
