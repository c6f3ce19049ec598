import { describe, expect, test } from '@jest/globals';
import type { OutlookContactDraft } from '../../src/core/model.js';
import { World, person } from '../support/world.js';

/*
 * An Outlook create whose answer was lost, then BC deletes the contact before the next run (brief
 * lostcreate item 2; design §2 Deletions). The copy is ours (the pending entry names its BC id):
 * unchanged, it goes with its BC contact; edited, it stays beside a deletedInBc conflict naming
 * what the user changed — found per field from the values sent (the entry's per-field digests),
 * where before an empty base named every field the copy holds. A field the user only cleared
 * cannot be told from one sent empty once BC's contact is gone: the copy is kept all the same.
 */

type Edit = { name: string; patch: Partial<OutlookContactDraft>; named: string[] | null };

const EDITS: Edit[] = [
  { name: 'none', patch: {}, named: null },
  { name: 'title', patch: { jobTitle: 'ol edit' }, named: ['jobTitle'] },
  {
    name: 'e-mail',
    patch: { emailAddresses: [{ address: 'moved@fabrikam.com', name: '' }] },
    named: ['email'],
  },
  { name: 'mobile added', patch: { mobilePhone: '+45 77' }, named: ['mobilePhoneNumber'] },
  {
    name: 'title and city',
    patch: {
      jobTitle: 'ol edit',
      businessAddress: {
        street: 'Road 1\r\nFl 2',
        city: 'Oslo',
        state: '',
        postalCode: '',
        countryOrRegion: 'DK',
      },
    },
    named: ['jobTitle', 'city'],
  },
  // Cleared: kept, the record naming every field the copy holds (the sent value is unknown).
  {
    name: 'city cleared',
    patch: {
      businessAddress: {
        street: 'Road 1\r\nFl 2',
        city: '',
        state: '',
        postalCode: '',
        countryOrRegion: 'DK',
      },
    },
    named: [],
  },
];

describe('an Outlook create whose answer was lost, its BC contact deleted before the next run', () => {
  test.each(EDITS.flatMap((e) => (['delta', 'full'] as const).map((mode) => ({ ...e, mode }))))(
    'copy $name, $mode run',
    async ({ patch, named, mode }) => {
      const w = new World();
      await w.settings({ massDeleteShare: 1 });
      w.bc.seed(person(9));
      expect((await w.sync('full')).record.status).toBe('succeeded');
      w.later();
      const seed = { jobTitle: 'first title', addressLine1: 'Road 1', addressLine2: 'Fl 2', country: 'DK' };
      const a = w.bc.seed(person(1, seed));
      w.mailbox.fault = (op) => (op === 'create' ? 'lostResponse' : null);
      expect((await w.sync('delta', { trigger: 'pane' })).record.status).not.toBe('succeeded');
      w.mailbox.fault = null;
      w.later();
      w.bc.remove(a.id);
      const copy = (await w.outlookByBcId(a.id))!;
      if (Object.keys(patch).length > 0) w.mailbox.userEdit(copy.id, patch);
      const next = await w.sync(mode, { trigger: 'schedule' });
      expect({ status: next.record.status, errors: next.record.errors }).toEqual({
        status: 'succeeded',
        errors: [],
      });
      const kept = (await w.outlook()).some((o) => o.id === copy.id);
      const conflicts = await w.store.listConflicts(await w.scope());
      if (named === null) {
        expect({ kept, conflicts: conflicts.length }).toEqual({ kept: false, conflicts: 0 });
        return;
      }
      expect({ kept, kinds: conflicts.map((c) => c.record.kind) }).toEqual({
        kept: true,
        kinds: ['deletedInBc'],
      });
      const fields = conflicts[0]!.record.fields.map((f) => f.field);
      if (named.length > 0) expect(fields).toEqual(named);
      else expect(fields.length).toBeGreaterThan(1);
    },
  );
});
