import { makeLink } from './link.js';
import type { Link } from './link.js';
import type { SyncFields } from './model.js';
import type { PlanItem } from './plan.js';

type Update = Extract<PlanItem, { kind: 'update' }>;

/*
 * Owned values ahead of a list rewrite (docs/sync-rules.md "Owned values", crash-hosts model
 * combinations seed 8002). Outlook-only entries a run's read found are facts about Outlook before
 * any write of ours: whether or not the run's update lands, they stay Outlook's own. Stored only
 * with the link after the update answered, they were lost with the answer (a lost answer, a process
 * that died or stalled before the run's end stored its links): the next run read the list against
 * the old base, found BC's entry gone (our write removed or replaced it) and gave the own entry to
 * BC's field — a conflict nobody made, in which the policy deleted the own value from Outlook or
 * wrote it into BC.
 */

const LIST_FIELDS = ['email', 'email2', 'phoneNumber'] as const;

/** Whether the update rewrites an entry BC owns in an Outlook list (a changed or cleared value). */
export function rewritesOwnedEntry(current: SyncFields, target: SyncFields): boolean {
  return LIST_FIELDS.some((f) => current[f] !== target[f]);
}

/**
 * The links to store before `updates` go out: one for each update that rewrites an owned entry of
 * a contact this run read holding Outlook-only entries — its base as planned, the own values as
 * read, and no version stamps ('' = not seen: the next run compares values, trusting no stamp; the
 * link the answer makes replaces it). None when no update does (no store call).
 */
export function ownAhead(updates: readonly Update[]): Link[] {
  const ahead: Link[] = [];
  for (const u of updates) {
    const own = u.outlookOwn;
    if (u.existing === null || own === undefined || own.emails.length + own.phones.length === 0) continue;
    if (!rewritesOwnedEntry(u.outlook.current, u.outlook.target)) continue;
    ahead.push(makeLink(u, u.base, { bcEtag: '', outlookChangeKey: '' }, own));
  }
  return ahead;
}
