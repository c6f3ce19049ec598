/**
 * Issue 11 F21: every link an answer of the BC API carries (@odata.context, nextLink, deltaLink,
 * Location) names the origin the client reached — over HTTP, over HTTPS, behind a TLS-ending proxy
 * (PUBLIC_ORIGIN's Host), and inside a `$batch`, whose operations run in-process over plain http
 * (they answered http:// links on the https server before link-origin.ts).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';
import { openedForTests } from '../support/opened.js';
import { startQuietServer } from '../support/quiet-server.js';

type Json = Record<string, unknown>;
interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly body: Json;
}

/** Every link in a body: the OData annotations' URLs at any depth (not field values such as a website). */
function linksIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(linksIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k.startsWith('@odata.') && k !== '@odata.etag' && typeof v === 'string' ? [v] : linksIn(v),
  );
}

function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === 'string' ? res.headers.location : null,
          body: text === '' ? {} : (JSON.parse(text) as Json),
        }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** One operation: a method and a URL relative to the API root, answered with at least one link. */
interface Op {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: (ids: Ids) => string;
  readonly headers?: Record<string, string>;
  readonly body?: (ids: Ids) => unknown;
  readonly status: number;
}
interface Ids {
  readonly contact: string;
  readonly etag: string;
  readonly country: string;
  readonly deltaLink: string;
}

const C = `companies(${DEMO_COMPANY_ID})`;
const OPS: Op[] = [
  { name: 'companies', method: 'GET', url: () => 'companies', status: 200 },
  { name: 'one company', method: 'GET', url: () => C, status: 200 },
  { name: 'a contacts page (nextLink)', method: 'GET', url: () => `${C}/contacts?$top=3`, status: 200 },
  {
    name: 'a small page size (nextLink)',
    method: 'GET',
    url: () => `${C}/contacts`,
    status: 200,
    headers: { prefer: 'odata.maxpagesize=2' },
  },
  { name: 'one contact', method: 'GET', url: (i) => `${C}/contacts(${i.contact})`, status: 200 },
  {
    name: 'a tracked read (deltaLink)',
    method: 'GET',
    url: () => `${C}/contacts?$filter=${encodeURIComponent("displayName eq 'Nobody Here'")}`,
    headers: { prefer: 'odata.track-changes' },
    status: 200,
  },
  { name: 'following a delta link', method: 'GET', url: (i) => i.deltaLink, status: 200 },
  {
    name: 'a delta link not served (410, Location)',
    method: 'GET',
    url: () => `${C}/contacts?$deltatoken=gone`,
    status: 410,
  },
  {
    name: 'a create (201, Location)',
    method: 'POST',
    url: () => `${C}/contacts`,
    headers: { 'content-type': 'application/json' },
    body: () => ({ displayName: 'Link Origin', type: 'Person' }),
    status: 201,
  },
  {
    name: 'an update',
    method: 'PATCH',
    url: (i) => `${C}/contacts(${i.contact})`,
    headers: { 'content-type': 'application/json', 'if-match': '*' },
    body: () => ({ jobTitle: 'Linked' }),
    status: 200,
  },
  { name: 'countries/regions', method: 'GET', url: () => `${C}/countriesRegions`, status: 200 },
  {
    name: 'one country/region',
    method: 'GET',
    url: (i) => `${C}/countriesRegions(${i.country})`,
    status: 200,
  },
];

/** A server and the ways a client reaches it: the URL it calls, the Host it sends, the links it must get. */
interface Reach {
  readonly name: string;
  readonly https: boolean;
  readonly publicOrigin?: string;
  readonly host?: (port: string) => string;
  readonly expected: (port: string) => string;
}
const REACHES: Reach[] = [
  { name: 'HTTPS', https: true, expected: (p) => `https://localhost:${p}` },
  { name: 'HTTP', https: false, expected: (p) => `http://localhost:${p}` },
  {
    name: 'HTTP behind a TLS-ending proxy that forwards PUBLIC_ORIGIN’s Host',
    https: false,
    publicOrigin: 'https://contacts.contoso.com',
    host: () => 'contacts.contoso.com',
    expected: () => 'https://contacts.contoso.com',
  },
];

describe.each(REACHES)('links over $name', (reach) => {
  const server = openedForTests(() =>
    startQuietServer('bcsync-links-', {
      env: reach.publicOrigin ? { PUBLIC_ORIGIN: reach.publicOrigin, DEV_PUBLIC_ORIGIN: '1' } : {},
      overrides: { https: reach.https },
    }),
  );
  let port: string;
  let headers: Record<string, string>;
  let ids: Ids;
  const api = () => `${server.url}/api/v2.0`;
  const relative = (link: string) => link.slice(`${reach.expected(port)}/api/v2.0/`.length);

  beforeAll(async () => {
    port = new URL(server.url).port;
    headers = {
      authorization: `Bearer ${await server.ctx.devIssuer!.userToken('ann@contoso.com', 'facade')}`,
      ...(reach.host ? { host: reach.host(port) } : {}),
    };
    const contacts = await send(`${api()}/${C}/contacts?$top=1`, 'GET', headers);
    const first = (contacts.body.value as Json[])[0]!;
    const countries = await send(`${api()}/${C}/countriesRegions`, 'GET', headers);
    const tracked = await send(
      `${api()}/${C}/contacts?$filter=${encodeURIComponent("displayName eq 'Nobody Here'")}`,
      'GET',
      { ...headers, prefer: 'odata.track-changes' },
    );
    ids = {
      contact: String(first.id),
      etag: String(first['@odata.etag']),
      country: String((countries.body.value as Json[])[0]!.id),
      deltaLink: relative(String(tracked.body['@odata.deltaLink'])),
    };
  });
  test.each(OPS)('$name: every link names the client’s origin', async (op) => {
    const answer = await send(
      `${api()}/${op.url(ids)}`,
      op.method,
      { ...headers, ...op.headers },
      op.body?.(ids),
    );
    expect(answer.status).toBe(op.status);
    const links = [...linksIn(answer.body), ...(answer.location ? [answer.location] : [])];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${reach.expected(port)}/api/v2.0/`)).toBe(true);
  });

  test('inside one $batch: every operation’s links and Location name the envelope’s origin (F21)', async () => {
    const answer = await send(
      `${api()}/$batch`,
      'POST',
      { ...headers, 'content-type': 'application/json' },
      {
        requests: OPS.map((op, n) => ({
          id: String(n),
          method: op.method,
          url: op.url(ids),
          headers: op.headers ?? {},
          ...(op.body ? { body: op.body(ids) } : {}),
        })),
      },
    );
    expect(answer.status).toBe(200);
    const responses = answer.body.responses as { id: string; status: number; headers: Json; body?: Json }[];
    expect(responses.map((r) => [OPS[Number(r.id)]!.name, r.status])).toEqual(
      OPS.map((op) => [op.name, op.status]),
    );
    const wrong = responses.flatMap((r) =>
      [...linksIn(r.body), ...(typeof r.headers.location === 'string' ? [r.headers.location] : [])]
        .filter((l) => !l.startsWith(`${reach.expected(port)}/api/v2.0/`))
        .map((l) => `${OPS[Number(r.id)]!.name}: ${l}`),
    );
    expect(wrong).toEqual([]);
    expect(responses.flatMap((r) => linksIn(r.body)).length).toBeGreaterThanOrEqual(OPS.length);
  });

  test('a client that sends the in-process operation header itself changes nothing', async () => {
    const answer = await send(`${api()}/companies`, 'GET', {
      ...headers,
      'x-bc-sync-operation-of': 'guessed',
    });
    expect(String(answer.body['@odata.context'])).toBe(
      `${reach.expected(port)}/api/v2.0/$metadata#companies`,
    );
  });
});
