import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';

/**
 * A fetch in front of a real service (the facade's BC API, the Graph emulator) that makes write
 * outcomes uncertain the ways networks do (issue 9 §5): a write is applied and its answer replaced
 * by 502/503/504, dropped from its `$batch` answer, lost with the connection or never answered
 * (the caller's own deadline ends it); or it is refused with 503 / the connection is lost before
 * anything ran. Reads pass untouched. Both services speak OData JSON batch
 * (`{requests:[{id,method,url,headers,body}]}` → `{responses:[{id,status,headers,body}]}`), so one
 * wrapper serves both sides and both paths (HTTP, or `inject` in process).
 */

/** What happens to one write. */
export type WriteFate =
  | 'ok'
  | 'applied502'
  | 'applied503'
  | 'applied504'
  /** Applied; its `$batch` answer lacks it (a request of its own: the connection drops after). */
  | 'appliedNoAnswer'
  /** Applied; the whole answer (envelope or request) is lost with the connection. */
  | 'appliedLost'
  /** Applied; no answer comes in time: the call ends as the caller's deadline ends it (a timeout). */
  | 'appliedTimeout'
  | 'refused503'
  /** Refused by throttling: nothing applied, answered 429 with `Retry-After: 1` (Graph's quota). */
  | 'refused429'
  /** The connection drops before the request reached the service: nothing applied. */
  | 'lostBefore'
  /**
   * Applied twice: the HTTP stack sent the request (a `$batch`: the whole envelope) again by
   * itself after the connection closed before any byte of the answer, as a browser does on a
   * reused keep-alive connection (F34); the caller sees only the second answer.
   */
  | 'appliedResent';

export const UNCERTAIN_FATES: readonly WriteFate[] = [
  'applied502',
  'applied503',
  'applied504',
  'appliedNoAnswer',
  'appliedLost',
  'appliedTimeout',
  'refused503',
  'lostBefore',
];

export interface WriteCall {
  readonly method: string;
  /** Path (and query) as sent, absolute or relative to the version root inside a `$batch`. */
  readonly url: string;
  readonly body: unknown;
}

export interface UncertainLog {
  /** Writes by fate, as they were dealt (a fate other than 'ok' counts as one injected fault). */
  readonly fates: Map<WriteFate, number>;
  /** Every write seen, with the fate dealt to it. */
  readonly writes: (WriteCall & { readonly fate: WriteFate })[];
}

type Json = Record<string, unknown>;
type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

const ERROR_CODES: Record<number, string> = {
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
  429: 'TooManyRequests',
};

/** Headers of an injected error answer: a 429 says when to come back, as Graph's do. */
const errorHeaders = (status: number): Record<string, string> => ({
  'content-type': 'application/json',
  ...(status === 429 ? { 'retry-after': '1' } : {}),
});

function errorBody(status: number): Json {
  return { error: { code: ERROR_CODES[status] ?? `Http${status}`, message: `Injected ${status}.` } };
}

const statusOf = (fate: WriteFate): number | null =>
  fate === 'applied502'
    ? 502
    : fate === 'applied503' || fate === 'refused503'
      ? 503
      : fate === 'applied504'
        ? 504
        : fate === 'refused429'
          ? 429
          : null;

const applies = (fate: WriteFate): boolean =>
  fate !== 'refused503' && fate !== 'refused429' && fate !== 'lostBefore';

/** What the adapters' deadline (withDeadline) throws when no answer came in time; no real wait. */
const timedOut = () => new CallTimeoutError(60_000);

const connectionLost = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });

/**
 * Wraps `inner` so each write meets the fate `fateOf` deals it. `fateOf` is called once per write
 * in the order writes are seen (seeded by the caller: deterministic for one request order).
 */
export function uncertainFetch(
  inner: Fetch,
  fateOf: (write: WriteCall) => WriteFate,
): { fetch: Fetch; log: UncertainLog } {
  const log: UncertainLog = { fates: new Map(), writes: [] };
  const deal = (call: WriteCall): WriteFate => {
    if (call.method === 'GET') return 'ok';
    const fate = fateOf(call);
    log.writes.push({ ...call, fate });
    log.fates.set(fate, (log.fates.get(fate) ?? 0) + 1);
    return fate;
  };

  const wrapped: Fetch = async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    let text: string | undefined;
    if (init?.body !== undefined && init.body !== null)
      text = typeof init.body === 'string' ? init.body : await new Response(init.body).text();
    else if (request?.body) text = await request.clone().text();
    const forward = (body: string | undefined) =>
      inner(request ? new Request(request, { body: body ?? null }) : url, {
        ...init,
        method,
        ...(body !== undefined ? { body } : {}),
      });

    if (method === 'POST' && new URL(url).pathname.endsWith('/$batch') && text !== undefined) {
      const envelope = JSON.parse(text) as { requests?: Json[] };
      const ops = envelope.requests ?? [];
      const fates = ops.map((op) =>
        deal({ method: String(op.method ?? 'GET').toUpperCase(), url: String(op.url), body: op.body }),
      );
      // One fate for the connection: the first write's envelope-level fate, if any.
      const whole = fates.find((f) => f === 'appliedLost' || f === 'appliedTimeout' || f === 'lostBefore');
      if (whole === 'lostBefore') throw connectionLost();
      const sent = ops.filter((_, k) => applies(fates[k] as WriteFate));
      let answered: Json[] = [];
      let head: Response | null = null;
      if (sent.length > 0) {
        if (fates.includes('appliedResent'))
          await (await forward(JSON.stringify({ ...envelope, requests: sent }))).text();
        head = await forward(JSON.stringify({ ...envelope, requests: sent }));
        const json = (await head.json()) as { responses?: Json[] };
        answered = json.responses ?? [];
      }
      if (whole === 'appliedLost') throw connectionLost();
      if (whole === 'appliedTimeout') throw timedOut();
      if (head && (head.status < 200 || head.status >= 300))
        return new Response(JSON.stringify(await head.json().catch(() => null)), { status: head.status });
      const byId = new Map(answered.map((r) => [String(r.id), r]));
      const responses = ops.flatMap((op, k) => {
        const fate = fates[k] as WriteFate;
        const id = String(op.id);
        if (fate === 'appliedNoAnswer') return [];
        const status = statusOf(fate);
        if (status !== null) return [{ id, status, headers: errorHeaders(status), body: errorBody(status) }];
        const r = byId.get(id);
        return r ? [r] : [];
      });
      return Response.json({ responses });
    }

    if (method === 'GET' || method === 'HEAD') return forward(text);
    const fate = deal({ method, url, body: text === undefined ? undefined : (JSON.parse(text) as unknown) });
    if (fate === 'lostBefore') throw connectionLost();
    if (fate === 'refused503' || fate === 'refused429')
      return Response.json(errorBody(statusOf(fate)!), {
        status: statusOf(fate)!,
        headers: errorHeaders(statusOf(fate)!),
      });
    if (fate === 'appliedResent') await (await forward(text)).text();
    const res = await forward(text);
    if (fate === 'appliedLost' || fate === 'appliedNoAnswer') throw connectionLost();
    if (fate === 'appliedTimeout') throw timedOut();
    const status = statusOf(fate);
    return status === null ? res : Response.json(errorBody(status), { status });
  };
  return { fetch: wrapped, log };
}

/** Deals `fate` to a share `rate` of the writes `only` selects (seeded: the same seed, the same fates). */
export function seededFates(
  random: () => number,
  rate: number,
  fates: readonly WriteFate[],
  only: (write: WriteCall) => boolean = () => true,
): (write: WriteCall) => WriteFate {
  return (write) => {
    if (!only(write)) return 'ok';
    if (random() >= rate) return 'ok';
    return fates[Math.floor(random() * fates.length)] ?? 'ok';
  };
}
