import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { BcContacts, LeaseResult } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import type { SyncEnvironment } from '../../src/server/sync/run-manager.js';
import { companyHosts, creatorOf } from '../support/company-hosts.js';
import type { CompanyHosts, CompanyUser, Host, Json } from '../support/company-hosts.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Tester F61 (issue 9 §5, "never done twice"), its gaps: users of one company whose syncs overlap
// import the same new person. Server runs took a per-company create turn, but the pane's engine
// took its turn through the facade's lease route, which put every key under the user — a turn of
// its own — and "This sender" took a lease of its own per address. Now every creator of a company
// (server run, CLI, pane engine, This sender) takes ONE create turn and looks the E-Mail up again
// under it. Here the creators are the real hosts of one `npm start` server: the pane's engine over
// HTTP, scheduled and CLI runs (the route the CLI calls) and "This sender". Every BC create waits
// at a gate; a gate opens only when no creator can move on by itself (each is at its gate, refused
// the turn, or done), in an order the test draws. Without one turn two creators both pass their
// look-up and wait at their gates, and both create.

const USERS = ['ann@contoso.com', 'bob@contoso.com', 'carol@contoso.com'] as const;
const DOMAIN = 'turn.example';
type User = CompanyUser;

let server: QuietServer;
let hosts: CompanyHosts;
let companyId: string;
let users: readonly User[];

/** Where each creator is: moving, waiting at its create gate, refused the turn, or finished. */
type Where = 'moving' | 'gate' | 'refused' | 'done';

/**
 * The creators of one round and their gates. A creator is named `<user key>/run` or
 * `<user key>/sender` (one run per user at a time: the user's run lease sees to that).
 */
class Round {
  private readonly where = new Map<string, Where>();
  private readonly gates = new Map<string, () => void>();
  private pending = false;
  readonly order: string[] = [];
  constructor(private readonly pick: (n: number) => number) {}

  start(name: string): void {
    this.where.set(name, 'moving');
  }
  set(name: string, where: Where): void {
    if (!this.where.has(name)) return;
    // A creator whose create waits at its gate cannot move on by itself, whatever its take of the
    // turn answers meanwhile (a turn taken ahead for its next group): still at its gate.
    if (this.gates.has(name) && where !== 'done') return this.poke();
    this.where.set(name, where);
    this.poke();
  }
  /** A creator's BC create: it waits here until the round lets it go. */
  async gate(name: string): Promise<void> {
    if (!this.where.has(name)) return;
    await new Promise<void>((resolve) => {
      this.gates.set(name, resolve);
      this.where.set(name, 'gate');
      this.poke();
    });
  }
  private poke(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      const all = [...this.where.values()];
      if (all.some((w) => w === 'moving')) return;
      const waiting = [...this.where.entries()].filter(([, w]) => w === 'gate').map(([n]) => n);
      if (waiting.length === 0) return;
      const name = waiting[this.pick(waiting.length)]!;
      this.order.push(name);
      this.where.set(name, 'moving');
      const open = this.gates.get(name)!;
      this.gates.delete(name);
      open();
    });
  }
}

let round: Round | null = null;

/** Every BC create of a server-side creator waits at its gate; every create-turn refusal is seen. */
function instrument(): void {
  const env = (server.manager as unknown as { options: { env: SyncEnvironment } }).options.env;
  const real = env.bcContacts.bind(env);
  env.bcContacts = async (userId, io, onBehalfOf) => {
    const port = await real(userId, io, onBehalfOf);
    // Runs pass their run's io; the sender route passes none.
    const name = `${userId}/${io === undefined ? 'sender' : 'run'}`;
    return new Proxy(port, {
      get(target, prop, receiver) {
        if (prop === 'create')
          return async (drafts: Parameters<BcContacts['create']>[0]) => {
            await round?.gate(name);
            return target.create(drafts);
          };
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const store = server.ctx.stateStore;
  const acquire = store.acquireLease.bind(store);
  store.acquireLease = async (key, owner, ...rest): Promise<LeaseResult> => {
    const result = await acquire(key, owner, ...rest);
    const name = /bc-create|sender-add/.test(key) ? creatorOf(owner) : null;
    if (name) round?.set(name, result.ok ? 'moving' : 'refused');
    return result;
  };
}

const api = (user: User, path: string, init: RequestInit = {}, token = user.facade) =>
  hosts.api(user, path, init, token);

const contactsPath = () => `/api/v2.0/companies(${companyId})/contacts`;

/** The pane's engine's BC creates (POSTs to the BC API) wait at its gate; server runs' at theirs. */
const run = (user: User, host: Host): Promise<RunRecord> =>
  host === 'pane'
    ? hosts.paneRun(user, () => round?.gate(`${user.key}/run`) ?? Promise.resolve())
    : serverRun(user, host);
const serverRun = (user: User, host: Exclude<Host, 'pane'>) => hosts.serverRun(user, host);

async function addToOutlook(user: User, email: string): Promise<void> {
  const [given, rest] = email.split('@') as [string, string];
  await api(
    user,
    `/graph/v1.0/me/contactFolders/${user.folderId}/contacts`,
    {
      method: 'POST',
      body: JSON.stringify({
        givenName: given,
        surname: rest.split('.')[0],
        displayName: `${given} ${rest}`,
        emailAddresses: [{ address: email, name: given }],
      }),
    },
    user.graph,
  );
}

async function bcCopies(email: string): Promise<number> {
  const filter = encodeURIComponent(`email eq '${email}'`);
  return ((await api(users[0]!, `${contactsPath()}?$filter=${filter}`)).value as Json[]).length;
}

async function outlookCopies(user: User, email: string): Promise<Json[]> {
  const page = await api(
    user,
    `/graph/v1.0/me/contactFolders/${user.folderId}/contacts?$top=1000`,
    {},
    user.graph,
  );
  return (page.value as Json[]).filter((c) =>
    ((c.emailAddresses as { address: string }[] | undefined) ?? []).some(
      (a) => a.address.toLowerCase() === email.toLowerCase(),
    ),
  );
}

/** One round's plan: who syncs where, who holds which new people in Outlook, who adds a sender. */
interface Plan {
  readonly hosts: readonly Host[];
  /** Per user: which of the round's addresses are in their Outlook folder. */
  readonly holds: readonly (readonly boolean[])[];
  /** The user (index) who adds address 0 with "This sender", if any. */
  readonly sender: number | null;
  readonly seed: number;
}

let roundNo = 0;

/** Plays one round, then lets every user sync once more in turn; what BC and each folder hold. */
async function play(plan: Plan, addresses: number) {
  roundNo += 1;
  const emails = Array.from({ length: addresses }, (_v, a) => `r${roundNo}p${a}@${DOMAIN}`);
  const players = users.slice(0, plan.hosts.length);
  for (const [u, user] of players.entries())
    for (const [a, email] of emails.entries()) if (plan.holds[u]![a]) await addToOutlook(user, email);
  let state = plan.seed;
  // A small LCG: the order the gates open in, from the drawn seed.
  const r = new Round((n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  });
  round = r;
  const work: Promise<unknown>[] = [];
  const records: RunRecord[] = [];
  for (const [u, user] of players.entries()) {
    const name = `${user.key}/run`;
    r.start(name);
    work.push(
      run(user, plan.hosts[u]!)
        .then((rec) => void records.push(rec))
        .finally(() => r.set(name, 'done')),
    );
  }
  if (plan.sender !== null) {
    const user = players[plan.sender]!;
    const name = `${user.key}/sender`;
    r.start(name);
    work.push(
      api(user, '/sync/v1/sender', { method: 'POST', body: JSON.stringify({ email: emails[0] }) }).finally(
        () => r.set(name, 'done'),
      ),
    );
  }
  const settled = await Promise.allSettled(work);
  round = null;
  const thrown = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (thrown.length > 0) throw thrown[0]!.reason;
  // Every user syncs again, one after another, twice (a contact another user creates in the first
  // pass reaches the users before them in the second): each links or copies the one contact.
  const after: RunRecord[] = [];
  for (let pass = 0; pass < 2; pass++)
    for (const user of players) after.push(await serverRun(user, 'schedule'));
  const bc = await Promise.all(emails.map((e) => bcCopies(e)));
  const outlook = await Promise.all(
    players.map(async (u) => Promise.all(emails.map(async (e) => (await outlookCopies(u, e)).length))),
  );
  const held = emails.map((_e, a) => plan.holds.some((h) => h[a]) || (plan.sender !== null && a === 0));
  return { records, after, bc, outlook, held, order: r.order };
}

beforeAll(async () => {
  server = await startQuietServer('create-turn-', { overrides: NO_RATE_LIMIT, announce: true });
  hosts = await companyHosts(server, USERS, DOMAIN);
  ({ companyId, users } = hosts);
  instrument();
});

afterAll(async () => {
  await server?.close();
});

describe("one create turn per company, taken by every host (F61's gaps)", () => {
  test('the named example: the pane engine and a scheduled run of two users, both past their look-up: one BC contact', async () => {
    const out = await play(
      { hosts: ['pane', 'schedule'], holds: [[true], [true]], sender: null, seed: 1 },
      1,
    );
    expect(out.bc).toEqual([1]);
    expect(out.outlook).toEqual([[1], [1]]);
    expect(out.after.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  test('the named example: "This sender" while another user\'s pane engine imports the same person: one BC contact', async () => {
    const out = await play({ hosts: ['pane', 'cli'], holds: [[true], [false]], sender: 1, seed: 2 }, 1);
    expect(out.bc).toEqual([1]);
    expect(out.outlook).toEqual([[1], [1]]);
  });

  test('model: 2-3 users on random hosts (pane engine, scheduled, CLI) and "This sender" add the same people in random interleavings: one BC contact per address', async () => {
    const host = fc.constantFrom<Host>('pane', 'schedule', 'cli');
    const planArb = fc.integer({ min: 2, max: 3 }).chain((n) =>
      fc.record({
        hosts: fc.array(host, { minLength: n, maxLength: n }),
        holds: fc.array(fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), {
          minLength: n,
          maxLength: n,
        }),
        sender: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
        seed: fc.integer({ min: 0, max: 1_000_000 }),
      }),
    );
    const rounds = Number(process.env.CREATE_TURN_RUNS ?? 8);
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const out = await play(plan, 2);
        for (const [a, held] of out.held.entries()) expect([a, out.bc[a]]).toEqual([a, held ? 1 : 0]);
        for (const counts of out.outlook) expect(counts).toEqual(out.held.map((h) => (h ? 1 : 0)));
        expect(out.after.map((r) => r.status)).toEqual(out.after.map(() => 'succeeded'));
      }),
      { numRuns: rounds, endOnFailure: true },
    );
  });
});

describe("the lease route's create turn: one per company, for its members only", () => {
  const lease = async (user: User, op: string, body: Json) => {
    const res = await fetch(`${server.url}/sync/v1/state/lease/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.facade}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) };
  };
  const turn = () => `bc-create:${JSON.stringify([companyId.toLowerCase()])}`;
  const at = (owner: string, now = new Date().toISOString()) => ({ key: turn(), owner, now, ttlMs: 60_000 });

  test('a member holds it for every user of the company; another sees only until when, and can neither renew nor release it', async () => {
    const [ann, bob] = [users[0]!, users[1]!];
    expect((await lease(ann, 'acquire', at('pane-run'))).body).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    const refused = await lease(bob, 'acquire', at('pane-run'));
    expect(refused.body).toEqual({ ok: false, heldBy: { owner: '', expiresAt: expect.any(String) } });
    // Bob's clock cannot make Ann's live turn look expired: the facade's clock counts.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect((await lease(bob, 'acquire', at('pane-run', later))).body).toMatchObject({ ok: false });
    expect((await lease(bob, 'renew', at('pane-run'))).body).toEqual({ ok: false });
    await lease(bob, 'release', { key: turn(), owner: 'pane-run' });
    expect((await lease(bob, 'acquire', at('pane-run'))).body).toMatchObject({ ok: false });
    // A scheduled run of Bob's waits its turn too (the store's own key, as executor-bc takes it).
    const store = server.ctx.stateStore;
    expect((await store.acquireLease(turn(), 'server-run', new Date().toISOString(), 60_000)).ok).toBe(false);
    await lease(ann, 'release', { key: turn(), owner: 'pane-run' });
    expect((await lease(bob, 'acquire', at('pane-run'))).body).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    await lease(bob, 'release', { key: turn(), owner: 'pane-run' });
  });

  test.each([
    [
      'a company the user is no member of',
      () => `bc-create:${JSON.stringify(['00000000-0000-0000-0000-00000000dead'])}`,
      403,
      'Authorization_NoCompanyMembership',
    ],
    [
      'a turn key not as the engine writes it (upper case)',
      () => `bc-create:${JSON.stringify([companyId.toUpperCase()])}`,
      400,
      'BadRequest_InvalidValue',
    ],
    ['a turn key that is no JSON', () => 'bc-create:[', 400, 'BadRequest_InvalidValue'],
    ['a turn key naming no company', () => 'bc-create:[null]', 400, 'BadRequest_InvalidValue'],
  ])('%s: refused, nothing held', async (_name, key, status, code) => {
    for (const op of ['acquire', 'renew', 'release']) {
      const res = await lease(users[0]!, op, {
        key: key(),
        owner: 'x',
        now: new Date().toISOString(),
        ttlMs: 1000,
      });
      expect([op, res.status, (res.body?.error as { code?: string } | undefined)?.code]).toEqual([
        op,
        status,
        code,
      ]);
    }
  });
});
