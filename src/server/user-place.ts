import { DEFAULT_SETTINGS } from '../core/records.js';
import { recordedFolder, syncFolder } from '../core/folder.js';
import { PortFailure } from '../core/ports.js';
import { listCompanies } from '../store/bc-repository.js';
import { memberCompanies } from '../store/company-members.js';
import { usersByUpn } from '../store/users.js';
import { devUserKey } from './auth/dev-issuer.js';
import { parseUserKey } from './auth/identity.js';
import type { FacadeContext } from './context.js';
import { serverGraph } from './config.js';
import type { SyncEnvironment } from './sync/run-manager.js';
import { RunEnvironmentError } from './sync/run-refusals.js';

/**
 * F65: where one user's server-side runs would sync, checked the way a run reaches it — the user
 * key, the company their membership gives them (issue 10 §2), their mailbox and the sync folder
 * (embedded emulator or Graph, through the run environment's own adapters). Read only: no user is
 * recorded and no folder made (a dry run's folder look-up; the embedded emulator, as for any call,
 * makes a mailbox on first use). `doctor --user`
 * prints these checks in every mode, through the running server or a server started for it.
 */
export type PlaceCheckId = 'user' | 'membership' | 'mailbox' | 'sync-folder';

/** What each fix's words need (cli/doctor/report.ts words them). */
export interface PlaceFixParams {
  /** Entra mode: a UPN is known only once its user signed in (the object id is not derived from it). */
  'user-unknown': { readonly user: string };
  'upn-not-unique': { readonly user: string; readonly keys: string };
  'no-company': Record<string, never>;
  /**
   * `member`: the `{user}` the admin API's grant takes for this user — the UPN once it has signed in,
   * else the user key (a UPN nobody signed in with answers 404 there; a dev user is known before).
   */
  'no-membership': { readonly user: string; readonly member: string };
  'graph-app-missing': Record<string, never>;
  'mailbox-unknown': { readonly user: string };
  'graph-access-denied': { readonly user: string };
  'graph-token-refused': Record<string, never>;
  unreachable: { readonly url: string };
  'unexpected-answer': Record<string, never>;
}
type PlaceFixCode = keyof PlaceFixParams;
type PlaceFix = {
  [K in PlaceFixCode]: { readonly code: K; readonly params: PlaceFixParams[K] };
}[PlaceFixCode];

export interface PlaceCheck {
  readonly id: PlaceCheckId;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Facts: the user key, the companies, the folder found (ids, names, statuses). */
  readonly detail: string;
  readonly fix?: PlaceFix;
}

export interface PlaceDeps {
  readonly ctx: Pick<FacadeContext, 'config' | 'db' | 'stateStore' | 'devIssuer'>;
  readonly env: SyncEnvironment;
}

const fix = <K extends PlaceFixCode>(code: K, params: PlaceFixParams[K]) => ({ code, params }) as PlaceFix;
const passed = (id: PlaceCheckId, detail: string): PlaceCheck => ({ id, status: 'passed', detail });
const skipped = (id: PlaceCheckId, detail: string): PlaceCheck => ({ id, status: 'skipped', detail });
const failed = (id: PlaceCheckId, detail: string, f: PlaceFix): PlaceCheck => ({
  id,
  status: 'failed',
  detail,
  fix: f,
});
const companies = (n: number) => `${n} compan${n === 1 ? 'y' : 'ies'}`;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The user key for a UPN or key, without recording anyone (UserDirectory.resolve records dev users). */
async function userKey(
  deps: PlaceDeps,
  user: string,
): Promise<PlaceCheck & { key?: string; member?: string }> {
  const key = parseUserKey(user.trim().toLowerCase());
  if (key) {
    const k = `${key.tenantId}:${key.oid}`;
    return { ...passed('user', `user key ${k}`), key: k, member: k };
  }
  const found = await usersByUpn(deps.ctx.db, user);
  if (found.length === 1)
    return {
      ...passed('user', `${user} signed in as ${found[0]!.userId}`),
      key: found[0]!.userId,
      member: user,
    };
  if (found.length > 1) {
    const keys = found.map((u) => u.userId).join(', ');
    return failed(
      'user',
      `${user} has named ${found.length} users: ${keys}`,
      fix('upn-not-unique', { user, keys }),
    );
  }
  // Dev tokens derive the object id from the UPN, so a dev user is known before signing in.
  if (deps.ctx.devIssuer)
    return {
      ...passed('user', `${user} (dev user ${devUserKey(user)}, not signed in yet)`),
      key: devUserKey(user),
      member: devUserKey(user),
    };
  return failed('user', `no user ${user} has signed in to the facade`, fix('user-unknown', { user }));
}

/** The membership as a run finds it: the run environment's own BC look-up, which refuses a non-member. */
async function membership(deps: PlaceDeps, user: string, key: string, member: string): Promise<PlaceCheck> {
  try {
    await deps.env.bcContacts(key);
  } catch (e) {
    if (e instanceof RunEnvironmentError && e.reason === 'noCompanyMembership')
      return failed(
        'membership',
        `${key} is a member of no company here`,
        fix('no-membership', { user, member }),
      );
    if (e instanceof RunEnvironmentError && e.reason === 'noCompany')
      return failed('membership', 'the facade holds no company', fix('no-company', {}));
    return failed('membership', message(e), fix('unexpected-answer', {}));
  }
  const { config, db } = deps.ctx;
  const members = await memberCompanies(db, key);
  if (config.upstreamBc)
    return passed(
      'membership',
      `member of ${companies(members.size)}; Business Central lists the user's company`,
    );
  const names = (await listCompanies(db)).filter((c) => members.has(c.id.toLowerCase())).map((c) => c.name);
  return passed(
    'membership',
    `member of ${companies(names.length)} (${names.join(', ')}); runs use ${names[0]}`,
  );
}

/** A failed mailbox read, by the port's kind and Graph's status (never its words). */
function mailboxFix(e: unknown, user: string, graphUrl: string): PlaceFix {
  if (e instanceof RunEnvironmentError && e.reason === 'graphAppMissing') return fix('graph-app-missing', {});
  if (!(e instanceof PortFailure)) return fix('unexpected-answer', {});
  if (e.kind === 'notFound') return fix('mailbox-unknown', { user });
  if (e.detail.status === 401) return fix('graph-token-refused', {});
  if (e.detail.status === 403) return fix('graph-access-denied', { user });
  if (e.kind === 'unavailable') return fix('unreachable', { url: graphUrl });
  return fix('unexpected-answer', {});
}

/** The mailbox answers its contact folders, and the folder a run would sync is found (or made by the next run). */
async function mailboxAndFolder(deps: PlaceDeps, user: string, key: string): Promise<PlaceCheck[]> {
  const { config, stateStore } = deps.ctx;
  const graph = serverGraph(config);
  const graphUrl = graph.kind === 'url' ? graph.url : 'the embedded Graph emulator';
  const where = graph.kind === 'url' ? `Graph ${graph.url}` : 'the embedded Graph emulator';
  const settings = (await stateStore.getSettings(key)) ?? DEFAULT_SETTINGS;
  const name = settings.folderName;
  try {
    const mailbox = deps.env.mailboxFor(key);
    // The folders are listed whatever is stored: a mailbox that answers nothing fails here.
    const found = await mailbox.findFolder(name);
    const { storedId } = await recordedFolder(stateStore, key, name);
    const folder = storedId === null ? found : await syncFolder(mailbox, storedId, name);
    const mailboxCheck = passed('mailbox', `${where}: ${user}'s contact folders answer`);
    if (folder)
      return [
        mailboxCheck,
        passed(
          'sync-folder',
          `"${name}" found (${folder.id})${folder.id === storedId ? ', the one the last run used' : ''}`,
        ),
      ];
    return [
      mailboxCheck,
      passed(
        'sync-folder',
        storedId === null
          ? `no folder "${name}" yet: the first run creates it`
          : `the folder the last run used (${storedId}) is gone and none is named "${name}": the next run creates it`,
      ),
    ];
  } catch (e) {
    return [
      failed('mailbox', `${where}: ${message(e)}`, mailboxFix(e, user, graphUrl)),
      skipped('sync-folder', 'the mailbox did not answer'),
    ];
  }
}

/** Every place check of `user` (a UPN or a user key), in order; later ones skipped when the user is unknown. */
export async function checkUserPlace(deps: PlaceDeps, user: string): Promise<PlaceCheck[]> {
  const resolved = await userKey(deps, user);
  const { key, member, ...userCheck } = resolved;
  if (key === undefined || member === undefined)
    return [
      userCheck,
      skipped('membership', 'no user key'),
      skipped('mailbox', 'no user key'),
      skipped('sync-folder', 'no user key'),
    ];
  return [userCheck, await membership(deps, user, key, member), ...(await mailboxAndFolder(deps, user, key))];
}
