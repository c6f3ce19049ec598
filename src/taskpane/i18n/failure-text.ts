import type { ResolveFailure } from '../../core/resolve.js';
import { isStateRefusal } from '../../core/state-refusal.js';
import { storeRefusalText } from '../../messages/refusal-words.js';
import { resolveFailureText } from '../../messages/words.js';
import type { Failure, RefusalDetail } from '../api/failure.js';
import type { OwnCode } from '../api/facade-codes.js';
import type { I18n } from './index.js';
import { fieldOfTarget, refusalText, settingLabel } from './refusal-text.js';

type Refusal = Extract<Failure, { kind: 'refusal' }>;
type Words = Pick<I18n, 't' | 'text' | 'list' | 'field'>;

/** The resolve refusals (sync/routes.ts resolveHttpError): the ResolveFailure is the `conflict` detail. */
const RESOLVE_CODES: ReadonlySet<OwnCode> = new Set([
  'ConflictNotFound',
  'ContactMissing',
  'InvalidChoice',
  'InvalidForBusinessCentral',
  'Stale',
  'ChangedSinceShown',
  'WriteFailed',
]);

/** Refusals whose every detail names a field and its problem (a setting, a contact property). */
const FIELD_CODES: ReadonlySet<OwnCode> = new Set([
  'InvalidSettings',
  'InvalidFilter',
  'BadRequest_InvalidValue',
]);

/** "Folder name: must not be blank" for each detail that names a field and carries its reason. */
function fieldProblems(i18n: Words, details: readonly RefusalDetail[]): string[] {
  return details
    .filter((d) => d.reason !== undefined)
    .map((d) =>
      i18n.t('nameAndReason', {
        name: settingLabel(i18n, fieldOfTarget(d.target)),
        reason: refusalText(i18n, d),
      }),
    );
}

/**
 * A refusal by one of the facade's own codes in words (facade-codes.ts): the reason its details
 * carry as data where there is one (a resolve failure, each refused field, the state's refusal),
 * else the code's own text. A code whose text needs a reason and came without one is "refused",
 * naming status-free code only.
 */
export function refusalFailureText(i18n: Words, failure: Refusal): string {
  const { code, details } = failure;
  if (RESOLVE_CODES.has(code)) {
    const reason = details.find((d) => d.target === 'conflict')?.reason;
    return reason?.kind
      ? resolveFailureText(i18n, reason as unknown as ResolveFailure)
      : i18n.t(`failureCode_${code}`);
  }
  if (FIELD_CODES.has(code)) {
    const problems = fieldProblems(i18n, details);
    return problems.length > 0
      ? i18n.t(`failureCode_${code}`, { fields: i18n.list(problems) })
      : i18n.t('failure_refused', { detail: code });
  }
  if (code === 'StateConflict' || code === 'ScopeFull') {
    const reason = details[0]?.reason;
    return isStateRefusal(reason)
      ? i18n.t(`failureCode_${code}`, { reason: storeRefusalText(i18n, reason) })
      : i18n.t('failure_refused', { detail: code });
  }
  if (code === 'BadRequest_DuplicateProperty') {
    // The name as the server shows it (bounded, hidden characters escaped: shown-input.ts).
    const property = details[0]?.reason?.property;
    return typeof property === 'string'
      ? i18n.t(`failureCode_${code}`, { property })
      : i18n.t('failure_refused', { detail: code });
  }
  return i18n.t(`failureCode_${code}`);
}
