/**
 * Review of 91ca824: in a group with creates, BC updates whose pair needs no Outlook write go once
 * the creates answered, and nothing in the phases waits for them (WriteSession.behind). One such
 * update answered stale only after the run's Outlook writes (the BC id stamps) have all answered:
 * its pair is read and decided again then, after the phases, and its Outlook write must still go
 * out, be stored, and the run end with it — no hang, nothing lost, and the next delta finds nothing
 * left to write.
 */
import { describe, expect, test } from '@jest/globals';
import type { BcUpdate, OutlookUpdate } from '../../src/core/ports.js';
import { pollUntil } from '../support/poll.js';
import { deltaReady, editedAndNewInOutlook } from '../support/world.js';

describe('a BC update sent after the creates, answered stale after the Outlook phase', () => {
  test('the re-planned pair is written, its link stored, and the next delta writes nothing', async () => {
    const { w } = await deltaReady(30);
    await editedAndNewInOutlook(w);
    const edited = new Set(
      (await w.outlook()).filter((o) => o.jobTitle === 'Edited in Outlook').map((o) => o.bcId),
    );
    const folder = await w.folder();
    // The stamps after the creates answered (the Outlook phase's writes).
    let stamped = false;
    const olUpdate = w.mailbox.update.bind(w.mailbox);
    w.mailbox.update = async (folderId: string, updates: readonly OutlookUpdate[]) => {
      const out = await olUpdate(folderId, updates);
      if (folderId === folder.id) stamped = true;
      return out;
    };
    const bcUpdate = w.bc.update.bind(w.bc);
    let staled = 0;
    w.bc.update = async (updates: readonly BcUpdate[]) => {
      if (staled === 0 && updates.some((u) => edited.has(u.id))) {
        staled = updates.length;
        // Held until the stamps answered; then a BC user edits them just before the update lands.
        await pollUntil('the BC id stamps answered', () => (stamped ? true : undefined), { everyMs: 10 });
        for (const u of updates) w.bc.edit(u.id, { city: 'Changed in BC meanwhile' });
      }
      return bcUpdate(updates);
    };
    const result = await w.sync('delta');
    expect(staled).toBeGreaterThan(0);
    expect(result.record.status).toBe('succeeded');
    const bc = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
    const links = await w.store.listLinks(await w.scope());
    const pairs = (await w.outlook()).filter((o) => edited.has(o.bcId));
    expect(pairs).toHaveLength(edited.size);
    for (const o of pairs) {
      const b = bc.get(o.bcId);
      const link = links.find((l) => l.bcId === o.bcId);
      expect([o.id, o.businessAddress.city, b?.jobTitle, b?.city]).toEqual([
        o.id,
        'Changed in BC meanwhile',
        'Edited in Outlook',
        'Changed in BC meanwhile',
      ]);
      expect([o.id, link?.bcEtag, link?.outlookChangeKey]).toEqual([o.id, b?.etag, o.changeKey]);
    }
    w.later();
    const next = await w.sync('delta');
    expect(next.record.status).toBe('succeeded');
    expect(next.record.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
  });
});
