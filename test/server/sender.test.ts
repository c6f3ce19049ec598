import { describe, expect, test } from '@jest/globals';
import { person } from '../support/world.js';
import { ANN, BOB, call, Gate, outlookIn, runToEnd, useSyncHarness } from './sync-harness.js';

// Issue 8 §7: one person, one contact — also from "This sender". The look-up by e-mail is
// case-insensitive; "Add to Business Central" is idempotent (repeated or concurrent adds of one
// address create one contact).

const h = useSyncHarness();

const q = (email: string) => `/sync/v1/sender?email=${encodeURIComponent(email)}`;
const withEmail = async (email: string) =>
  (await h.bc.listAll()).filter((c) => c.email.toLowerCase() === email.toLowerCase());

describe('"This sender" (issue 8 §7)', () => {
  test('sender Grace.Clarke@gagnon.co.uk is found as BC’s grace.clarke@gagnon.co.uk, and adding it creates nothing', async () => {
    const grace = h.bc.seed(person(7, { displayName: 'Grace Clarke', email: 'grace.clarke@gagnon.co.uk' }));
    const found = await call(h, ANN, 'GET', q('Grace.Clarke@gagnon.co.uk'));
    expect(found.status).toBe(200);
    expect(found.body.contacts.map((c: { id: string }) => c.id)).toEqual([grace.id]);
    const add = await call(h, ANN, 'POST', '/sync/v1/sender', {
      email: 'Grace.Clarke@gagnon.co.uk',
      displayName: 'Grace Clarke',
    });
    expect([add.status, add.body.created, add.body.contact.id]).toEqual([200, false, grace.id]);
    expect(await withEmail('grace.clarke@gagnon.co.uk')).toHaveLength(1);
  });

  test('a repeated add (double click, retry after a lost answer) creates one contact, and one Outlook copy after sync', async () => {
    const first = await call(h, ANN, 'POST', '/sync/v1/sender', {
      email: 'bo.lind@fabrikam.com',
      displayName: 'Bo Lind',
    });
    const again = await call(h, ANN, 'POST', '/sync/v1/sender', {
      email: 'Bo.Lind@Fabrikam.com',
      displayName: 'Bo',
    });
    expect([first.status, first.body.created]).toEqual([201, true]);
    expect([again.status, again.body.created, again.body.contact.id]).toEqual([
      200,
      false,
      first.body.contact.id,
    ]);
    expect(first.body.contact).toMatchObject({
      type: 'Person',
      displayName: 'Bo Lind',
      email: 'bo.lind@fabrikam.com',
    });
    await runToEnd(h, ANN);
    await call(h, ANN, 'POST', '/sync/v1/sender', { email: 'bo.lind@fabrikam.com' });
    await runToEnd(h, ANN);
    expect(outlookIn(h, ANN).filter((c) => c.bcId === first.body.contact.id)).toHaveLength(1);
    expect(await withEmail('bo.lind@fabrikam.com')).toHaveLength(1);
  });

  test('concurrent adds of one address (any case, two users) create one contact; all answers name it', async () => {
    const variants = ['eve@contoso.com', 'EVE@contoso.com', 'Eve@Contoso.com', 'eve@CONTOSO.COM'];
    // The first look-up waits at a gate, so every other add arrives while the first is in flight.
    const gate = new Gate();
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const lookUp = h.bc.findByEmails.bind(h.bc);
    h.bc.findByEmails = async (emails) => {
      if (!gate.entered) {
        gate.entered = true;
        entered();
        await gate.promise;
      }
      return lookUp(emails);
    };
    // Tokens signed beforehand: the adds reach the route in a few turns, not after the signing's.
    for (const upn of [ANN, BOB]) await h.auth(upn);
    const pending = Promise.all(
      variants.flatMap((email) =>
        [ANN, BOB].map((upn) => call(h, upn, 'POST', '/sync/v1/sender', { email })),
      ),
    );
    await inFlight;
    expect(gate.entered).toBe(true);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    gate.open();
    const answers = await pending;
    h.bc.findByEmails = lookUp;
    for (const a of answers) expect([200, 201]).toContain(a.status);
    const ids = new Set(answers.map((a) => a.body.contact.id));
    expect(ids.size).toBe(1);
    expect(await withEmail('eve@contoso.com')).toHaveLength(1);
  });

  test('bad input is a 400 with the field named; no contact is created', async () => {
    const before = (await h.bc.listAll()).length;
    // F70: what BC's E-Mail validation refuses, as the engine's rule (core/email-address.ts).
    const refusedByBc = ['x<y>@example.com', 'x@example..com', 'x@example.com.'].map((email) => ({ email }));
    for (const body of [{ email: 'not an address' }, { email: '' }, {}, ...refusedByBc]) {
      const r = await call(h, ANN, 'POST', '/sync/v1/sender', body);
      expect(r.status).toBe(400);
    }
    expect((await call(h, ANN, 'GET', q('nope'))).status).toBe(400);
    expect((await h.bc.listAll()).length).toBe(before);
  });
});
