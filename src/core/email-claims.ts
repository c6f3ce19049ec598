import { normalizeEmail } from './model.js';
import type { PlanItem } from './plan.js';

/**
 * rule duplicates.bc within one plan: the addresses the plan's BC writes move an E-Mail to, and
 * which BC contact each write is for. BC's holders as read (bc-email-index.ts emailHoldersOf) do
 * not show what an earlier decision of the same plan will write: two Outlook edits moving two
 * synced contacts onto one address held by nobody were both written (two BC contacts of one
 * e-mail). A decision asks here after the holders (bc-refusals.ts sharedEmail); the planner notes
 * each decision's writes as it collects them, and the executor's replan starts from the plan's.
 * Addresses are normalized (normalizeEmail, as the index compares); BC ids compare without case
 * (BC answers GUIDs in either case).
 */
export class EmailClaims {
  /** Normalized address → the BC ids claiming it, in claim order (almost always one). */
  private readonly byEmail = new Map<string, string[]>();
  /** Lower-cased BC id → the normalized address it claims (a contact has one E-Mail). */
  private readonly byBc = new Map<string, string>();
  /** Normalized address → the Outlook ids of the plan's BC creates of it. */
  private readonly creates = new Map<string, string[]>();

  /**
   * The BC ids other than `self` (any case) whose writes in this plan move an E-Mail to the
   * normalized address `key`, first claimant first; empty when none.
   */
  claimants(key: string, self: string | undefined): readonly string[] {
    const ids = this.byEmail.get(key);
    if (ids === undefined) return [];
    const me = self?.toLowerCase();
    return ids.filter((id) => id.toLowerCase() !== me);
  }

  /**
   * The Outlook ids of the plan's BC creates of the normalized address `key`; empty when none. Only
   * the executor's replan meets one: the planner decides every create after every update, and
   * matching holds two creates of one address (rule duplicates.outlook).
   */
  creating(key: string): readonly string[] {
    return this.creates.get(key) ?? [];
  }

  /**
   * Notes the claims of `items`, one decision's or a whole plan's: each update whose BC write moves
   * the E-Mail (target other than BC's current value, compared normalized; a change of case only is
   * no move), and each BC create.
   */
  note(items: readonly PlanItem[]): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.kind === 'createInBc') this.noteCreate(item.fields.email, item.outlookId);
      if (item.kind !== 'update') continue;
      const to = item.bc.target.email;
      // Most updates leave the E-Mail as it is: told by one comparison, no normalizing.
      if (to === item.bc.current.email) continue;
      const key = normalizeEmail(to);
      if (key !== '' && key !== normalizeEmail(item.bc.current.email)) this.claim(key, item.bcId);
    }
  }

  /** The claim of BC contact `bcId` dropped (its pair is decided again: executor.ts replan). */
  release(bcId: string): void {
    const id = bcId.toLowerCase();
    const key = this.byBc.get(id);
    if (key === undefined) return;
    this.byBc.delete(id);
    const left = (this.byEmail.get(key) ?? []).filter((c) => c.toLowerCase() !== id);
    if (left.length > 0) this.byEmail.set(key, left);
    else this.byEmail.delete(key);
  }

  private noteCreate(email: string, outlookId: string): void {
    const key = normalizeEmail(email);
    if (key === '') return;
    const ids = this.creates.get(key);
    if (ids) ids.push(outlookId);
    else this.creates.set(key, [outlookId]);
  }

  private claim(key: string, bcId: string): void {
    this.release(bcId);
    this.byBc.set(bcId.toLowerCase(), key);
    const ids = this.byEmail.get(key);
    if (ids) ids.push(bcId);
    else this.byEmail.set(key, [bcId]);
  }
}
