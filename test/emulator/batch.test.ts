import { describe, test, expect, beforeAll } from '@jest/globals';
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  HTTPMessageHandler,
  PageIterator,
} from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Contact } from '@microsoft/microsoft-graph-types';
import { createContact, createFolder, expectGraphError, jsonOf, UNKNOWN_ID, useHarness } from './harness.js';
import type { Harness } from './harness.js';

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

async function batch(h: Harness, requests: unknown[]): Promise<Response> {
  return h.call('POST', '/$batch', { requests });
}

describe('emulator $batch', () => {
  const h = useHarness({ trustProxy: true });
  let folder: string;
  beforeAll(async () => {
    folder = await createFolder(h, 'Batch');
  });

  test('responses correlate by id; JSON sub-responses carry the exact "Content-Type" key', async () => {
    const existing = await createContact(h, folder, { givenName: 'Old' });
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `c${i}`,
        method: 'POST',
        url: `/me/contactFolders/${folder}/contacts`,
        headers: { 'Content-Type': 'application/json' },
        body: { givenName: `B${i}` },
      })),
      { id: 'del', method: 'DELETE', url: `me/contacts/${existing.id as string}` },
      { id: 'abs', method: 'GET', url: `https://graph.microsoft.com/v1.0/me/contactFolders/${folder}` },
      { id: 'missing', method: 'GET', url: `/me/contacts/${UNKNOWN_ID}` },
    ];
    const response = await batch(h, requests);
    expect(response.status).toBe(200);
    const { responses } = (await response.json()) as { responses: SubResponse[] };
    expect(responses.map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
    const byId = new Map(responses.map((r) => [r.id, r]));
    for (let i = 0; i < 6; i++) {
      const r = byId.get(`c${i}`) as SubResponse;
      expect(r.status).toBe(201);
      expect(r.headers['Content-Type']).toBe('application/json');
      expect(r.body?.givenName).toBe(`B${i}`);
    }
    expect(byId.get('del')).toEqual(expect.objectContaining({ status: 204, body: null }));
    expect(byId.get('abs')?.body?.displayName).toBe('Batch');
    expect(byId.get('missing')?.status).toBe(404);
    expect((byId.get('missing')?.body as { error: { code: string } }).error.code).toBe('ErrorItemNotFound');
  });

  test('dependsOn: a failed dependency gives 424, a successful one lets the dependent run', async () => {
    const response = await batch(h, [
      { id: '1', method: 'GET', url: '/me/contacts/nope' },
      { id: '2', dependsOn: ['1'], method: 'GET', url: `/me/contactFolders/${folder}` },
      { id: '3', method: 'GET', url: `/me/contactFolders/${folder}` },
      { id: '4', dependsOn: ['3'], method: 'GET', url: `/me/contactFolders/${folder}` },
    ]);
    const { responses } = (await response.json()) as { responses: SubResponse[] };
    const byId = new Map(responses.map((r) => [r.id, r]));
    expect(byId.get('2')?.status).toBe(424);
    expect((byId.get('2')?.body as { error: { code: string } }).error.code).toBe('FailedDependency');
    expect(byId.get('4')?.status).toBe(200);
  });

  test('malformed envelopes are 400: more than 20 requests, duplicate ids, body without Content-Type', async () => {
    const get = (id: string) => ({ id, method: 'GET', url: `/me/contactFolders/${folder}` });
    expect(
      (
        await batch(
          h,
          Array.from({ length: 20 }, (_, i) => get(String(i))),
        )
      ).status,
    ).toBe(200);
    await expectGraphError(
      await batch(
        h,
        Array.from({ length: 21 }, (_, i) => get(String(i))),
      ),
      400,
      'BadRequest',
      /limit of 20/,
    );
    await expectGraphError(await batch(h, [get('a'), get('a')]), 400, 'BadRequest', /duplicated/);
    await expectGraphError(
      await batch(h, [{ id: 'x', method: 'POST', url: '/me/contacts', body: { givenName: 'x' } }]),
      400,
      'BadRequest',
      /Content-Type/,
    );
    await expectGraphError(
      await h.call('POST', '/$batch', { requests: [get('a')] }, { token: null }),
      401,
      'InvalidAuthenticationToken',
    );
  });

  test('the official Graph JS client pages with PageIterator and batches with BatchRequestContent', async () => {
    for (let i = 0; i < 23; i++) await createContact(h, folder, { givenName: `Client${i}` });
    const port = new URL(h.origin).port;
    // The SDK's AuthenticationHandler only sends tokens to https Graph hosts, so the chain is our own:
    // it adds the token, and the client talks "https" to a plain-HTTP emulator that is told so by
    // X-Forwarded-Proto (the SDK only recognises absolute nextLinks that start with https://).
    const tlsProxy: Middleware = {
      next: undefined as Middleware | undefined,
      setNext(next: Middleware) {
        this.next = next;
      },
      async execute(context: Context) {
        const url = typeof context.request === 'string' ? context.request : context.request.url;
        context.request = url.replace(/^https:/, 'http:');
        const headers = new Headers(context.options?.headers as Record<string, string> | undefined);
        headers.set('Authorization', `Bearer ${h.annToken}`);
        headers.set('X-Forwarded-Proto', 'https');
        const plain: Record<string, string> = {};
        headers.forEach((value, name) => (plain[name] = value));
        context.options = { ...context.options, headers: plain };
        await (this.next as Middleware).execute(context);
      },
    } as Middleware & { next: Middleware | undefined };
    tlsProxy.setNext?.(new HTTPMessageHandler());
    const client = Client.initWithMiddleware({
      middleware: tlsProxy,
      baseUrl: `https://127.0.0.1:${port}`,
      defaultVersion: 'v1.0',
    });

    const firstPage = await client
      .api(`/me/contactFolders/${folder}/contacts`)
      .select(['givenName'])
      .top(5)
      .get();
    expect(firstPage['@odata.nextLink']).toMatch(
      new RegExp(`^https://127\\.0\\.0\\.1:${port}/v1\\.0/.*\\$skip=5`),
    );
    const seen: string[] = [];
    const iterator = new PageIterator(client, firstPage, (contact: Contact) => {
      seen.push(contact.givenName ?? '');
      return true;
    });
    await iterator.iterate();
    expect(seen.filter((n) => n.startsWith('Client'))).toHaveLength(23);

    const content = new BatchRequestContent();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const request = new Request(`https://127.0.0.1:${port}/v1.0/me/contactFolders/${folder}/contacts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ givenName: `Batched${i}` }),
      });
      ids.push(content.addRequest({ id: `r${i}`, request }));
    }
    ids.push(
      content.addRequest({
        id: 'get',
        request: new Request(`https://127.0.0.1:${port}/v1.0/me/contactFolders/${folder}`),
      }),
    );
    const raw = await client.api('/$batch').post(await content.getContent());
    const parsed = new BatchResponseContent(raw);
    for (let i = 0; i < 3; i++) {
      const sub = parsed.getResponseById(`r${i}`);
      expect(sub.status).toBe(201);
      expect(((await sub.json()) as Contact).givenName).toBe(`Batched${i}`);
    }
    expect(((await parsed.getResponseById('get').json()) as { displayName: string }).displayName).toBe(
      'Batch',
    );
    expect(ids).toEqual(['r0', 'r1', 'r2', 'get']);
    const listed = await jsonOf(await h.call('GET', `/me/contactFolders/${folder}/contacts?$top=100`));
    expect((listed.value as Contact[]).filter((c) => c.givenName?.startsWith('Batched'))).toHaveLength(3);
  });
});
