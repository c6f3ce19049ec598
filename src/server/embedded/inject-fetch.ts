import type { FastifyInstance } from 'fastify';

/**
 * A fetch that answers from the app itself (`inject`): server-side runs reach the embedded Graph
 * emulator without a socket and without trusting the process's own dev certificate.
 */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? request?.headers).forEach((v, k) => (headers[k] = v));
    let payload: string | undefined;
    if (init?.body !== undefined && init.body !== null)
      payload = typeof init.body === 'string' ? init.body : await new Response(init.body).text();
    else if (request && request.body) payload = await request.text();
    const res = await app.inject({
      method: method as 'GET',
      url: url.pathname + url.search,
      headers: { ...headers, host: url.host },
      ...(payload !== undefined ? { payload } : {}),
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [String(v)]) out.append(k, item);
    }
    const empty = res.statusCode === 204 || res.statusCode === 304 || method === 'HEAD';
    return new Response(empty ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: out,
    });
  };
}
