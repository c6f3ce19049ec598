/**
 * The hosts' turns and the edits between them in tenant-processes.test.ts's world
 * (tenant-world.ts): Ann's pane, CLI and scheduled runs, and what each side holds.
 */
import { expect } from '@jest/globals';
import pg from 'pg';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { runCli } from './in-process-product.js';
import { pollUntil } from './poll.js';
import {
  OID,
  USER_KEY,
  FOLDER,
  graph,
  graphUrl,
  database,
  dir,
  product,
  ownCompany,
  tenantApi,
  facadeToken,
  graphToken,
  bcAppToken,
  productFetch,
} from './tenant-world.js';

/** Display name → job title of the contacts in Ann's "Business Central" folder. */
export function outlook(): Record<string, string> {
  const mailbox = graph.store.findMailbox(OID);
  const folder = [...(mailbox?.folders.values() ?? [])].find((f) => f.displayName === FOLDER);
  return Object.fromEntries(
    [...(folder?.contacts.values() ?? [])].map((c) => [
      String(c.props.displayName),
      String(c.props.jobTitle ?? ''),
    ]),
  );
}

/** Display name → job title in the tenant's company, read through its API as any client would. */
export async function bc(): Promise<Record<string, string>> {
  const res = await fetch(`${tenantApi()}/contacts`, {
    headers: { authorization: `Bearer ${await bcAppToken()}` },
  });
  const body = (await res.json()) as { value: { displayName: string; jobTitle?: string }[] };
  return Object.fromEntries(body.value.map((c) => [c.displayName, c.jobTitle ?? '']));
}

export async function editBc(name: string, change: Record<string, string>): Promise<void> {
  const token = await bcAppToken();
  const found = await fetch(`${tenantApi()}/contacts?$filter=displayName eq '${name}'`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const c = ((await found.json()) as { value: { id: string; '@odata.etag': string }[] }).value[0]!;
  const res = await fetch(`${tenantApi()}/contacts(${c.id})`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': c['@odata.etag'],
    },
    body: JSON.stringify(change),
  });
  expect(res.status).toBe(200);
}

export async function editOutlook(name: string, change: Record<string, string>): Promise<void> {
  const token = await graphToken();
  const folders = await fetch(`${graphUrl}/v1.0/me/contactFolders?$filter=displayName eq '${FOLDER}'`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const folderId = ((await folders.json()) as { value: { id: string }[] }).value[0]!.id;
  const list = await fetch(`${graphUrl}/v1.0/me/contactFolders/${folderId}/contacts?$top=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const c = ((await list.json()) as { value: { id: string; displayName: string }[] }).value.find(
    (x) => x.displayName === name,
  )!;
  const res = await fetch(`${graphUrl}/v1.0/me/contactFolders/${folderId}/contacts/${c.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  expect(res.status).toBe(200);
}

export const paneRun = async (mode: SyncMode): Promise<RunRecord> =>
  (
    await runInPane(
      {
        origin: product.url,
        graphBaseUrl: `${graphUrl}/v1.0`,
        tokens: {
          user: 'ann@contoso.com',
          facade: facadeToken,
          graph: graphToken,
          renew: async (a) => (a === 'facade' ? facadeToken() : graphToken()),
        },
        userId: async () => USER_KEY,
        company: async () => ({ id: ownCompany }),
      },
      { mode, dryRun: false },
      () => undefined,
      () => false,
    )
  ).record;

export const cliRun = async (mode: SyncMode): Promise<RunRecord> => {
  const r = await runCli(['sync', '--user', USER_KEY, '--mode', mode], { DATA_DIR: dir });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return (JSON.parse(r.stdout) as { record: RunRecord }).record;
};

/** Makes Ann's scheduled run due (her interval passed) and waits for the product's scheduler to run it. */
export const scheduledRun = async (): Promise<RunRecord> => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      `UPDATE sync_settings SET updated_at = updated_at - interval '2 days' WHERE user_id = $1`,
      [USER_KEY],
    );
  } finally {
    await client.end();
  }
  return pollUntil('scheduled run ended', async () => {
    const { runs } = (await (await productFetch('/sync/v1/runs?limit=5')).json()) as { runs: RunRecord[] };
    return runs.find((r) => r.trigger === 'schedule' && r.status !== 'running');
  });
};

/** The run's record once it ended, from the product's run history (bounded polls). */
export const runEnded = async (id: string): Promise<RunRecord> => {
  return pollUntil(`end of run ${id}`, async () => {
    const run = (await (await productFetch(`/sync/v1/runs/${id}`)).json()) as RunRecord & { active: boolean };
    return run.active ? undefined : run;
  });
};
