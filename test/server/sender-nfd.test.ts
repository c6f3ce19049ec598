import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Tester F132: "This sender" added "jörg@…" with the ö decomposed (NFD, as some mail clients write
// it); a second add of the same address composed (NFC) created a second Person. The look-up asked
// BC for the composed form only, and BC compares the stored text as it is. Here the product as
// `npm start` runs it (facade, its BC API on the embedded store): one address, both forms, in
// either order, is one contact.

/** One address per row (its tag), written composed or decomposed. */
const address = (tag: string, form: 'NFC' | 'NFD') => `jörg.${tag}.öhman@bücher.example`.normalize(form);

let server: QuietServer;
let auth: string;
beforeAll(async () => {
  server = await startQuietServer('bcsync-sender-nfd-', { overrides: NO_RATE_LIMIT });
  auth = (await everyAccessOf(server, 'ann@contoso.com')).facade;
});
afterAll(async () => {
  await server.close();
});

async function send(method: 'GET' | 'POST', email: string) {
  const res = await server.app.inject({
    method,
    url: method === 'GET' ? `/sync/v1/sender?email=${encodeURIComponent(email)}` : '/sync/v1/sender',
    headers: { authorization: auth },
    ...(method === 'POST' ? { payload: { email, displayName: 'Jörg Öhman' } } : {}),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe('F132: an address stored decomposed and the same address composed are one sender', () => {
  test.each([
    ['decomposed first, then composed', 'a', 'NFD', 'NFC'],
    ['composed first, then decomposed', 'b', 'NFC', 'NFD'],
  ] as const)('%s: one contact, the second add finds it', async (_name, tag, firstForm, secondForm) => {
    const one = address(tag, firstForm);
    const two = address(tag, secondForm);
    expect(one).not.toBe(two);
    const added = await send('POST', one);
    expect([added.status, (added.body as { created: boolean }).created]).toEqual([201, true]);
    const id = (added.body as { contact: { id: string } }).contact.id;
    const again = await send('POST', two);
    expect([again.status, (again.body as { created: boolean }).created]).toEqual([200, false]);
    expect((again.body as { contact: { id: string } }).contact.id).toBe(id);
    const found = await send('GET', two);
    expect((found.body as { contacts: { id: string }[] }).contacts.map((c) => c.id)).toEqual([id]);
  });
});
