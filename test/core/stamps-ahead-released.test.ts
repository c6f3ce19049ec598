/**
 * Review of fb141a7 (BC id stamps counted ahead with their creates, F114): the paths its own tests
 * leave out, where a stamp counted ahead never goes out and must stop counting — the run was
 * cancelled once BC's creates answered (the Outlook phase never started: UpdatesAhead.releaseAll),
 * and a create kept back under the turn because BC gained its E-Mail meanwhile (createdElsewhere).
 * A record left saying "5 Outlook updates may have landed" sends the next sync to check writes that
 * were never made.
 */
import { describe, expect, test } from '@jest/globals';
import { createTurnKey } from '../../src/core/lease.js';
import type { BcContactDraft } from '../../src/core/ports.js';
import { deltaReady, outlookPerson, person } from '../support/world.js';

async function fiveNew() {
  const { w } = await deltaReady(10);
  const folder = await w.folder();
  for (let i = 1; i <= 5; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
  return w;
}

describe('BC id stamps counted ahead that never go out (F114, fb141a7)', () => {
  test('the run is cancelled once the creates answered: no stamp left counted', async () => {
    const w = await fiveNew();
    let cancelled = false;
    const create = w.bc.create.bind(w.bc);
    w.bc.create = async (drafts: readonly BcContactDraft[]) => {
      const out = await create(drafts);
      cancelled = true;
      return out;
    };
    const { record } = await w.sync('delta', { hooks: { cancel: { isCancelled: () => cancelled } } });
    expect(cancelled).toBe(true);
    expect(record.status).toBe('cancelled');
    expect(record.counts.bc.created).toBe(5);
    // Not one stamp went out.
    expect((await w.outlook()).filter((o) => o.bcId === '')).toHaveLength(5);
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
  });

  test('a create kept back (BC gained its E-Mail before the look-up): its stamp stops counting', async () => {
    const w = await fiveNew();
    // A colleague holds the turn while the run reads (so the run looks the e-mails up outside it,
    // turn-ahead.ts) and lets it go as the run plans; the look-up under the turn comes after.
    const turnKey = createTurnKey(w.bc.companyId);
    await w.store.acquireLease(turnKey, 'colleague', w.clock.now(), 3_600_000);
    let turn = false;
    const acquire = w.store.acquireLease.bind(w.store);
    w.store.acquireLease = async (key, owner, ...rest) => {
      const got = await acquire(key, owner, ...rest);
      if (key === turnKey && got.ok) turn = true;
      return got;
    };
    const find = w.bc.findByEmails.bind(w.bc);
    let gained = false;
    w.bc.findByEmails = async (emails: readonly string[]) => {
      if (turn && !gained) {
        gained = true;
        // Another creator made Outlook 1's contact in BC since this run read BC.
        w.bc.seed(person(901, { email: 'outlook1@fabrikam.com' }));
      }
      return find(emails);
    };
    const onProgress = (e: { phase: string }) => {
      if (e.phase === 'planning') void w.store.releaseLease(turnKey, 'colleague');
    };
    const { record } = await w.sync('delta', { hooks: { onProgress } });
    expect(gained).toBe(true);
    expect(record.counts.bc.created).toBe(4);
    expect(record.deferred).toEqual({ createTurnBusy: 0, createdElsewhere: 1 });
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
  });
});
