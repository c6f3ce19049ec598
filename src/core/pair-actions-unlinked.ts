import { CoreBug } from './core-bug.js';
import { makeLink } from './link.js';
import { bcToSyncFields, outlookToSyncFields } from './mapping.js';
import { readOwnedValues } from './owned-values.js';
import { emptySyncFields } from './model.js';
import type { BcContact } from './model.js';
import { viewOf } from './pair.js';
import type { LinkedView, PairContext, UnlinkedView } from './pair.js';
import type { PlanItem } from './plan.js';
import { mergePair } from './pair-actions.js';
import { NOTHING, nonEmpty, only, skipEntry } from './pair-outcome.js';
import type { SkipEntry } from './ports.js';
import type { Outcome } from './pair-outcome.js';

/* The decision table's actions for unlinked pairs (pair-table.ts); linked ones: pair-actions.ts. */

type UnlinkedPair<K extends UnlinkedView['pair']['kind']> = Extract<UnlinkedView['pair'], { kind: K }>;

/** The table's facts fix the pair's kind; a mismatch is a bug in the table, not in the data. */
function pairOf<K extends UnlinkedView['pair']['kind']>(v: UnlinkedView, ...kinds: K[]): UnlinkedPair<K> {
  if (!(kinds as string[]).includes(v.pair.kind))
    throw new CoreBug('actionPairMismatch', { wanted: kinds.join('/'), got: v.pair.kind });
  return v.pair as UnlinkedPair<K>;
}

const bcOf = (v: UnlinkedView): BcContact => pairOf(v, 'bcOnly', 'matched').bc;

/** Left out by the filter alone: counted by the planner, not listed. */
export function countFilteredOut(): Outcome {
  return NOTHING;
}

export function skipOutOfScope(v: UnlinkedView): Outcome {
  const bc = bcOf(v);
  const who = { bcId: bc.id, bcNumber: bc.number, outlookId: '', displayName: bc.displayName };
  return skippedOnly([skipEntry('bc', who, [{ kind: 'outOfScope', reasons: v.scopeReasons }])]);
}

export function createInOutlook(v: UnlinkedView): Outcome {
  const bc = bcOf(v);
  return only({ kind: 'createInOutlook', bcId: bc.id, bcEtag: bc.etag, fields: bcToSyncFields(bc) });
}

/**
 * A first match has no base: empty values fill in, differing values follow the policy. An Outlook
 * contact that lacks the BC id (matched by e-mail) gets it stamped, even when nothing else changes.
 * A copy a lost create answer left behind is matched here by its BC id (rule runs.resume).
 */
export function firstMatch(v: UnlinkedView, ctx: PairContext): Outcome {
  const { bc, outlook, recorded } = pairOf(v, 'matched');
  // No base and no remembered values: the first entries of Outlook's lists are BC's.
  const link = makeLink(
    { bcId: bc.id, outlookId: outlook.id },
    emptySyncFields(),
    { bcEtag: '', outlookChangeKey: '' },
    undefined,
  );
  const pair = {
    kind: 'linked' as const,
    link,
    bc: present(bc),
    outlook: present(outlook),
    recorded: recorded ?? null,
  };
  const merged = mergePair(viewOf(pair, ctx) as LinkedView, ctx);
  if (outlook.bcId === bc.id) return merged;
  const items = merged.items.map((item): PlanItem => {
    if (item.kind === 'update') return { ...item, stampBcId: true };
    if (item.kind !== 'link') return item;
    const fields = outlookToSyncFields(outlook);
    const side = { stamp: outlook.changeKey, current: fields, target: fields };
    return {
      kind: 'update',
      bcId: bc.id,
      outlookId: outlook.id,
      base: item.link.base,
      bc: { stamp: bc.etag, current: fields, target: fields },
      outlook: side,
      existing: outlook,
      outlookOwn: item.link.outlookOwn,
      stampBcId: true,
    };
  });
  return { ...merged, items };
}

const present = <T>(contact: T) => ({ kind: 'present' as const, contact });

/** The skip of an Outlook contact that cannot become a BC contact, with every reason; null when it can. */
function importSkip(pair: UnlinkedPair<'outlookOnly'>): SkipEntry | null {
  const { outlook, fields, refusals } = pair;
  const refusal = refusals[0];
  const who = {
    bcId: outlook.bcId,
    // The No. of the BC contact the refusal names (by the Outlook contact's BC id or e-mail).
    bcNumber: refusal && 'bcNumber' in refusal ? (refusal.bcNumber ?? '') : '',
    outlookId: outlook.id,
    displayName: fields.displayName || (outlook.emailAddresses[0]?.address ?? ''),
  };
  return nonEmpty(refusals) ? skipEntry('outlook', who, refusals) : null;
}

export function skipImport(v: UnlinkedView): Outcome {
  const entry = importSkip(pairOf(v, 'outlookOnly'));
  return skippedOnly(entry ? [entry] : []);
}

/**
 * rule duplicates.removeOurCopy: the copy goes, conditionally (the executor reads it again first);
 * kept, it is skipped as import.skip would (duplicateOfLinked, with the hint to delete it by hand).
 */
export function removeOurCopy(v: UnlinkedView): Outcome {
  const pair = pairOf(v, 'outlookOnly');
  const kept = importSkip(pair);
  if (!pair.ourCopyOf || !kept)
    throw new CoreBug('actionPairMismatch', { wanted: 'ourCopy', got: 'outlookOnly' });
  return only({
    kind: 'deleteInOutlook',
    bcId: pair.outlook.bcId,
    outlookId: pair.outlook.id,
    changeKey: pair.outlook.changeKey,
    base: outlookToSyncFields(pair.outlook),
    reason: 'ourCopy',
    linkedOutlookId: pair.ourCopyOf.id,
    kept,
    ...(pair.refusals[0]?.kind === 'bcContactDeleted' ? { linkedOfDeleted: pair.ourCopyOf } : {}),
  });
}

/**
 * An outcome that only skips: NOTHING's shape as one literal (issue 12 §2: a spread of NOTHING copied
 * it property by property, for every contact a plan skips; 10,000 at 100,000 a side).
 */
function skippedOnly(skipped: Outcome['skipped']): Outcome {
  return { items: NOTHING.items, conflict: null, skipped };
}

export function createInBc(v: UnlinkedView): Outcome {
  const { outlook, fields } = pairOf(v, 'outlookOnly');
  const outlookOwn = readOwnedValues(outlook, null).own;
  return only({
    kind: 'createInBc',
    outlookId: outlook.id,
    changeKey: outlook.changeKey,
    fields,
    outlookOwn,
  });
}
