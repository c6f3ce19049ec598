import { describe, expect, test } from '@jest/globals';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// F71 over the sync API, as the tester met it: a value BC took after the conflict was shown is
// neither overwritten nor hidden; the refusal is 409 ChangedSinceShown with the failure as data.

const h = useSyncHarness();

describe('POST /conflicts/{bcId}/resolve after the other side changed again (F71)', () => {
  test('409 ChangedSinceShown, nothing written, GET /conflicts shows the newer value; choosing again works', async () => {
    const user = userOf('unseen@contoso.com');
    await putManualFolder(h, user, 'Unseen', 'Turku');
    const bcId = h.bc.seed(person(1, { city: 'Turku' })).id;
    expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
    const ol = outlookIn(h, user, 'Unseen').find((c) => c.bcId === bcId)!;
    h.bc.edit(bcId, { jobTitle: 'A-bc' });
    h.mailbox(user).userEdit(ol.id, { jobTitle: 'B-ol' });
    expect((await runToEnd(h, user, { mode: 'delta' })).conflicts).toBe(1);
    h.bc.edit(bcId, { jobTitle: 'C-bc-newer' });

    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'outlook' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ChangedSinceShown');
    expect(r.body.error.message).toContain('Job Title');
    expect(r.body.error.details[0]).toMatchObject({
      target: 'conflict',
      reason: { kind: 'changedSinceShown', fields: ['jobTitle'] },
    });
    expect(h.bc.peek(bcId)?.jobTitle).toBe('C-bc-newer');
    const shown = (await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts[0];
    expect(shown.fields).toEqual([
      expect.objectContaining({ field: 'jobTitle', bc: 'C-bc-newer', outlook: 'B-ol' }),
    ]);

    const again = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'outlook' });
    expect(again.status).toBe(200);
    const now = outlookIn(h, user, 'Unseen').find((c) => c.bcId === bcId)!;
    expect([h.bc.peek(bcId)?.jobTitle, now.jobTitle]).toEqual(['B-ol', 'B-ol']);
  });
});
