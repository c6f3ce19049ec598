import type { Drop, GraphEmulator, Outcome } from './emulator.js';
import { shownInput } from '../platform/shown-input.js';
import { GraphError, badRequest, errorBody } from './errors.js';
import type { RequestIds } from './errors.js';
import { JsonText, json } from './graph-request.js';
import type { GraphRequest, Principal } from './graph-request.js';
import { Semaphore } from './throttle.js';

/** Graph's limit of requests in one JSON batch. */
export const MAX_BATCH_REQUESTS = 20;
/** Graph sends at most 4 sub-requests of an unordered batch at a time to Outlook. */
const BATCH_PARALLELISM = 4;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/**
 * One item's answer as the envelope's JSON carries it (`{"id","status","headers","body"}`, no body:
 * null), written out as the item ends: inside the envelope's service time for every item but the
 * last round's, not all after the last deadline (README: what is left above the latency). A body
 * already written out (a contact list page) goes in as it is, not parsed and written again.
 */
function itemText(id: string, status: number, headers: Record<string, string>, body: unknown): string {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body ?? null);
  return `{"id":${JSON.stringify(id)},"status":${status},"headers":${JSON.stringify(headers)},"body":${text}}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the envelope like Graph: any malformed item fails the whole batch with 400. */
function parseBatch(body: unknown): BatchItem[] {
  if (!isObject(body) || !Array.isArray(body.requests)) throw badRequest('Invalid batch payload format.');
  const raw: unknown[] = body.requests;
  if (raw.length === 0) throw badRequest('The batch request must contain at least one request.');
  if (raw.length > MAX_BATCH_REQUESTS) {
    throw badRequest(`Number of batch requests (${raw.length}) exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  const seen = new Set<string>();
  return raw.map((entry) => {
    if (!isObject(entry)) throw badRequest('Invalid batch payload format.');
    const { id, method, url } = entry;
    if (typeof id !== 'string' || id === '') throw badRequest('Every batch request needs a string "id".');
    if (seen.has(id))
      throw badRequest(`Batch request id '${shownInput(id)}' is duplicated; request ids must be unique.`);
    if (typeof method !== 'string' || typeof url !== 'string') {
      throw badRequest(`Batch request '${shownInput(id)}' needs "method" and "url".`);
    }
    const headers: Record<string, string> = {};
    if (isObject(entry.headers)) {
      for (const [k, v] of Object.entries(entry.headers))
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
    }
    if (entry.body !== undefined && headers['content-type'] === undefined) {
      throw badRequest(`Batch request '${shownInput(id)}' has a body but no Content-Type header.`);
    }
    const dependsOn = Array.isArray(entry.dependsOn) ? entry.dependsOn.map(String) : [];
    for (const dep of dependsOn) {
      if (!seen.has(dep))
        throw badRequest(
          `Batch request '${shownInput(id)}' depends on unknown or later request '${shownInput(dep)}'.`,
        );
    }
    seen.add(id);
    return { id, method: method.toUpperCase(), url, headers, body: entry.body, dependsOn };
  });
}

/** Item URLs are relative to the version root; absolute Graph URLs are tolerated too. */
function splitItemUrl(url: string): { path: string; query: URLSearchParams } {
  const parsed = new URL(url.startsWith('/') || /^\w+:/.test(url) ? url : `/${url}`, 'http://batch.invalid');
  const versioned = /\/(v1\.0|beta)(\/.*)$/i.exec(parsed.pathname);
  return { path: versioned?.[2] ?? parsed.pathname, query: parsed.searchParams };
}

function itemBody(item: BatchItem): unknown {
  // Graph accepts JSON bodies inline; a string body with a JSON content type is parsed too.
  if (typeof item.body === 'string' && /json/i.test(item.headers['content-type'] ?? '')) {
    try {
      return JSON.parse(item.body) as unknown;
    } catch {
      return item.body;
    }
  }
  return item.body;
}

const failedDependency = (): GraphError =>
  new GraphError(424, 'FailedDependency', 'The request failed because a request it depends on failed.');

interface ItemResult {
  status: number;
  /** The item's answer, written out (itemText). */
  text: string;
  drop: Drop | null;
  /** When the item ended on the emulator's clock (Outcome.endedAt). */
  endedAt: number;
}

/**
 * POST /$batch: runs each item through the full pipeline (so each counts, is throttled and may be
 * faulted individually), at most 4 at a time, honouring dependsOn. A dropped item (reset, lost
 * or unanswered response) drops the whole envelope after every item has run. An item reaches
 * Graph when it has its slot and its dependencies have ended, the first ones at the envelope's
 * arrival (`arrivedAt`), so the envelope's token and parsing are inside the first round's latency.
 */
export async function runBatch(
  emulator: GraphEmulator,
  principal: Principal,
  envelope: GraphRequest,
  envelopeIds: RequestIds,
  arrivedAt: number = emulator.now(),
): Promise<Outcome> {
  let items: BatchItem[];
  try {
    items = parseBatch(envelope.body);
  } catch (error) {
    return { response: emulator.errorResponse(error, envelopeIds), drop: null, endedAt: arrivedAt };
  }
  const semaphore = new Semaphore(BATCH_PARALLELISM);
  const results = new Map<string, Promise<ItemResult>>();
  const completed: ItemResult[] = [];

  for (const item of items) {
    const run = async (): Promise<ItemResult> => {
      const deps = await Promise.all(item.dependsOn.map((d) => results.get(d)));
      const ids = emulator.newIds(item.headers['client-request-id'] ?? envelopeIds.clientRequestId);
      const readyAt = Math.max(arrivedAt, ...deps.map((d) => d?.endedAt ?? arrivedAt));
      let outcome: Outcome;
      if (deps.some((d) => !d || d.drop || d.status >= 400)) {
        outcome = { response: json(424, errorBody(failedDependency(), ids)), drop: null, endedAt: readyAt };
      } else {
        const { path, query } = splitItemUrl(item.url);
        const req: GraphRequest = {
          method: item.method,
          path,
          query,
          headers: item.headers,
          body: itemBody(item),
          baseUrl: envelope.baseUrl,
        };
        outcome = await semaphore.run(readyAt, (startedAt) =>
          emulator.execute(principal, req, true, ids, startedAt),
        );
      }
      const { status, headers, body } = outcome.response;
      const result = {
        status,
        text: itemText(item.id, status, headers, body),
        drop: outcome.drop,
        endedAt: outcome.endedAt,
      };
      completed.push(result);
      return result;
    };
    results.set(item.id, run());
  }
  await Promise.all(results.values());

  const responses = completed.map((r) => r.text);
  if (emulator.config.shuffleBatchResponses) shuffle(responses, emulator.batchShuffle);
  // The envelope is one answer on one connection: it ends the most abrupt way any item asked for.
  const drops = new Set(completed.map((r) => r.drop));
  const drop = drops.has('beforeAnswer') ? 'beforeAnswer' : drops.has('midAnswer') ? 'midAnswer' : null;
  const endedAt = Math.max(arrivedAt, ...completed.map((r) => r.endedAt));
  return { response: json(200, new JsonText(`{"responses":[${responses.join(',')}]}`)), drop, endedAt };
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
}
