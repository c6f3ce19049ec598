/**
 * The running product's HTTP APIs as a test drives them from outside the pane: dev tokens, the
 * facade (`/sync/v1`, `/api/v2.0`) and the Graph emulator, plus a server-side run awaited to its end.
 */
import type { RunRecord } from '../../src/core/records.js';

type Audience = 'facade' | 'graph';

export interface ProductApi {
  call<T>(
    audience: Audience,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  /** Starts a run on the server (trigger `pane`) and resolves with its record once it ended. */
  run(mode: 'delta' | 'full'): Promise<RunRecord>;
  /** The BC contact path of the first company: `/api/v2.0/companies(…)/contacts(id)`. */
  contactPath(bcId: string): Promise<string>;
  /** Creates a contact in the user's "Business Central" folder in Outlook (Graph), as the user would. */
  addToSyncFolder(contact: Record<string, unknown>): Promise<void>;
}

export function productApi(url: string, user: string): ProductApi {
  const token = async (audience: Audience): Promise<string> => {
    const res = await fetch(`${url}/dev/token?user=${user}&audience=${audience}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const call = async <T>(
    audience: Audience,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(audience)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  let company: string | null = null;
  return {
    call,
    run: async (mode) => {
      const { run } = await call<{ run: RunRecord }>('facade', 'POST', '/sync/v1/runs', {
        mode,
        dryRun: false,
      });
      // The event stream ends when the run ends.
      const events = await fetch(`${url}/sync/v1/runs/${run.id}/events`, {
        headers: { authorization: `Bearer ${await token('facade')}`, accept: 'text/event-stream' },
      });
      await events.text();
      const { runs } = await call<{ runs: RunRecord[] }>('facade', 'GET', '/sync/v1/runs?limit=5');
      const ended = runs.find((r) => r.id === run.id);
      if (!ended || ended.status === 'running') throw new Error(`run ${run.id} did not end`);
      return ended;
    },
    contactPath: async (bcId) => {
      company ??=
        (await call<{ value: { id: string }[] }>('facade', 'GET', '/api/v2.0/companies')).value[0]?.id ?? '';
      return `/api/v2.0/companies(${company})/contacts(${bcId})`;
    },
    addToSyncFolder: async (contact) => {
      const { value: folders } = await call<{ value: { id: string; displayName: string }[] }>(
        'graph',
        'GET',
        '/graph/v1.0/me/contactFolders',
      );
      const folder = folders.find((f) => f.displayName === 'Business Central');
      await call('graph', 'POST', `/graph/v1.0/me/contactFolders/${folder?.id}/contacts`, contact);
    },
  };
}
