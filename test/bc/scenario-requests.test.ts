import { beforeAll, describe, expect, test } from '@jest/globals';
import type { BcContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { useCountedWorld } from '../support/counted-world.js';
import { outlookPerson } from '../support/world.js';

// Issue 12 §1: a run's requests follow the changes divided by a page or batch, on both sides —
// no remote call per contact. Counted per scenario over the facade's BC API and the Graph emulator
// (requests, not time), at two sizes of change ten times apart.

const USER = { oid: '5b0c6f1e-3333-4000-8000-00000000ec41', upn: 'count@contoso.test' };
const N = 400;
/** BC reads a delta makes whatever changed: its change-tracking page, countriesRegions, lookups by id and by e-mail. */
const BC_READS = 4;
/** Envelopes one write call is spread over at most (HttpBcContacts: four in flight) below 400 writes. */
const ENVELOPES = 4;

const w = useCountedWorld(USER);
let folderId = '';
let bcContacts: BcContact[] = [];

beforeAll(async () => {
  const made = await w.bc.create(Array.from({ length: N }, (_, i) => bcDraft(i + 1)));
  bcContacts = made.flatMap((m) => (m.ok ? [m.value] : []));
  await w.sync('full');
  await w.sync('delta');
  folderId = (await w.mailbox.ensureFolder('Business Central')).id;
});

const pages = (n: number, per: number) => Math.ceil(n / per);

describe('requests per scenario follow the changes per page, not the changes (issue 12 §1)', () => {
  test.each([10, 100])('delta with %i Outlook changes (half new, half edited)', async (changes) => {
    const half = changes / 2;
    const outlook = (await w.mailbox.listContacts(folderId)).slice(0, half);
    const edits = await w.mailbox.update(
      folderId,
      outlook.map((o) => ({
        id: o.id,
        changeKey: o.changeKey,
        patch: { displayName: o.displayName, jobTitle: `Edited ${changes}` },
      })),
    );
    expect(edits.every((e) => e.ok)).toBe(true);
    const created = await w.mailbox.create(
      folderId,
      Array.from({ length: half }, (_, i) => outlookPerson(1000 * changes + i)),
    );
    expect(created.every((c) => c.ok)).toBe(true);

    const run = await w.sync('delta');

    expect(run.record.counts.bc).toMatchObject({ created: half, updated: half });
    // Was one BC request per contact written (5 + changes).
    // Plus one look-up $batch per group of creates: a run looks its drafts' E-Mails up again under the
    // company's create turn (F61, 5f3e561) — per group of 20, not per contact.
    expect(run.bc.length).toBeLessThanOrEqual(BC_READS + 2 * ENVELOPES + pages(half, 20));
    expect(run.bc.filter((r) => r.startsWith('PATCH') || r.endsWith('/contacts'))).toEqual([]);
    // Folder, one delta page, then $batches of 20 items: at most a read and a write per contact
    // (a group of the executor may leave one envelope part-filled).
    expect(run.graph.length).toBeLessThanOrEqual(3 + pages(2 * changes, 20));
  });

  test.each([10, 100])('delta with %i BC changes', async (changes) => {
    const edited = bcContacts.slice(0, changes);
    const stamps = await w.bc.getMany(edited.map((c) => c.id));
    const out = await w.bc.update(
      stamps.map((c) => ({ id: c.id, etag: c.etag, patch: { city: `City ${changes}` } })),
    );
    expect(out.every((o) => o.ok)).toBe(true);

    const run = await w.sync('delta');

    expect(run.record.counts.outlook.updated).toBe(changes);
    expect(run.bc.length).toBeLessThanOrEqual(BC_READS);
    expect(run.graph.length).toBeLessThanOrEqual(3 + pages(2 * changes, 20));
  });
});
