import { expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import type { SyncMode } from '../../src/core/records.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { httpBcContactsOn, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { outlookPerson } from '../support/world.js';

// Review doubt bc500: the facade (as BC) runs a $batch's operations one after another, each
// committed on its own, so an envelope answered 500 may come after its creates were made. The run
// must not report them failed and unlinked: once the Outlook contact's e-mail changed, the next
// run could not match the BC copy by e-mail and made a second BC contact, and BC's unlinked copy a
// second Outlook contact. Each write of such an envelope is checked (bc-batch.ts lostWithEnvelope).

let f: Facade;
withFacade((facade) => void (f = facade), { listen: true });

test('an envelope 500 after the facade made 3 creates: the run links them, and the next run (one e-mail changed) duplicates nothing', async () => {
  let failNext = true;
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    const write = String(input).endsWith('/$batch') && String(init?.body ?? '').includes('"POST"');
    if (!write || !failNext) return res;
    failNext = false;
    // The facade made the creates (its whole answer was read); the envelope's answer is a 500.
    expect(res.status).toBe(200);
    await res.text();
    return Response.json({ error: { code: 'Internal_ServerError', message: 'boom' } }, { status: 500 });
  }) as typeof fetch;
  const bc = httpBcContactsOn(f, { fetch: wrapped, sleep: async () => undefined, random: () => 0 });
  const mailbox = new MemoryMailbox();
  const store = new MemorySyncStateStore();
  const folder = await mailbox.ensureFolder('Business Central');
  const made = await mailbox.create(folder.id, [outlookPerson(1), outlookPerson(2), outlookPerson(3)]);
  expect(made.every((m) => m.ok)).toBe(true);
  let runs = 0;
  const sync = async (mode: SyncMode) => {
    f.clock.advance(10 * 60_000);
    const { record } = await runSync(
      { bc, mailbox, store, clock: f.clock, logger: silentLogger },
      { runId: `run-${++runs}`, userId: 'ann@contoso.com', mode, dryRun: false, trigger: 'pane' },
    );
    return record;
  };

  const first = await sync('full');
  expect(failNext).toBe(false);
  expect(first.counts.bc.created).toBe(3);
  expect(first.errors).toEqual([]);
  expect((await bc.listAll()).length).toBe(3);

  // The user changes the first contact's e-mail before the next run.
  const [one] = (await mailbox.listContacts(folder.id)).filter((o) => o.displayName === 'Outlook 1');
  const changed = await mailbox.update(folder.id, [
    {
      id: one!.id,
      changeKey: one!.changeKey,
      patch: {
        displayName: 'Outlook 1',
        emailAddresses: [{ address: 'new1@fabrikam.com', name: 'Outlook 1' }],
      },
    },
  ]);
  expect(changed[0]?.ok).toBe(true);

  const second = await sync('full');
  expect(second.status).toBe('succeeded');
  const inBc = await bc.listAll();
  expect(inBc.map((c) => c.email).sort()).toEqual([
    'new1@fabrikam.com',
    'outlook2@fabrikam.com',
    'outlook3@fabrikam.com',
  ]);
  expect((await mailbox.listContacts(folder.id)).length).toBe(3);
});
