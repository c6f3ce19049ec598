/**
 * The suite's hold on the services: the emulator's admin API (limits, counters, tokens, seed, dump),
 * the facade's dev tokens, and Business Central's data straight in PostgreSQL (as BC users edit it).
 */
import pg from 'pg';
import type { RuntimeConfigPatch } from '../../src/emulator/index.js';
import type { CountersSnapshot } from '../../src/emulator/index.js';
import type { Limits } from './options.js';
import { BENCH_BC_USER } from './bc-data.js';

export const FOLDER = 'Business Central';

export interface Services {
  readonly graphUrl: string;
  /** The emulator's admin secret (X-Admin-Token on /_emulator/*). */
  readonly graphAdminToken: string;
  readonly facadeUrl: string;
  readonly databaseUrl: string;
}

async function call(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export function emulatorConfig(limits: Limits): RuntimeConfigPatch {
  return {
    latency: { fixedMs: limits.latencyMs, jitterMs: 0 },
    throttling: {
      enabled: true,
      quota: limits.quota,
      windowMs: limits.windowMs,
      concurrency: limits.concurrency,
      concurrencyRetryAfterSeconds: limits.concurrencyRetryAfterS,
    },
    delta: { maxGenerations: 50 },
  };
}

/** Setup work (seeding, edits, warm-up runs) is not measured: no latency, no limits. */
const FAST: RuntimeConfigPatch = { latency: { fixedMs: 0, jitterMs: 0 }, throttling: { enabled: false } };

export class World {
  readonly db: pg.Pool;
  private facadeToken: string | null = null;

  constructor(
    readonly services: Services,
    private readonly limits: Limits,
  ) {
    this.db = new pg.Pool({ connectionString: services.databaseUrl, max: 2 });
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  // ------------------------------------------------------------------ emulator

  /** The emulator's admin API (/_emulator/<path>), with its admin token. */
  private admin(path: string, init: RequestInit = {}): Promise<unknown> {
    return call(`${this.services.graphUrl}/_emulator${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        'x-admin-token': this.services.graphAdminToken,
      },
    });
  }

  async measuredLimits(): Promise<void> {
    await this.admin('/config', json('PUT', emulatorConfig(this.limits)));
  }

  async fastLimits(): Promise<void> {
    await this.admin('/config', json('PUT', FAST));
  }

  async emulatorConfig(patch: RuntimeConfigPatch): Promise<void> {
    await this.admin('/config', json('PUT', patch));
  }

  async counters(): Promise<CountersSnapshot> {
    return (await this.admin('/counters')) as CountersSnapshot;
  }

  /** An app-only token; throttling is per app and mailbox, so a new app id starts a fresh window. */
  async graphToken(appId: string): Promise<string> {
    const r = (await this.admin('/token', json('POST', { roles: ['Contacts.ReadWrite'], appId }))) as {
      access_token: string;
    };
    return r.access_token;
  }

  async seedFolder(upn: string, contacts: readonly Record<string, unknown>[]): Promise<void> {
    // The admin API takes Fastify's default 1 MiB body: seed in slices.
    for (let i = 0; i < contacts.length || i === 0; i += 400) {
      const slice = contacts.slice(i, i + 400);
      await this.admin(
        `/seed`,
        json('POST', { mailboxes: [{ id: upn, upn, folders: [{ displayName: FOLDER, contacts: slice }] }] }),
      );
      if (contacts.length === 0) break;
    }
  }

  /** Every contact of the synced folder, with extended properties (the emulator's dump). */
  async folderContacts(upn: string): Promise<Record<string, unknown>[]> {
    let dump: { folders: { displayName: string; contacts: Record<string, unknown>[] }[] };
    try {
      dump = (await this.admin(`/mailboxes/${encodeURIComponent(upn)}`)) as typeof dump;
    } catch (e) {
      if (String(e).includes(': 404')) return [];
      throw e;
    }
    return dump.folders.find((f) => f.displayName === FOLDER)?.contacts ?? [];
  }

  /** Graph calls made by the suite itself (edits, expiry), on its own app id. */
  async graph(
    upn: string,
    requests: readonly { method: string; url: string; body?: unknown }[],
  ): Promise<unknown[]> {
    const token = await this.graphToken('bench-setup');
    const out: unknown[] = [];
    for (let i = 0; i < requests.length; i += 20) {
      const slice = requests.slice(i, i + 20).map((r, k) => ({
        id: String(k + 1),
        method: r.method,
        url: `/users/${encodeURIComponent(upn)}${r.url}`,
        ...(r.body !== undefined ? { body: r.body, headers: { 'Content-Type': 'application/json' } } : {}),
      }));
      const res = (await call(`${this.services.graphUrl}/v1.0/$batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ requests: slice }),
      })) as { responses: { id: string; status: number; body: unknown }[] };
      for (const r of res.responses.sort((a, b) => Number(a.id) - Number(b.id))) {
        if (r.status >= 300)
          throw new Error(`setup Graph call failed: ${r.status} ${JSON.stringify(r.body)}`);
        out.push(r.body);
      }
    }
    return out;
  }

  /** Follows a whole delta round of the folder (used to push an older delta token out). */
  async deltaRound(upn: string, folderId: string): Promise<void> {
    const token = await this.graphToken('bench-setup');
    let url: string | null =
      `${this.services.graphUrl}/v1.0/users/${encodeURIComponent(upn)}/contactFolders/${folderId}/contacts/delta?$select=id`;
    while (url) {
      const page = (await call(url, {
        headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=200' },
      })) as { '@odata.nextLink'?: string };
      url = page['@odata.nextLink'] ?? null;
    }
  }

  // ------------------------------------------------------------------ facade

  async bcToken(): Promise<string> {
    if (this.facadeToken) return this.facadeToken;
    const r = (await call(
      `${this.services.facadeUrl}/dev/token?user=${encodeURIComponent(BENCH_BC_USER)}`,
    )) as {
      access_token: string;
    };
    this.facadeToken = r.access_token;
    return r.access_token;
  }
}
