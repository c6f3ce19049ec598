import { expect } from '@jest/globals';
import {
  createGraphEmulator,
  createTestIssuer,
  exportSeed,
  journalEntry,
  startableGraphEmulator,
} from '../../src/emulator/index.js';
import type { JournalEntry } from '../../src/emulator/index.js';
import type { SeedData, SeedFolder } from '../../src/emulator/options.js';
import type { Principal } from '../../src/emulator/graph-request.js';
import type { GraphEmulator, StandaloneOptions, TestIssuer } from '../../src/emulator/index.js';
import type { FastifyInstance } from 'fastify';
import { openedForTests } from '../support/opened.js';

export const ANN = { oid: '11111111-aaaa-4000-8000-000000000001', upn: 'ann@contoso.test' };
export const BOB = { oid: '22222222-bbbb-4000-8000-000000000002', upn: 'bob@contoso.test' };
/** A well-formed Exchange id (id-shape.ts) that names nothing: 404, where 'nope' is 400 malformed. */
export const UNKNOWN_ID = `AAMkAGI2${'A'.repeat(40)}=`;

export interface Harness {
  app: FastifyInstance;
  emulator: GraphEmulator;
  issuer: TestIssuer;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /v1.0 */
  base: string;
  annToken: string;
  appToken: string;
  /** The admin routes' secret (X-Admin-Token). */
  adminToken: string;
  /** fetch against /_emulator/<path> with the admin token; JSON bodies are stringified. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** fetch against the Graph API as Ann (or with the given token); JSON bodies are stringified. */
  call(
    method: string,
    path: string,
    body?: unknown,
    init?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the emulator on loopback, port 0, with a shared test issuer. */
export async function startHarness(options: StandaloneOptions = {}): Promise<Harness> {
  const issuer = await createTestIssuer();
  const { app, emulator, adminToken } = await startableGraphEmulator({ auth: issuer.auth, ...options });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `${origin}${options.graphPrefix ?? '/v1.0'}`;
  const annToken = await issuer.userToken(ANN.oid, ANN.upn);
  const appToken = await issuer.appToken();
  const call: Harness['call'] = (method, path, body, init = {}) => {
    const token = init.token === undefined ? annToken : init.token;
    const headers: Record<string, string> = { ...init.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const url = path.startsWith('http') ? path : `${base}${path}`;
    return fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  };
  const admin: Harness['admin'] = (method, path, body) =>
    fetch(`${origin}/_emulator${path}`, {
      method,
      headers: {
        'x-admin-token': adminToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return {
    app,
    emulator,
    issuer,
    origin,
    base,
    annToken,
    appToken,
    adminToken,
    admin,
    call,
    close: () => app.close(),
  };
}

export async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** Asserts Graph's error body shape and returns the error object. */
export async function expectGraphError(
  response: Response,
  status: number,
  code: string,
  message?: string | RegExp,
): Promise<{ code: string; message: string; innerError: Record<string, string> }> {
  const body = (await response.json()) as {
    error: { code: string; message: string; innerError: Record<string, string> };
  };
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  if (typeof message === 'string') expect(body.error.message).toBe(message);
  else if (message) expect(body.error.message).toMatch(message);
  expect(body.error.innerError).toEqual(
    expect.objectContaining({
      date: expect.any(String),
      'request-id': expect.any(String),
      'client-request-id': expect.any(String),
    }),
  );
  return body.error;
}

/** Creates a folder as Ann and returns its id. */
export async function createFolder(h: Harness, displayName: string): Promise<string> {
  const response = await h.call('POST', '/me/contactFolders', { displayName });
  if (response.status !== 201)
    throw new Error(`folder create failed: ${response.status} ${await response.text()}`);
  return (await jsonOf(response)).id as string;
}

export async function createContact(
  h: Harness,
  folderId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await h.call('POST', `/me/contactFolders/${folderId}/contacts`, body);
  if (response.status !== 201)
    throw new Error(`contact create failed: ${response.status} ${await response.text()}`);
  return jsonOf(response);
}

/** The emulator for the enclosing describe's (or file's) tests: started before them, closed after. */
export function useHarness(options: StandaloneOptions = {}): Harness {
  return openedForTests(() => startHarness(options));
}

/** A live emulator (no server) journalling every write into `entries`, and its state before any. */
export async function journaledEmulator(): Promise<{
  live: Awaited<ReturnType<typeof createGraphEmulator>>;
  before: SeedData;
  entries: JournalEntry[];
}> {
  const live = await createGraphEmulator({});
  const before = exportSeed(live.store);
  const entries: JournalEntry[] = [];
  live.store.onWrite = (w) => entries.push(journalEntry(w));
  return { live, before, entries };
}

/** Ann as a delegated caller of the emulator's pipeline (no HTTP). */
export const ANN_PRINCIPAL: Principal = {
  kind: 'user',
  userId: ANN.oid,
  upn: ANN.upn,
  appId: 'test-app',
  roles: [],
  scopes: null,
};

/** One Graph call run in-process as Ann (`path` under /v1.0, `query` without "?"); its response. */
export async function callAsAnn(
  emulator: GraphEmulator,
  method: string,
  path: string,
  query = '',
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const outcome = await emulator.execute(
    ANN_PRINCIPAL,
    {
      method,
      path,
      query: new URLSearchParams(query),
      headers,
      body,
      baseUrl: 'http://emulator.invalid/v1.0',
    },
    false,
    emulator.newIds(undefined),
  );
  return outcome.response;
}

/** Seed data: Ann's mailbox with one folder "Business Central" holding `contacts`. */
export function annFolderSeed(folderId: string, contacts: SeedFolder['contacts']): SeedData {
  return {
    mailboxes: [
      { id: ANN.oid, upn: ANN.upn, folders: [{ id: folderId, displayName: 'Business Central', contacts }] },
    ],
  };
}
