import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RouteOptions } from 'fastify';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Helper idem's brief, fault 1 — the kind: "an idempotency replay answers with a state that no
// longer holds". A POST sent again with its Idempotency-Key within 10 minutes got the first answer
// as kept: a create whose contact a BC user deleted since was answered the deleted contact (the
// pane said added, BC had nothing), one changed since its old values and etag. Every POST route
// now says what its kept answer is worth (server/replay.ts); those that state a contact check it.

let f: Facade;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template, onRoute: (r) => routes.push(r) });
});
afterAll(async () => {
  await f.close();
});

const base = () => `/api/v2.0/companies(${f.company.id})`;

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await f.app.inject({
    method: method as 'POST',
    url,
    headers: {
      authorization: f.auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    status: res.statusCode,
    replayed: res.headers['idempotent-replayed'] === 'true',
    body: (res.body === '' ? {} : res.json()) as Record<string, unknown>,
  };
}

test('every POST route of the facade says what its kept answer is worth (config.replay)', () => {
  const posts = routes.filter((r) => [r.method].flat().includes('POST'));
  expect(posts.length).toBeGreaterThanOrEqual(20);
  expect(posts.filter((r) => r.config?.replay === undefined).map((r) => r.url)).toEqual([]);
});

/** A BC user outside the caller's request: edits (a new etag) or deletes the contact. */
async function bcUser(event: Event, id: string): Promise<void> {
  if (event === 'unchanged') return;
  const url = `${base()}/contacts(${id})`;
  const res =
    event === 'deleted'
      ? await send('DELETE', url, undefined, { 'if-match': '*' })
      : await send('PATCH', url, { jobTitle: 'Edited in BC' }, { 'if-match': '*' });
  expect(res.status).toBe(event === 'deleted' ? 204 : 200);
}

type Event = 'deleted' | 'changed' | 'unchanged';
const EVENTS: readonly Event[] = ['deleted', 'changed', 'unchanged'];

/** Each route whose answer states a contact: its request, and the contact its answer names. */
const ROUTES = [
  {
    name: 'POST contacts (a keyed create)',
    request: (email: string) => ({ url: `${base()}/contacts`, body: { displayName: 'Re Sent', email } }),
    contact: (b: Record<string, unknown>) => b as { id: string; '@odata.etag': string; jobTitle: string },
  },
  {
    name: 'POST $batch (a create operation)',
    request: (email: string) => ({
      url: '/api/v2.0/$batch',
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: `companies(${f.company.id})/contacts`,
            body: { displayName: 'Re Sent', email },
          },
        ],
      },
    }),
    contact: (b: Record<string, unknown>) =>
      (b.responses as { body: { id: string; '@odata.etag': string; jobTitle: string } }[])[0]!.body,
  },
];

const etagOf = (c: { '@odata.etag'?: string; etag?: string }) => c['@odata.etag'] ?? c.etag;

/** The live contacts of the company with this address. */
async function liveWith(email: string): Promise<string[]> {
  const r = await send('GET', `${base()}/contacts?$filter=email eq '${email}'`);
  return (r.body.value as { id: string }[]).map((c) => c.id);
}

describe('every replaying route x what a BC user did before the resend', () => {
  test.each(ROUTES.flatMap((r) => EVENTS.map((e) => [r.name, e, r] as const)))(
    '%s, contact %s: the resend answers what holds now',
    async (_name, event, route) => {
      const email = `resend.${randomUUID().slice(0, 8)}@fabrikam.com`;
      const key = randomUUID();
      const { url, body } = route.request(email);
      const first = await send('POST', url, body, { 'idempotency-key': key });
      expect(first.status).toBeLessThan(300);
      const made = route.contact(first.body);
      await bcUser(event, made.id);
      const again = await send('POST', url, body, { 'idempotency-key': key });
      expect(again.status).toBe(first.status);
      const now = route.contact(again.body);
      if (event === 'deleted') {
        // Made anew (the keyed create's successor), and the one live contact is the one answered.
        expect(now.id).not.toBe(made.id);
        expect(await liveWith(email)).toEqual([now.id]);
        const third = await send('POST', url, body, { 'idempotency-key': key });
        expect(route.contact(third.body).id).toBe(now.id);
      } else {
        expect(again.replayed).toBe(true);
        expect(now.id).toBe(made.id);
        expect(now.jobTitle).toBe(event === 'changed' ? 'Edited in BC' : made.jobTitle);
        expect(etagOf(now) === etagOf(made)).toBe(event === 'unchanged');
        expect(await liveWith(email)).toEqual([made.id]);
      }
    },
  );
});
