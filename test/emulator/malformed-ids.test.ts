import { beforeAll, describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import { idShapeProblem } from '../../src/emulator/id-shape.js';
import { newFolderId, newItemId } from '../../src/emulator/ids.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { TINY_PNG } from '../support/outlook-only-samples.js';
import { ANN, createContact, createFolder, UNKNOWN_ID, useHarness } from './harness.js';

// Issue 10 (after F67): a short, oddly shaped contact or folder id got 404 ErrorItemNotFound from
// the emulator, where Graph answers 400 ErrorInvalidIdMalformed "Id is malformed." (id-shape.ts
// has the sources). Every emulator route with an id × {/me, /users/{id} app-only, a $batch item}
// × malformed ids → 400 naming which id; a well-formed id that names nothing stays 404; the
// emulator's own ids pass. Then the client: GraphMailbox must not read "malformed" as "gone".

/** Ids Graph cannot have handed out: too short, outside base64, padding inside, too long. */
const MALFORMED = [
  'x',
  'nope',
  'not-a-guid',
  "o'brien-o'brien-o'brien",
  'AAMk AGI2 with spaces',
  'AAMkAGI2==AAAAAAAAAAAA',
  'a.b.c.d.e.f.g.h.i',
  'a'.repeat(501),
];

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
interface Route {
  readonly method: Method;
  /** `{f}` a folder id, `{c}` a contact id. */
  readonly path: string;
  readonly body?: unknown;
}

/** The routes of one contact, below a folder or the mailbox. */
const CONTACT_ROUTES: readonly Route[] = [
  { method: 'GET', path: 'contacts/{c}' },
  { method: 'PATCH', path: 'contacts/{c}', body: { givenName: 'Bo' } },
  { method: 'DELETE', path: 'contacts/{c}' },
  { method: 'GET', path: 'contacts/{c}/photo' },
  { method: 'GET', path: 'contacts/{c}/photo/$value' },
  { method: 'PUT', path: 'contacts/{c}/photo/$value' },
];

/** Every route of router.ts that takes a contact or folder id (and the one body that does). */
const ROUTES: readonly Route[] = [
  { method: 'GET', path: 'contactFolders/{f}' },
  { method: 'PATCH', path: 'contactFolders/{f}', body: { displayName: 'Renamed' } },
  { method: 'DELETE', path: 'contactFolders/{f}' },
  { method: 'GET', path: 'contactFolders/{f}/childFolders' },
  { method: 'POST', path: 'contactFolders/{f}/childFolders', body: { displayName: 'Child' } },
  { method: 'POST', path: 'contactFolders', body: { displayName: 'Child', parentFolderId: '{f}' } },
  { method: 'GET', path: 'contactFolders/{f}/contacts' },
  { method: 'POST', path: 'contactFolders/{f}/contacts', body: { givenName: 'Ann' } },
  { method: 'GET', path: 'contactFolders/{f}/contacts/delta' },
  // The routes of one contact, each in its folder and at the mailbox's top level.
  ...['contactFolders/{f}/', ''].flatMap((inFolder) =>
    CONTACT_ROUTES.map((r) => ({ ...r, path: inFolder + r.path })),
  ),
];

const h = useHarness();
let folder: string;
let contact: string;
beforeAll(async () => {
  folder = await createFolder(h, 'Ids');
  contact = (await createContact(h, folder, { givenName: 'Ids' })).id as string;
});

interface Answer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** One call of `route` with these ids, directly (as Ann or app-only) or as a $batch item. */
async function call(route: Route, f: string, c: string, via: 'me' | 'app' | 'batch'): Promise<Answer> {
  const fill = (s: string) => s.replace('{f}', encodeURIComponent(f)).replace('{c}', encodeURIComponent(c));
  const raw = JSON.stringify(route.body ?? null).replace('{f}', f.replace(/["\\]/g, '\\$&'));
  const body = JSON.parse(raw) as unknown;
  const photo = route.method === 'PUT';
  const mailbox = via === 'app' ? `/users/${ANN.oid}` : '/me';
  const url = `${mailbox}/${fill(route.path)}`;
  if (via === 'batch') {
    const item = {
      id: '1',
      method: route.method,
      url,
      ...(photo
        ? { headers: { 'content-type': 'image/png' }, body: TINY_PNG.toString('base64') }
        : body === null
          ? {}
          : { headers: { 'content-type': 'application/json' }, body }),
    };
    const res = await h.call('POST', '/$batch', { requests: [item] });
    const [sub] = ((await res.json()) as { responses: { status: number; body: unknown }[] }).responses;
    return answerOf(sub?.status ?? 0, sub?.body);
  }
  const token = via === 'app' ? h.appToken : h.annToken;
  const res = await fetch(`${h.base}${url}`, {
    method: route.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(photo || body !== null ? { 'content-type': photo ? 'image/png' : 'application/json' } : {}),
    },
    ...(photo ? { body: new Uint8Array(TINY_PNG) } : body !== null ? { body: JSON.stringify(body) } : {}),
  });
  return answerOf(res.status, await res.json().catch(() => null));
}

function answerOf(status: number, body: unknown): Answer {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return { status, code: error?.code ?? '', message: error?.message ?? '' };
}

describe('emulator: an id Graph cannot have handed out is 400 ErrorInvalidIdMalformed on every route', () => {
  test('every route × {/me, app-only /users/{id}, $batch item} × malformed ids: 400 naming the id', async () => {
    const wrong: string[] = [];
    let rows = 0;
    for (const route of ROUTES)
      for (const via of ['me', 'app', 'batch'] as const)
        for (const bad of MALFORMED)
          for (const slot of ['{f}', '{c}'] as const) {
            if (!route.path.includes(slot) && !JSON.stringify(route.body ?? '').includes(slot)) continue;
            rows++;
            const got = await call(route, slot === '{f}' ? bad : folder, slot === '{c}' ? bad : contact, via);
            const what = slot === '{f}' ? 'contact folder id' : 'contact id';
            const ok =
              got.status === 400 &&
              got.code === 'ErrorInvalidIdMalformed' &&
              got.message.startsWith(`Id is malformed: the ${what} `);
            if (!ok)
              wrong.push(
                `${via} ${route.method} ${route.path} ${slot}=${bad.slice(0, 20)}: ${JSON.stringify(got)}`,
              );
          }
    expect(wrong).toEqual([]);
    expect(rows).toBeGreaterThan(500);
  });

  test('a well-formed id that names nothing stays 404 ErrorItemNotFound on every route', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES)
      for (const slot of ['{f}', '{c}'] as const) {
        if (!route.path.includes(slot) && !JSON.stringify(route.body ?? '').includes(slot)) continue;
        const got = await call(
          route,
          slot === '{f}' ? UNKNOWN_ID : folder,
          slot === '{c}' ? UNKNOWN_ID : contact,
          'me',
        );
        if (got.status !== 404 || got.code !== 'ErrorItemNotFound')
          wrong.push(`${route.method} ${route.path} ${slot}: ${JSON.stringify(got)}`);
      }
    expect(wrong).toEqual([]);
  });

  test("the emulator's own ids (1,000 of each kind) and the well-known folder name pass the rule", async () => {
    for (let i = 0; i < 1000; i++) {
      expect(idShapeProblem(newItemId())).toBeNull();
      expect(idShapeProblem(newFolderId())).toBeNull();
    }
    const reads = ROUTES.filter((r) => r.method === 'GET' && !r.path.includes('photo'));
    for (const route of reads) expect((await call(route, folder, contact, 'me')).status).toBe(200);
    expect((await h.call('GET', '/me/contactFolders/contacts/contacts')).status).toBe(200);
  });

  test('named example: GET /me/contacts/nope is 400 "Id is malformed", not 404', async () => {
    expect(await call({ method: 'GET', path: 'contacts/{c}' }, folder, 'nope', 'me')).toEqual({
      status: 400,
      code: 'ErrorInvalidIdMalformed',
      message: 'Id is malformed: the contact id is 4 characters long; an Exchange id has at least 16.',
    });
  });

  test('a seed cannot hold an id Graph would refuse', async () => {
    const res = await h.admin('POST', '/seed', {
      mailboxes: [{ id: ANN.oid, contacts: [{ id: 'c1', givenName: 'Seeded' }] }],
    });
    expect(answerOf(res.status, await res.json())).toMatchObject({
      status: 400,
      code: 'ErrorInvalidIdMalformed',
    });
  });
});

describe('the client reads "malformed" as a refusal, never as "gone"', () => {
  const mailbox = () =>
    new GraphMailbox({
      baseUrl: h.base,
      mailbox: { kind: 'me' },
      getToken: async () => h.annToken,
      sleep: async () => undefined,
    });

  test('a delete of a malformed id fails as invalid (a 404 would count the contact as already gone)', async () => {
    const [out] = await mailbox().delete(folder, [{ id: 'nope', changeKey: 'x' }]);
    expect(out).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });

  test("reading a malformed id fails the read with Graph's code (a 404 would drop it silently)", async () => {
    const read = mailbox().getMany(folder, [contact, 'nope']);
    await expect(read).rejects.toBeInstanceOf(PortFailure);
    await expect(read).rejects.toMatchObject({
      kind: 'invalid',
      detail: { status: 400, serviceCode: 'ErrorInvalidIdMalformed' },
    });
  });
});
