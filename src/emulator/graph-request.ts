import type { RuntimeConfig } from './options.js';
import type { EmulatorStore } from './store.js';
import type { Mailbox } from './store-shapes.js';

/** Who is calling, taken from a verified token. */
export interface Principal {
  kind: 'user' | 'app';
  /** Delegated: the user's object id; app-only: null. */
  userId: string | null;
  upn: string | null;
  /** `appid`/`azp` claim; throttling is per app + mailbox. */
  appId: string;
  roles: string[];
  /** Delegated scopes (`scp`), or null when the token carries none. */
  scopes: string[] | null;
}

/** One Graph call, from HTTP or from a $batch item; path is relative to the version root. */
export interface GraphRequest {
  method: string;
  /** e.g. `/me/contactFolders/abc/contacts`, percent-decoded per segment later. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when none was sent). */
  body: unknown;
  /** Absolute URL of the version root as the client sees it, e.g. `http://127.0.0.1:4000/v1.0`. */
  baseUrl: string;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What a resource handler needs: the request plus the already authorised mailbox. */
export interface HandlerContext {
  req: GraphRequest;
  store: EmulatorStore;
  config: RuntimeConfig;
  mailbox: Mailbox;
  /** Segments after `/me` or `/users/{id}`, percent-decoded. */
  segments: string[];
}

/**
 * A JSON body already written out (a contact list page, handlers-contacts.ts): the exact text
 * JSON.stringify gives for the body it stands for.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The body's JSON text as the wire carries it. */
export function bodyText(body: unknown): string {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}

/**
 * The body as JSON values (a written-out one parsed back). A $batch item's answer embeds its text
 * since cd1a52b, so only tests read bodies this way.
 * @internal
 */
export function bodyValue(body: unknown): unknown {
  return body instanceof JsonText ? (JSON.parse(body.text) as unknown) : body;
}

/**
 * The response with its JSON body written out, so that the writing happens before the call's
 * answer is due (emulator.ts); bytes, a body already written out and no body stay as they are.
 */
export function writtenOut(response: GraphResponse): GraphResponse {
  const { body } = response;
  if (body === undefined || body instanceof JsonText || Buffer.isBuffer(body)) return response;
  return { ...response, body: new JsonText(JSON.stringify(body)) };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export const noContent = (): GraphResponse => ({ status: 204, headers: {}, body: undefined });

/** The link prefix for this request's resource path (used for nextLink/deltaLink). */
export function resourceUrl(req: GraphRequest): string {
  return req.baseUrl + req.path;
}

export function metadataContext(ctx: HandlerContext, suffix: string): string {
  return `${ctx.req.baseUrl}/$metadata#users('${encodeURIComponent(ctx.mailbox.id)}')/${suffix}`;
}
