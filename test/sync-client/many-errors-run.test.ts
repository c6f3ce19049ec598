import { describe, test, expect } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { RUN_ERRORS_KEPT } from '../../src/core/run-error-list.js';
import { STATE_REQUEST_LIMITS as L } from '../../src/core/state-limits.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { listeningSyncApi } from '../support/dev-app.js';
import { person } from '../support/world.js';

/*
 * The last place of F112's kind (a list one store takes and another refuses on the way): a run
 * record lists its errors, and the facade's run route takes STATE_REQUEST_LIMITS.entries of them.
 * A pane run (HttpSyncStateStore) failing on more contacts than that could not save its own end.
 * The record keeps RUN_ERRORS_KEPT and counts the rest (core run-error-list.ts).
 */

const FAILING = L.entries + 50;
const upn = 'many-errors@contoso.com';

const api = listeningSyncApi();

describe('a run failing on more contacts than one state request takes', () => {
  test(`F112 kind: a pane run whose ${FAILING} Outlook creates all fail saves its record over HTTP, listing ${RUN_ERRORS_KEPT.count} and counting the rest`, async () => {
    const clock = new ManualClock();
    const bc = new MemoryBcContacts(clock);
    for (let n = 1; n <= FAILING; n++) bc.seed(person(n));
    const mailbox = new MemoryMailbox();
    mailbox.fault = (op) => (op === 'create' ? { kind: 'invalid', message: 'refused', status: 400 } : null);
    let token: Promise<string> | null = null;
    const store = new HttpSyncStateStore({
      baseUrl: api.base,
      getToken: () => (token ??= api.issuer.userToken(upn, 'facade')),
    });
    const userId = devUserKey(upn);

    const out = await runSync(
      { bc, mailbox, store, clock, logger: silentLogger },
      { runId: 'many-errors-1', userId, mode: 'full', dryRun: false, trigger: 'pane' },
    );

    expect(out.record.status).toBe('failed');
    const saved = await store.getRun(userId, 'many-errors-1');
    expect(saved?.status).toBe('failed');
    const items = saved?.errors.filter((e) => e.side === 'outlook') ?? [];
    expect(items).toHaveLength(RUN_ERRORS_KEPT.count);
    expect(items.length + (saved?.errorsOmitted ?? 0)).toBe(FAILING);

    // Control: the same record with every error listed is what the route refuses.
    const whole = {
      ...out.record,
      id: 'many-errors-whole',
      errorsOmitted: undefined,
      errors: [
        ...out.record.errors,
        ...Array.from({ length: FAILING - items.length }, (_, i) => ({ ...items[0]!, id: `x-${i}` })),
      ],
    };
    await expect(store.saveRun(whole)).rejects.toMatchObject({ status: 400 });
  });
});
