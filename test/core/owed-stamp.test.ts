import { describe, expect, test } from '@jest/globals';
import { countWrites } from '../../src/core/plan.js';
import { typedInOutlook } from '../support/world.js';

// Found by test/server/crash-hosts.model.test.ts (seed 4711, path 2): a contact typed in Outlook
// is created in BC and its link stored as BC answers; the BC id stamp on the Outlook contact is a
// write after that. When the stamp failed (429, 5xx, a lost answer, the process dying), no run
// wrote it again: the pair was linked and equal on both sides, so every later run found nothing
// to do. The Outlook contact stayed without its BC id for good — the id that re-links it when its
// link is lost (design §2 "Runs") and that tells a crossed link apart (crossed-links.ts). Now a
// linked Outlook contact read without its BC id is stamped (src/core/owed-stamp.ts).

describe('a linked Outlook contact without its BC id stamp gets it at the next run that reads it', () => {
  test.each(['full', 'delta'] as const)(
    'the stamp after an import failed; a %s run then writes it',
    async (mode) => {
      const { w, o } = await typedInOutlook(1);
      w.mailbox.fault = (op) =>
        op === 'update' ? { kind: 'throttled', message: 'Injected 429.', status: 429 } : null;
      await w.sync('full');
      w.mailbox.fault = null;
      const [bc] = await w.bc.listAll();
      const links = await w.store.listLinks(await w.scope());
      expect(links.map((l) => [l.bcId, l.outlookId])).toEqual([[bc!.id, o.id]]);
      expect(w.mailbox.peek(o.id)?.bcId).toBe('');
      // A delta run reads the contact only when it changed: the user edits it.
      if (mode === 'delta') w.mailbox.userEdit(o.id, { jobTitle: 'Buyer' });
      const next = await w.sync(mode === 'delta' ? 'delta' : 'full');
      expect({ status: next.record.status, errors: next.record.errors }).toEqual({
        status: 'succeeded',
        errors: [],
      });
      expect(w.mailbox.peek(o.id)?.bcId).toBe(bc!.id);
      expect(countWrites((await w.sync('full')).plan!)).toBe(0);
    },
  );
});
