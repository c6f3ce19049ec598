import { PortFailure } from '../../core/ports.js';
import { NO_MEMBERSHIP_SERVICE_CODE } from '../../core/port-errors.js';
import type { BcContact } from '../../core/model.js';
import type { BcContactDraft, BcUpdate, Clock, WriteOutcome } from '../../core/ports.js';
import { StoreBcContacts } from '../../bc/store-bc-contacts.js';
import { userPrincipal } from '../../bc/create-key.js';
import { memberCompanies } from '../../store/company-members.js';
import type { Db } from '../../store/db.js';

/** The BC API's code for a user who is not a member of the company (README "Company access"). */
const NO_MEMBERSHIP = NO_MEMBERSHIP_SERVICE_CODE;

/**
 * A server-side run's BC contacts on the facade's store for one user (scheduler, CLI): before
 * each group of writes the user's membership of the company is checked again (tester F74: a run
 * kept writing after an administrator revoked it; the membership was checked only when the run
 * started). A revoked one ends the run with a data reason — a PortFailure 403
 * `Authorization_NoCompanyMembership` on the bc side, as the BC API answers the pane's requests —
 * and writes nothing more. One query per group of up to 100 writes; the run also asks before each
 * group of Outlook writes (checkAccess), which carry BC data into the mailbox.
 */
export class MemberStoreBcContacts extends StoreBcContacts {
  constructor(
    private readonly store: Db,
    clock: Clock,
    companyId: string,
    private readonly userId: string,
    companyName?: string,
  ) {
    // Keyed as this user's requests to the BC API are (create-key.ts): one contact per create key
    // whichever host of the user makes it.
    super(store, clock, companyId, companyName, userPrincipal(userId));
  }

  override async create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> {
    await this.checkAccess();
    return super.create(drafts);
  }

  override async update(updates: readonly BcUpdate[]): Promise<WriteOutcome<BcContact>[]> {
    await this.checkAccess();
    return super.update(updates);
  }

  /** BcContacts.checkAccess: the user is still a member of the company (one query). */
  async checkAccess(): Promise<void> {
    if ((await memberCompanies(this.store, this.userId)).has(this.companyId.toLowerCase())) return;
    throw new PortFailure(
      'invalid',
      "The run's user is no longer a member of this Business Central company.",
      { status: 403, serviceCode: NO_MEMBERSHIP },
    );
  }
}
