/**
 * The scenarios of issue 12 §1 at a folder size n: what each changes before the run (not measured),
 * which run it measures, and which Graph calls it cannot do without (for the lower bound).
 */
import type { RequiredCalls } from './bound.js';
import { editInBc } from './bc-data.js';
import type { ScenarioName } from './options.js';
import type { World } from './world.js';

export interface Sizes {
  /** 1% of the folder. */
  readonly onePct: number;
  /** Half of the 1% (Outlook changes are half new contacts, half edits). */
  readonly half: number;
  /** 0.1% of the folder: contacts edited on both sides. */
  readonly conflicts: number;
}

export function sizesOf(n: number): Sizes {
  const onePct = Math.max(2, Math.round(n / 100));
  return { onePct, half: Math.max(1, Math.round(onePct / 2)), conflicts: Math.max(1, Math.round(n / 1000)) };
}

export interface ChangeContext {
  readonly world: World;
  readonly n: number;
  readonly companyId: string;
  readonly upn: string;
  /** Unique per scenario run, so new contacts and edits never repeat an earlier run's values. */
  readonly tag: string;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly mode: 'full' | 'delta';
  /** `empty`: a new company and an empty mailbox; `synced`: both sides agree after a sync. */
  readonly needs: 'empty' | 'synced';
  /** The run before the measured one must have been of this mode (a warm-up run is made if not). */
  readonly after?: 'full' | 'delta';
  readonly what: string;
  change?(ctx: ChangeContext): Promise<void>;
  required(n: number): RequiredCalls;
}

/** `count` contact numbers spread over 1..n, starting at `offset` (so edit sets do not overlap). */
export function spread(n: number, count: number, offset: number): number[] {
  const step = Math.max(1, Math.floor(n / Math.max(1, count)));
  return Array.from({ length: count }, (_, j) => 1 + ((offset + j * step) % n));
}

const emailOf = (i: number): string => `contact${i}@example.com`;

async function outlookIdsByEmail(ctx: ChangeContext): Promise<Map<string, string>> {
  const contacts = await ctx.world.folderContacts(ctx.upn);
  const byEmail = new Map<string, string>();
  for (const c of contacts) {
    const address = ((c.emailAddresses as { address?: string }[] | undefined) ?? [])[0]?.address ?? '';
    byEmail.set(address.toLowerCase(), c.id as string);
  }
  return byEmail;
}

/** Outlook edits (job title) on contacts by number, and new Outlook contacts, through Graph. */
async function changeOutlook(
  ctx: ChangeContext,
  edits: readonly number[],
  creates: number,
  title: string,
): Promise<void> {
  const ids = await outlookIdsByEmail(ctx);
  const folderId = await folderIdOf(ctx);
  const requests: { method: string; url: string; body?: unknown }[] = [];
  for (const i of edits) {
    const id = ids.get(emailOf(i));
    if (!id) throw new Error(`no Outlook contact for ${emailOf(i)}`);
    requests.push({ method: 'PATCH', url: `/contacts/${id}`, body: { jobTitle: title } });
  }
  for (let j = 1; j <= creates; j++) {
    const email = `olnew-${ctx.tag}-${j}@fabrikam.test`;
    requests.push({
      method: 'POST',
      url: `/contactFolders/${folderId}/contacts`,
      body: {
        displayName: `Outlook New ${ctx.tag} ${j}`,
        givenName: 'Outlook',
        surname: `New ${ctx.tag} ${j}`,
        emailAddresses: [{ address: email, name: `Outlook New ${ctx.tag} ${j}` }],
      },
    });
  }
  await ctx.world.graph(ctx.upn, requests);
}

async function folderIdOf(ctx: ChangeContext): Promise<string> {
  const contacts = await ctx.world.folderContacts(ctx.upn);
  const any = contacts[0];
  if (!any) throw new Error('the synced folder is empty');
  return any.parentFolderId as string;
}

const pages = (items: number, perPage: number): number => Math.max(1, Math.ceil(items / perPage));

export const SCENARIO_DEFS: Record<ScenarioName, Scenario> = {
  'first-full': {
    name: 'first-full',
    mode: 'full',
    needs: 'empty',
    what: 'full sync into an empty folder (every BC contact created in Outlook)',
    required: (n) => ({ sequential: 3, parallel: n }),
  },
  'full-unchanged': {
    name: 'full-unchanged',
    mode: 'full',
    needs: 'synced',
    what: 'full sync with nothing changed',
    required: (n) => ({ sequential: 1 + pages(n, 1000), parallel: 0 }),
  },
  'delta-after-full': {
    name: 'delta-after-full',
    mode: 'delta',
    needs: 'synced',
    after: 'full',
    what: 'the first delta after a full sync, nothing changed',
    required: () => ({ sequential: 1, parallel: 0 }),
  },
  'delta-unchanged': {
    name: 'delta-unchanged',
    mode: 'delta',
    needs: 'synced',
    after: 'delta',
    what: 'delta with nothing changed',
    required: () => ({ sequential: 1, parallel: 0 }),
  },
  'delta-bc-1pct': {
    name: 'delta-bc-1pct',
    mode: 'delta',
    needs: 'synced',
    after: 'delta',
    what: 'delta with 1% of BC edited (job title)',
    change: async (ctx) => {
      const { onePct } = sizesOf(ctx.n);
      await editInBc(ctx.world.db, ctx.companyId, spread(ctx.n, onePct, 0), `Changed ${ctx.tag}`);
    },
    required: (n) => ({ sequential: 1, parallel: sizesOf(n).onePct }),
  },
  'delta-outlook-1pct': {
    name: 'delta-outlook-1pct',
    mode: 'delta',
    needs: 'synced',
    after: 'delta',
    what: 'delta with 1% of Outlook changed: half new contacts, half edited',
    change: async (ctx) => {
      const { half } = sizesOf(ctx.n);
      await changeOutlook(ctx, spread(ctx.n, half, 3), half, `Edited ${ctx.tag}`);
    },
    // Delta pages with the changes, the changed contacts read whole (a delta page lacks the extended
    // properties: BC id, fax) as the folder's newest, one list request per 1,000 (bound.ts), then
    // every new contact gets its BC id stamped (design §2).
    required: (n) => ({
      sequential: pages(2 * sizesOf(n).half, 200),
      reportedLists: pages(2 * sizesOf(n).half, 1000),
      parallel: sizesOf(n).half,
    }),
  },
  'full-mixed': {
    name: 'full-mixed',
    mode: 'full',
    needs: 'synced',
    what: 'full sync with 1% changed on each side and 0.1% conflicts (bcWins)',
    change: async (ctx) => {
      const { onePct, half, conflicts } = sizesOf(ctx.n);
      await editInBc(ctx.world.db, ctx.companyId, spread(ctx.n, onePct, 1), `Changed ${ctx.tag}`);
      const both = spread(ctx.n, conflicts, 5);
      await editInBc(ctx.world.db, ctx.companyId, both, `BC ${ctx.tag}`);
      await changeOutlook(ctx, [...spread(ctx.n, half, 3), ...both], half, `Edited ${ctx.tag}`);
    },
    required: (n) => {
      const s = sizesOf(n);
      return { sequential: 1 + pages(n + s.half, 1000), parallel: s.onePct + s.conflicts + s.half };
    },
  },
  'delta-expired': {
    name: 'delta-expired',
    mode: 'delta',
    needs: 'synced',
    after: 'delta',
    what: 'delta whose delta token expired (410 SyncStateNotFound), nothing else changed',
    change: async (ctx) => {
      // One write (the same value again) moves the folder on; then a round of our own, with one
      // generation kept, evicts the token the run holds.
      const contacts = await ctx.world.folderContacts(ctx.upn);
      const first = contacts[0];
      if (!first) throw new Error('the synced folder is empty');
      await ctx.world.emulatorConfig({ delta: { maxGenerations: 1 } });
      await ctx.world.graph(ctx.upn, [
        {
          method: 'PATCH',
          url: `/contacts/${first.id as string}`,
          body: { jobTitle: first.jobTitle ?? null },
        },
      ]);
      await ctx.world.deltaRound(ctx.upn, first.parentFolderId as string);
      await ctx.world.emulatorConfig({ delta: { maxGenerations: 50 } });
    },
    required: (n) => ({ sequential: 1 + pages(n, 200), parallel: 0 }),
  },
};
