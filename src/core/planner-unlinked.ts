import type { CompiledFilter } from './filter/index.js';
import type { Link } from './link.js';
import { bcToSyncFields, outlookToSyncFields, validateForBc } from './mapping.js';
import type { ConflictPolicy } from './merge.js';
import { emptySyncFields, normalizeEmail } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import type { PlanItem } from './plan.js';
import { decideLinkedPair, skipKey } from './planner-linked.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import type { SkipReason, SyncMode } from './records.js';
import { outOfScopeReasons } from './scope.js';
import type { OutOfScopeReason } from './scope.js';

export interface UnlinkedInput {
  readonly mode: SyncMode;
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  /** Unlinked BC contacts of the view. */
  readonly bcContacts: readonly BcContact[];
  /** Every BC contact of the view, linked or not. */
  readonly allBc: ReadonlyMap<string, BcContact>;
  /** BC contacts as this plan will leave them (updated pairs), by id. */
  readonly bcOverrides: ReadonlyMap<string, BcContact>;
  /** Unlinked Outlook contacts of the view. */
  readonly outlookContacts: readonly OutlookContact[];
  readonly linkedBc: ReadonlyMap<string, Link>;
  readonly scope: (contact: BcContact) => readonly OutOfScopeReason[];
}

export interface UnlinkedResult {
  readonly items: PlanItem[];
  readonly conflicts: ConflictEntry[];
  readonly skipped: SkipEntry[];
  readonly unskipped: string[];
  excludedByFilter: number;
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    if (k === '') continue;
    const g = out.get(k);
    if (g) g.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** BC contacts by normalized e-mail; arrays only for e-mails two contacts share (rare, and 100,000 allocations otherwise). */
interface EmailIndex {
  readonly first: ReadonlyMap<string, BcContact>;
  all(email: string): BcContact[];
}

function indexByEmail(
  all: ReadonlyMap<string, BcContact>,
  overrides: ReadonlyMap<string, BcContact>,
): EmailIndex {
  const first = new Map<string, BcContact>();
  const shared = new Map<string, BcContact[]>();
  for (const original of all.values()) {
    const c = overrides.get(original.id) ?? original;
    const email = normalizeEmail(c.email);
    if (email === '') continue;
    const seen = first.get(email);
    if (!seen) first.set(email, c);
    else {
      const list = shared.get(email);
      if (list) list.push(c);
      else shared.set(email, [seen, c]);
    }
  }
  return {
    first,
    all: (email) => shared.get(email) ?? (first.has(email) ? [first.get(email) as BcContact] : []),
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Fills in a BC name from the name parts, as BC's CalculatedName does for a new Person. */
export function withDisplayName(fields: SyncFields): SyncFields {
  if (fields.displayName.trim() !== '') return fields;
  const name = [fields.firstName, fields.middleName, fields.surname].filter((p) => p.trim() !== '').join(' ');
  return { ...fields, displayName: name };
}

/**
 * Unlinked contacts: BC contacts in scope are matched to Outlook contacts by BC id, then by e-mail,
 * else created in Outlook; in a full sync the remaining Outlook contacts become BC Persons. Ambiguous
 * e-mails on either side are reported, never merged.
 */
export function planUnlinked(input: UnlinkedInput): UnlinkedResult {
  const res: UnlinkedResult = { items: [], conflicts: [], skipped: [], unskipped: [], excludedByFilter: 0 };
  const claimed = new Set<string>();
  const outlook = [...input.outlookContacts].sort(byId);
  const olByBcId = groupBy(outlook, (o) => o.bcId);
  // Contacts stamped with some other BC id are that contact's copies, never e-mail candidates.
  const olByEmail = groupBy(
    outlook.filter((o) => o.bcId === ''),
    (o) => normalizeEmail(o.emailAddresses[0]?.address ?? ''),
  );
  // Built on first use: most runs at scale have no unlinked contact that needs it.
  let byEmail: EmailIndex | null = null;
  const bcByEmail = () => (byEmail ??= indexByEmail(input.allBc, input.bcOverrides));
  const skip = (
    side: 'bc' | 'outlook',
    c: { bcId: string; outlookId: string; name: string },
    reason: SkipReason,
  ) => {
    const id = side === 'bc' ? c.bcId : c.outlookId;
    res.skipped.push({
      key: skipKey(side, id),
      record: { side, bcId: c.bcId, outlookId: c.outlookId, displayName: c.name, reason },
    });
  };

  for (const bc of [...input.bcContacts].sort(byId)) {
    const reasons = input.scope(bc);
    const who = { bcId: bc.id, outlookId: '', name: bc.displayName };
    if (reasons.some((r) => r.kind === 'excludedByFilter')) {
      res.excludedByFilter++;
      res.unskipped.push(skipKey('bc', bc.id));
      continue;
    }
    if (reasons.length > 0) {
      skip('bc', who, { kind: 'outOfScope', reasons });
      continue;
    }
    const email = normalizeEmail(bc.email);
    const stamped = (olByBcId.get(bc.id) ?? []).filter((o) => !claimed.has(o.id));
    let match = stamped[0];
    if (!match) {
      const candidates = (olByEmail.get(email) ?? []).filter((o) => !claimed.has(o.id));
      if (candidates.length > 1) {
        const outlookIds = candidates.map((o) => o.id);
        skip('bc', who, { kind: 'duplicateEmailInOutlook', email, outlookIds });
        for (const o of candidates) {
          claimed.add(o.id);
          skip(
            'outlook',
            { bcId: bc.id, outlookId: o.id, name: o.displayName },
            { kind: 'duplicateEmailInOutlook', email, outlookIds },
          );
        }
        continue;
      }
      const sameEmailInBc =
        candidates.length === 1
          ? bcByEmail()
              .all(email)
              .filter((c) => input.scope(c).length === 0)
          : [];
      if (sameEmailInBc.length > 1) {
        const o = candidates[0] as OutlookContact;
        const bcIds = sameEmailInBc.map((c) => c.id);
        claimed.add(o.id);
        skip('bc', who, { kind: 'duplicateEmailInBc', email, bcIds });
        skip(
          'outlook',
          { bcId: '', outlookId: o.id, name: o.displayName },
          { kind: 'duplicateEmailInBc', email, bcIds },
        );
        continue;
      }
      match = candidates[0];
    }
    res.unskipped.push(skipKey('bc', bc.id));
    if (!match) {
      res.items.push({ kind: 'createInOutlook', bcId: bc.id, bcEtag: bc.etag, fields: bcToSyncFields(bc) });
      continue;
    }
    claimed.add(match.id);
    res.unskipped.push(skipKey('outlook', match.id));
    // A first match has no base: empty values fill in, differing values follow the policy.
    const link: Link = {
      bcId: bc.id,
      outlookId: match.id,
      base: emptySyncFields(),
      bcEtag: '',
      outlookChangeKey: '',
    };
    const decision = decideLinkedPair(
      link,
      { kind: 'present', contact: bc },
      { kind: 'present', contact: match },
      {
        policy: input.policy,
        filter: input.filter,
        outlookToBc: input.mode === 'full',
        scope: input.scope,
      },
    );
    const needsStamp = match.bcId !== bc.id;
    for (const item of decision.items) {
      if (item.kind === 'update') res.items.push({ ...item, stampBcId: needsStamp });
      else if (item.kind === 'link' && needsStamp) {
        const fields = outlookToSyncFields(match);
        const side = { stamp: match.changeKey, current: fields, target: fields };
        res.items.push({
          kind: 'update',
          bcId: bc.id,
          outlookId: match.id,
          base: item.link.base,
          bc: { stamp: bc.etag, current: fields, target: fields },
          outlook: side,
          existing: match,
          stampBcId: true,
        });
      } else res.items.push(item);
    }
    if (decision.conflict) res.conflicts.push(decision.conflict);
    res.skipped.push(...decision.skipped);
  }

  if (input.mode !== 'full') return res;
  for (const o of outlook) {
    if (claimed.has(o.id)) continue;
    const fields = withDisplayName(outlookToSyncFields(o));
    const who = {
      bcId: o.bcId,
      outlookId: o.id,
      name: fields.displayName || (o.emailAddresses[0]?.address ?? ''),
    };
    const reason = importRefusal(o, fields, input, bcByEmail, olByEmail, claimed);
    if (reason) {
      skip('outlook', who, reason);
      continue;
    }
    res.unskipped.push(skipKey('outlook', o.id));
    res.items.push({ kind: 'createInBc', outlookId: o.id, changeKey: o.changeKey, fields });
  }
  return res;
}

/** Why an unlinked Outlook contact cannot become a new BC contact (null when it can). */
function importRefusal(
  o: OutlookContact,
  fields: SyncFields,
  input: UnlinkedInput,
  bcByEmail: () => EmailIndex,
  olByEmail: ReadonlyMap<string, OutlookContact[]>,
  claimed: ReadonlySet<string>,
): SkipReason | null {
  if (o.bcId !== '') {
    const bc = input.bcOverrides.get(o.bcId) ?? input.allBc.get(o.bcId);
    if (!bc) return { kind: 'bcContactDeleted', bcId: o.bcId };
    const link = input.linkedBc.get(o.bcId);
    if (link) return { kind: 'duplicateOfLinked', bcId: o.bcId, linkedOutlookId: link.outlookId };
    return { kind: 'bcContactOutOfScope', bcId: o.bcId, reasons: input.scope(bc) };
  }
  if (fields.displayName.trim() === '') return { kind: 'missingName' };
  const email = normalizeEmail(fields.email);
  if (email === '') return { kind: 'missingEmail' };
  const inBc = bcByEmail().first.get(email);
  if (inBc) {
    const link = input.linkedBc.get(inBc.id);
    if (link) return { kind: 'duplicateOfLinked', bcId: inBc.id, linkedOutlookId: link.outlookId };
    return { kind: 'bcContactOutOfScope', bcId: inBc.id, reasons: input.scope(inBc) };
  }
  const twins = (olByEmail.get(email) ?? []).filter((x) => !claimed.has(x.id));
  if (twins.length > 1) return { kind: 'duplicateEmailInOutlook', email, outlookIds: twins.map((x) => x.id) };
  const invalid = validateForBc(fields)[0];
  if (invalid) return invalid;
  const asBc = {
    ...fields,
    type: 'Person' as const,
    privacyBlocked: false,
    number: '',
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
  };
  const reasons = outOfScopeReasons(asBc, input.filter);
  // A new BC contact outside the user's filter would have its Outlook copy deleted at the next sync.
  if (reasons.length > 0) return { kind: 'outOfScope', reasons };
  return null;
}
