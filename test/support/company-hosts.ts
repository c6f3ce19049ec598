import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import type { QuietServer } from './quiet-server.js';
import { bearerJson } from './bearer-json.js';
import type { Json } from './bearer-json.js';

/** A BC API path of a company's contacts collection (a POST there creates one). */
const CONTACTS = /\/contacts$/;

/**
 * Users of one company on one `npm start` server, syncing from the three hosts: the pane's engine
 * over HTTP (`pane`), the scheduler (`schedule`) and the route the CLI calls (`cli`). Shared by
 * the create-turn suites (F61, F72).
 */
export type Host = 'pane' | 'schedule' | 'cli';
export type { Json } from './bearer-json.js';

export interface CompanyUser {
  readonly upn: string;
  readonly key: string;
  readonly facade: string;
  readonly graph: string;
  folderId: string;
}

export interface CompanyHosts {
  readonly server: QuietServer;
  readonly companyId: string;
  readonly users: readonly CompanyUser[];
  api(user: CompanyUser, path: string, init?: RequestInit, token?: string): Promise<Json>;
  /** The pane's engine of `user`; `gate` is awaited before each of its BC API requests that creates contacts. */
  paneRun(user: CompanyUser, gate?: () => Promise<void>): Promise<RunRecord>;
  serverRun(user: CompanyUser, host: Exclude<Host, 'pane'>): Promise<RunRecord>;
  run(user: CompanyUser, host: Host): Promise<RunRecord>;
}

/**
 * Signs `upns` in, makes them members of the server's first company, saves settings that keep only
 * addresses of `domain` in scope (no schedule) and runs a first sync, so each has its folder.
 */
export async function companyHosts(
  server: QuietServer,
  upns: readonly string[],
  domain: string,
): Promise<CompanyHosts> {
  const adminToken = (
    JSON.parse(readFileSync(join(server.dir, 'server.json'), 'utf8')) as { adminToken: string }
  ).adminToken;
  const issuer = server.ctx.devIssuer!;
  const users: CompanyUser[] = [];
  for (const upn of upns)
    users.push({
      upn,
      key: devUserKey(upn),
      facade: await issuer.userToken(upn, 'facade'),
      graph: await issuer.userToken(upn, 'graph'),
      folderId: '',
    });

  const api = (user: CompanyUser, path: string, init: RequestInit = {}, token = user.facade) =>
    bearerJson(`${server.url}${path}`, token, init, path);
  const companyId = ((await api(users[0]!, '/api/v2.0/companies')).value as Json[])[0]!.id as string;

  // Only creates wait: the engine's other POSTs (its look-ups' `$batch`es, sent while it takes the
  // turn ahead) held at a gate kept the model's round waiting on the turn's hold limit (60 s a turn).
  const createsContacts = (url: string, init?: RequestInit): boolean => {
    if (init?.method !== 'POST' || !url.startsWith(`${server.url}/api/v2.0/`)) return false;
    if (CONTACTS.test(new URL(url).pathname)) return true;
    if (!url.includes('$batch')) return false;
    // A body the test cannot read waits, as every POST did.
    if (typeof init.body !== 'string') return true;
    const ops = (JSON.parse(init.body) as { requests?: { method?: string; url?: string }[] }).requests;
    return (ops ?? []).some((op) => op.method === 'POST' && CONTACTS.test((op.url ?? '').split('?')[0]!));
  };
  const paneRun = async (user: CompanyUser, gate?: () => Promise<void>): Promise<RunRecord> => {
    const gated: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (gate && createsContacts(url, init)) await gate();
      return fetch(input, init);
    };
    const { record } = await runInPane(
      {
        origin: server.url,
        graphBaseUrl: `${server.url}/graph/v1.0`,
        tokens: {
          user: user.upn,
          facade: async () => user.facade,
          graph: async () => user.graph,
          renew: async (audience) => (audience === 'facade' ? user.facade : user.graph),
        },
        userId: async () => user.key,
        company: async () => ({ id: companyId }),
        fetch: gated,
        graphFetch: fetch,
      },
      { mode: 'delta', dryRun: false },
      () => undefined,
      () => false,
    );
    return record;
  };

  const serverRun = async (user: CompanyUser, host: Exclude<Host, 'pane'>): Promise<RunRecord> => {
    if (host === 'schedule')
      return (await server.manager.runNow(user.key, { mode: 'delta', trigger: 'schedule' })).record;
    // What `bc-contact-sync sync` sends to a running server (cli/server-run.ts): start, then read its end.
    const headers = { 'content-type': 'application/json', 'x-admin-token': adminToken };
    const res = await fetch(`${server.url}/internal/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ user: user.upn, mode: 'delta' }),
    });
    const body = (await res.json()) as { record: RunRecord };
    if (res.status !== 202) throw new Error(`CLI run: ${res.status} ${JSON.stringify(body)}`);
    await new Promise<void>((resolve) => {
      const un = server.manager.subscribe(user.key, body.record.id, (e) => e.type === 'end' && resolve());
      if (!un) resolve();
    });
    const end = await fetch(
      `${server.url}/internal/runs/${body.record.id}?user=${encodeURIComponent(user.upn)}`,
      {
        headers,
      },
    );
    return ((await end.json()) as { record: RunRecord }).record;
  };

  for (const user of users) {
    await grantMembership(server.ctx.db, user.key, companyId, 'test');
    // Only the test's people are in scope: the demo company's contacts stay out of the folders.
    await api(user, '/sync/v1/settings', {
      method: 'PUT',
      body: JSON.stringify({ ...DEFAULT_SETTINGS, filter: { email: `*@${domain}` }, scheduleMinutes: 0 }),
    });
    const first = await serverRun(user, 'schedule');
    expect(first.status).toBe('succeeded');
    const folders = (await api(user, '/graph/v1.0/me/contactFolders', {}, user.graph)).value as Json[];
    user.folderId = folders.find((f) => f.displayName === DEFAULT_SETTINGS.folderName)!.id as string;
  }
  return {
    server,
    companyId,
    users,
    api,
    paneRun,
    serverRun,
    run: (user, host) => (host === 'pane' ? paneRun(user) : serverRun(user, host)),
  };
}

/** Who holds or asks for a create turn, from the lease's owner (run, the pane via the route, sender). */
export function creatorOf(owner: string): string | null {
  try {
    const parts = JSON.parse(owner) as unknown[];
    if (!Array.isArray(parts)) return null;
    if (parts[0] === 'sender') return `${String(parts[1])}/sender`;
    if (parts[0] === 'run' || parts[0] === 'user') return `${String(parts[1])}/run`;
  } catch {
    /* not a creator's owner */
  }
  return null;
}
