import { importDraft } from './create-keys.js';
import { outlookToSyncFields } from './mapping.js';
import { withDisplayName } from './matching.js';
import { normalizeEmail } from './model.js';
import type { OutlookContact } from './model.js';
import type { BcContactDraft, BcContacts } from './ports.js';
import { SYNC_FIELDS } from './sync-field-names.js';

/** A draft as the facade names its id: its create key, type and every synced value. */
function draftKey(d: BcContactDraft): string {
  return JSON.stringify([d.createKey, d.type, ...SYNC_FIELDS.map((f) => d[f])]);
}

/**
 * The ids BC gives the imports of a delta's new Outlook contacts, asked of the facade as soon as
 * Graph's reads by id answered, beside the rest of the run's reads and its planning (issue 12,
 * delta-outlook-1pct: the ask went out only once the plan was made and the first group of creates
 * began, a BC round trip between the plan and the creates' pending entries, and so before the
 * creates and the BC id stamps after them). The ask reads and makes nothing (the facade derives
 * each id from the caller, the key and the values), so one asked for a contact the plan does not
 * import costs nothing but its place in the request. A group of creates takes an answer only for
 * a draft exactly as asked (create key, type and values: the id depends on all of them); any other
 * draft, or one whose early ask failed, is asked as before (createdIdsAhead).
 */
export class CreatedIdsEarly {
  private readonly asked = new Map<string, Promise<string | null | undefined>>();

  constructor(private readonly bc: Pick<BcContacts, 'createdIdOf' | 'createdIdsAfter'>) {}

  /**
   * Asks, in one request, for the imports of `contacts` (Outlook contacts no link or BC id stamp
   * ties to BC: what a plan may create in BC) with an address (an entry without one is never
   * written). Nothing is asked of an adapter that names ids at once or cannot ask.
   */
  ask(contacts: readonly OutlookContact[]): void {
    if (this.bc.createdIdOf || !this.bc.createdIdsAfter) return;
    const drafts = contacts
      .map((o) => importDraft({ outlookId: o.id, fields: withDisplayName(outlookToSyncFields(o)) }))
      .filter((d) => normalizeEmail(d.email) !== '' && !this.asked.has(draftKey(d)));
    if (drafts.length === 0) return;
    const answer = this.bc.createdIdsAfter(drafts);
    drafts.forEach((d, n) =>
      this.asked.set(
        draftKey(d),
        answer.then(
          (ids) => {
            const id = ids[n];
            return typeof id === 'string' && id !== '' ? id : null;
          },
          // Failed: the group asks for it itself.
          () => undefined,
        ),
      ),
    );
  }

  /**
   * The early answer for exactly this draft: its id, null when BC names the contact itself, and
   * undefined (or no promise) when it was not asked early or that ask failed.
   */
  answerFor(draft: BcContactDraft): Promise<string | null | undefined> | undefined {
    return this.asked.get(draftKey(draft));
  }
}
