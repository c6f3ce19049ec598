import { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/index.js';

export interface ScriptedRequest {
  method: string;
  /** Path relative to the version root, with query (e.g. `/me/contactFolders/f1/contacts?$top=1000...`). */
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route answers: a reply, or 'drop' to fail the whole HTTP request like a reset connection. */
export type Route = (req: ScriptedRequest) => ScriptedReply | 'drop' | Promise<ScriptedReply | 'drop'>;

export const BASE = 'https://graph.test/v1.0';

export const graphErrorBody = (code: string, message: string) => ({
  error: { code, message, innerError: { 'request-id': `req-${code}`, date: '2024-01-01T00:00:00' } },
});

/**
 * A tiny Graph double for unit tests: `route` answers every call, top-level or inside a $batch
 * (where a 'drop' loses the whole envelope after all items ran, like a lost response).
 * Counts HTTP requests in flight so tests can check the adapter's concurrency.
 */
export function scriptedGraph(route: Route): {
  fetch: FetchLike;
  calls: ScriptedRequest[];
  inFlight: { now: number; max: number };
} {
  const calls: ScriptedRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const fetchImpl: FetchLike = async (input, init) => {
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    try {
      // Let other requests start, so concurrency is observable.
      await new Promise((resolve) => setImmediate(resolve));
      const url = typeof input === 'string' ? input : input.url;
      const headers: Record<string, string> = {};
      new Headers(init?.headers as HeadersInit).forEach((value, key) => {
        headers[key] = value;
      });
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const path = url.slice(BASE.length);
      if (path === '/$batch') return await runBatch(body as { requests: BatchItem[] }, route, calls);
      const req = { method: init?.method ?? 'GET', url: path, headers, body };
      calls.push(req);
      const reply = await route(req);
      if (reply === 'drop') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return toResponse(reply);
    } finally {
      inFlight.now--;
    }
  };
  return { fetch: fetchImpl, calls, inFlight };
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

async function runBatch(
  envelope: { requests: BatchItem[] },
  route: Route,
  calls: ScriptedRequest[],
): Promise<Response> {
  let dropped = false;
  const responses = [];
  /** Items that failed (or did not run), by id: what comes after them in a chain answers 424, as Graph does. */
  const failed = new Set<string>();
  for (const item of envelope.requests) {
    if ((item.dependsOn ?? []).some((d) => failed.has(d))) {
      failed.add(item.id);
      responses.push({
        id: item.id,
        status: 424,
        headers: { 'Content-Type': 'application/json' },
        body: null,
      });
      continue;
    }
    const req = { method: item.method, url: item.url, headers: item.headers ?? {}, body: item.body };
    calls.push(req);
    const reply = await route(req);
    if (reply === 'drop') {
      dropped = true;
      continue;
    }
    if (reply.status >= 400) failed.add(item.id);
    responses.push({
      id: item.id,
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
      // A reply with no body (a DELETE's 204) has none in the envelope either, as Graph answers it.
      ...(reply.body !== undefined ? { body: reply.body } : {}),
    });
  }
  if (dropped) throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
  // Reversed, so the adapter must correlate by id.
  return toResponse({ status: 200, body: { responses: responses.reverse() } });
}

function toResponse(reply: ScriptedReply): Response {
  const hasBody = reply.body !== undefined && reply.status !== 204;
  return new Response(hasBody ? JSON.stringify(reply.body) : null, {
    status: reply.status,
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...reply.headers },
  });
}

/** A Graph contact as the service returns it (extended properties only when expanded). */
export function graphContact(
  id: string,
  changeKey: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${changeKey}"`,
    id,
    changeKey,
    displayName: `Contact ${id}`,
    givenName: null,
    middleName: null,
    surname: null,
    initials: null,
    jobTitle: null,
    companyName: null,
    emailAddresses: [],
    businessPhones: [],
    mobilePhone: null,
    businessHomePage: null,
    businessAddress: {},
    ...fields,
  };
}

/** Records the waits the adapter asks for, without waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

/**
 * A mailbox (`/me`) on a scripted Graph at BASE: any token, retries without waiting (or `options`'
 * sleep), no jitter; `options` may add the run's signal.
 */
export function scriptedMailbox(
  graph: { fetch: FetchLike },
  options: { sleep?: (ms: number) => Promise<void>; signal?: AbortSignal } = {},
): GraphMailbox {
  return new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    sleep: options.sleep ?? recordingSleep().sleep,
    random: () => 0,
    fetch: graph.fetch,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
