import { Client, GraphClientError, ResponseType } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { DEFAULT_TIMEOUTS, isCancellation, withDeadline } from '../platform/deadline.js';
import { isConnectionRefused, networkError } from './graph-error.js';
import type { GraphError } from './graph-error.js';

export type FetchLike = (input: RequestInfo, init?: RequestInit) => Promise<Response>;

/**
 * Carries a normalised network failure through the Graph client, which rethrows GraphClientErrors
 * unchanged. (Not a subclass: GraphClientError resets its prototype, so instanceof would fail.)
 */
function networkFailure(adapterError: GraphError | Error): GraphClientError {
  return Object.assign(new GraphClientError(adapterError.message), { adapterError });
}

function adapterErrorOf(error: unknown): GraphError | Error | null {
  return (error as { adapterError?: GraphError | Error } | null)?.adapterError ?? null;
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else options.headers = { ...(headers as Record<string, string> | undefined), [name]: value };
}

/**
 * Our own auth step: the SDK's AuthenticationHandler only sends tokens to https Graph hosts (or
 * configured custom hosts) and strips Authorization otherwise, which breaks the plain-http emulator.
 */
class BearerTokenMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly getToken: () => Promise<string>) {}
  async execute(context: Context): Promise<void> {
    setHeader(context, 'Authorization', `Bearer ${await this.getToken()}`);
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Counts HTTP requests and turns fetch failures into the adapter's error before the SDK wraps them. */
class MeteringMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly onRequest: () => void) {}
  async execute(context: Context): Promise<void> {
    this.onRequest();
    try {
      await this.next?.execute(context);
    } catch (error) {
      // A cancelled run's call passes through as it is: not a lost answer, nothing to retry.
      if (isCancellation(error)) throw networkFailure(error as Error);
      throw networkFailure(networkError(error, isConnectionRefused(error)));
    }
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Terminal step: fetch (global, or injected by tests and the facade's in-process path) with a deadline. */
class DeadlineFetchHandler implements Middleware {
  constructor(private readonly fetchImpl: FetchLike) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, context.options as RequestInit);
  }
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  readonly body: unknown;
}

export async function readRaw(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown = null;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = { error: { code: 'InvalidResponse', message: text.slice(0, 500) } };
    }
  }
  return { status: response.status, headers: response.headers, body };
}

export interface GraphClientOptions {
  /** Version root, e.g. `https://graph.microsoft.com/v1.0` or `http://127.0.0.1:4000/v1.0`. */
  baseUrl: string;
  getToken: () => Promise<string>;
  onRequest: () => void;
  fetch?: FetchLike;
  /** Per attempt, in milliseconds (default DEFAULT_TIMEOUTS.graphMs); a timeout reads as a lost answer. */
  timeoutMs?: number;
  /** The run's signal: aborting it ends calls in flight with CallCancelledError. */
  signal?: AbortSignal;
}

/**
 * One HTTP attempt through the Graph SDK (explicit chain: auth → metering → fetch). Responses
 * come back raw whatever their status; retries and error mapping are the adapter's business.
 */
export class RawGraphClient {
  private readonly client: Client;
  readonly baseUrl: string;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const auth = new BearerTokenMiddleware(options.getToken);
    const metering = new MeteringMiddleware(options.onRequest);
    const base: typeof fetch = (options.fetch as typeof fetch | undefined) ?? ((i, init) => fetch(i, init));
    const terminal = new DeadlineFetchHandler(
      withDeadline(base, {
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.graphMs,
        signal: options.signal,
      }),
    );
    auth.setNext(metering);
    metering.setNext(terminal);
    // baseUrl already holds the version; the SDK joins host + version + path.
    this.client = Client.initWithMiddleware({ middleware: auth, baseUrl: this.baseUrl, defaultVersion: '' });
  }

  /** `url` is relative to the version root, or an absolute nextLink/deltaLink of this service. */
  async send(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const request = this.client.api(this.relative(url)).responseType(ResponseType.RAW).headers(headers);
    let response: Response;
    try {
      if (method === 'GET') response = (await request.get()) as Response;
      else if (method === 'POST') response = (await request.post(body)) as Response;
      else if (method === 'PATCH') response = (await request.patch(body)) as Response;
      else response = (await request.delete()) as Response;
    } catch (error) {
      throw adapterErrorOf(error) ?? error;
    }
    return readRaw(response);
  }

  /**
   * Whether `send` would send `url` (and the token) to this client's base: a path, or a link
   * `relative` places under the version root. Any other absolute URL would go to its own host.
   */
  keeps(url: string): boolean {
    return !/^([a-z][a-z\d+.-]*:|\/\/)/i.test(this.relative(url));
  }

  /**
   * The SDK parses only https URLs itself; links of this service (http emulator included) are
   * cut back to the version root so the SDK rebuilds them on the same base. Query values are
   * kept as sent by the server.
   */
  private relative(url: string): string {
    if (url.toLowerCase().startsWith(this.baseUrl.toLowerCase()))
      return url.slice(this.baseUrl.length) || '/';
    // The same service under another host name (the emulator is reached as localhost, 127.0.0.1 or
    // in-process, and a delta link stored by one client is followed by another): keep the path.
    const path = /^https?:\/\/[^/]+(\/.*)$/i.exec(url)?.[1];
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    if (path && basePath !== '' && path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)) {
      return path.slice(basePath.length);
    }
    return url;
  }
}
