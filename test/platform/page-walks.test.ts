import { describe, expect, test } from '@jest/globals';
import { RawGraphClient } from '../../src/graph/graph-client.js';
import { BcHttp } from '../../src/bc/bc-http.js';
import { facadeApi } from '../../src/taskpane/api/facade-api.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import {
  PAGES_EXCEEDED,
  PAGE_LINK_FOREIGN,
  PAGE_LINK_REPEATED,
  PageWalk,
} from '../../src/platform/page-walk.js';
import { instantTransport } from '../support/instant-transport.js';

/**
 * Every loop whose next request another service's answer decides (platform/page-walk.ts), fed an
 * answer that links to itself or to another origin: refused before that request, with the code
 * the run reports, and nothing ever sent to the other origin (the token goes along).
 */
const EVIL = 'https://evil.example';

type Answer = (url: string) => { next: string | null };
const SELF: Answer = (url) => ({ next: url });
const FOREIGN: Answer = () => ({ next: `${EVIL}/steal?x=1` });

interface Loop {
  readonly name: string;
  /** Runs the loop over a fetch whose answers carry `answer(url).next` as their link. */
  readonly run: (fetchFn: typeof fetch, answer: Answer) => Promise<unknown>;
  /** What the refusal's code is read from. */
  readonly codeOf: (e: unknown) => unknown;
  /** Whether the loop follows links (cursors have no origin). */
  readonly links: boolean;
}

const json = (body: unknown) => Response.json(body);
const urlOf = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input));

const LOOPS: Loop[] = [
  {
    name: 'Graph transport.pages',
    links: true,
    run: (fetch, answer) => {
      const base = 'https://graph.example/v1.0';
      const client = new RawGraphClient({
        baseUrl: base,
        getToken: async () => 't',
        fetch,
        onRequest: () => undefined,
      });
      const t = instantTransport(client);
      void answer;
      return t.pages({ method: 'GET', url: 'me/contactFolders' }, () => undefined);
    },
    codeOf: (e) => (e as { code?: unknown }).code,
  },
  {
    name: 'BC BcHttp.readRows',
    links: true,
    run: (fetch) => {
      const http = new BcHttp({
        baseUrl: 'https://bc.example/api/v2.0',
        getToken: async () => 't',
        sleep: async () => undefined,
        random: () => 0.5,
        fetch,
      });
      return http.readRows('https://bc.example/api/v2.0/companies(c1)/contacts');
    },
    codeOf: (e) => (e as { detail?: { serviceCode?: unknown } }).detail?.serviceCode,
  },
  {
    name: 'pane facadeApi.listConflicts',
    links: true,
    run: (fetch) =>
      facadeApi({
        origin: 'https://facade.example',
        graphBaseUrl: 'https://graph.example/v1.0',
        tokens: { facade: async () => 't' } as never,
        fetch,
      }).listConflicts(),
    codeOf: (e) => (e as { code?: unknown }).code,
  },
  {
    name: 'sync-client HttpSyncStateStore.listLinks',
    links: false,
    run: (fetch) =>
      new HttpSyncStateStore({
        baseUrl: 'https://facade.example/sync/v1',
        getToken: () => 't',
        fetch,
      }).listLinks({
        userId: 'u',
        companyId: 'c',
      } as never),
    codeOf: (e) => (e as { code?: unknown }).code,
  },
];

/** A fetch answering every request with one page whose link is `answer(url)`, and the URLs asked. */
function answering(answer: Answer, loop: Loop): { fetch: typeof globalThis.fetch; asked: string[] } {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = urlOf(input);
    asked.push(url);
    if (asked.length > 50) throw new Error('no refusal after 50 requests');
    const { next } = answer(url);
    if (!loop.links) return json({ links: [], conflicts: [], next: 'cursor-1' });
    return json({ value: [], conflicts: [], '@odata.nextLink': next });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

const ROWS = LOOPS.flatMap((loop) => [
  [loop.name, 'links to itself', loop, SELF, PAGE_LINK_REPEATED] as const,
  ...(loop.links ? [[loop.name, 'links to another origin', loop, FOREIGN, PAGE_LINK_FOREIGN] as const] : []),
]);

describe('loops over answers refuse a looping or foreign link before sending it', () => {
  test.each(ROWS)('%s, %s', async (_name, _what, loop, answer, code) => {
    const { fetch, asked } = answering(answer, loop);
    const error: unknown = await loop.run(fetch, answer).then(
      () => null,
      (e: unknown) => e,
    );
    expect(loop.codeOf(error)).toBe(code);
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(asked.filter((u) => u.startsWith(EVIL))).toEqual([]);
  });
});

test('named example: Graph pages() whose page links to itself fails PageLinkRepeated after one request', async () => {
  const asked: string[] = [];
  const base = 'https://graph.example/v1.0';
  const fetch = (async (input: RequestInfo | URL) => {
    asked.push(urlOf(input));
    return json({ value: [], '@odata.nextLink': `${base}/me/contactFolders?$skiptoken=a` });
  }) as typeof globalThis.fetch;
  const t = instantTransport(
    new RawGraphClient({ baseUrl: base, getToken: async () => 't', fetch, onRequest: () => undefined }),
  );
  await expect(t.pages({ method: 'GET', url: 'me/contactFolders' }, () => undefined)).rejects.toMatchObject({
    status: 502,
    code: PAGE_LINK_REPEATED,
  });
  expect(asked).toHaveLength(2);
});

test('a walk that pages without end is refused past its bound', () => {
  const walk = new PageWalk('https://bc.example/api', { limit: 3 });
  const codes = [1, 2, 3, 4].map((n) => walk.refusal(`https://bc.example/api/c?page=${n}`)?.code ?? null);
  expect(codes).toEqual([null, null, null, PAGES_EXCEEDED]);
  expect(new PageWalk('https://bc.example/api', { limit: 1 }).counted()).toBeNull();
});
