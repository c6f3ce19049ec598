import { normalizeEmail } from './model.js';
import type { BcContact } from './model.js';
import type { BcContacts, KnownVersions } from './ports.js';
import type { RunLinks } from './run-links.js';

/** The BC reads a delta run completes its views with (delta-reads.ts completeDeltaViews). */
export type BcLookUps = Pick<BcContacts, 'getMany' | 'findByEmails'>;

/**
 * A delta's BC reads for the Outlook contacts it reports, asked while Graph reads those contacts
 * by id (issue 12 §2: delta-outlook-1pct read BC's side of the edited pairs and looked up the new
 * contacts' e-mails only after Graph's reads by id ended, a BC round trip on the run's path).
 * What they are is known from the delta page alone: a reported contact that is no echo of our own
 * writes (`known` holds it) is either linked — BC's side of its pair is read by id — or not — its
 * first e-mail (ReportedChange.firstEmail) is looked up. Reading them then rather than a round trip
 * later is reading the same contacts at another moment of the run: every write still goes with the
 * etag BC answered.
 *
 * `known` is the run's own (run-folder-reads.ts knownBy, which looks up the reported ids' links in
 * `links`); `reads` answers getMany and findByEmails from what was asked ahead where it covers them,
 * and asks BC for the rest (a contact whose e-mail changed between the delta page and its read by
 * id, an unlinked contact carrying a BC id). A look-ahead that failed fails the read that needs it,
 * as that read would have (one that nothing needs is dropped).
 */
export function bcLookAhead(
  bc: BcLookUps,
  links: RunLinks,
  onNew?: (emails: readonly string[], reads: number) => Promise<BcContact[]> | null,
): { known: (own: KnownVersions) => KnownVersions; reads: BcLookUps } {
  const byId = new Map<string, Promise<BcContact[]>>();
  const byEmail = new Map<string, Promise<BcContact[]>>();
  /** Asks `read` now for the keys not asked before; each key remembers the answer it is in. */
  const ask = (
    keys: readonly string[],
    into: Map<string, Promise<BcContact[]>>,
    read: (keys: string[]) => Promise<BcContact[]>,
  ): void => {
    const fresh = [...new Set(keys)].filter((k) => k !== '' && !into.has(k));
    if (fresh.length === 0) return;
    const answer = read(fresh);
    // Unused (the run stopped first) or failed (asked again when needed): never unhandled.
    answer.catch(() => undefined);
    for (const k of fresh) into.set(k, answer);
  };
  const known =
    (own: KnownVersions): KnownVersions =>
    async (reported) => {
      const held = await own(reported);
      const unread = reported.filter((r) => !held.has(r.id));
      const ids: string[] = [];
      const emails: string[] = [];
      let unlinked = 0;
      for (const r of unread) {
        const link = links.outlookLink(r.id);
        if (link) ids.push(link.bcId);
        else {
          unlinked++;
          if (r.firstEmail !== undefined) emails.push(normalizeEmail(r.firstEmail));
        }
      }
      // Unlinked contacts may become BC creates: the create turn may be taken meanwhile, and their
      // e-mails looked up under it (turn-ahead.ts).
      const underTurn = unlinked > 0 ? (onNew?.(emails, unread.length) ?? null) : null;
      ask(ids, byId, (k) => bc.getMany(k));
      ask(emails, byEmail, (k) => underTurn ?? bc.findByEmails(k));
      return held;
    };
  /**
   * The answers asked ahead for `keys` (each answer once), and the keys none was asked for. An
   * answer that failed throws: it is the run's read of those contacts, made earlier.
   */
  const answered = async (keys: readonly string[], from: Map<string, Promise<BcContact[]>>) => {
    const asked = new Set<Promise<BcContact[]>>();
    const rest: string[] = [];
    for (const k of keys) {
      const answer = from.get(k);
      if (answer) asked.add(answer);
      else rest.push(k);
    }
    const found: BcContact[] = [];
    for (const answer of asked) found.push(...(await answer));
    return { found, rest };
  };
  const reads: BcLookUps = {
    getMany: async (ids) => {
      const { found, rest } = await answered(ids, byId);
      const all = [...found, ...(rest.length > 0 ? await bc.getMany(rest) : [])];
      const byKey = new Map(all.map((c) => [c.id.toLowerCase(), c]));
      return ids.flatMap((id) => byKey.get(id.toLowerCase()) ?? []);
    },
    findByEmails: async (emails) => {
      const keys = [...new Set(emails.map(normalizeEmail))].filter((e) => e !== '');
      const wanted = new Set(keys);
      const { found, rest } = await answered(keys, byEmail);
      const all = [...found, ...(rest.length > 0 ? await bc.findByEmails(rest) : [])];
      // What was asked ahead for other e-mails too is left out: the answer is as if asked for these.
      const once = new Map(all.filter((c) => wanted.has(normalizeEmail(c.email))).map((c) => [c.id, c]));
      return [...once.values()];
    },
  };
  return { known, reads };
}
