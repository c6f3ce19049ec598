import type { SkipReason } from '../../src/core/skip-records.js';
import type { OutOfScopeReason } from '../../src/core/scope.js';

/** Every reason a scope check gives, once. */
export const ALL_SCOPE: readonly OutOfScopeReason[] = [
  { kind: 'noEmail' },
  { kind: 'noName' },
  { kind: 'companyContact' },
  { kind: 'privacyBlocked' },
  { kind: 'excludedByFilter', fields: ['city', 'name'] },
];

// Ids as BC and Graph give them: a salesperson cannot do anything with either.
export const BC_ID = '5d115c9c-44e3-ea11-bb43-000d3a2feca1';
export const OUTLOOK_ID = 'AAMkAGI2THVSAAA=';

/** One reason of every kind: the mapped type makes a kind without a sample a compile error. */
export const SKIP_REASON_SAMPLES: { readonly [K in SkipReason['kind']]: Extract<SkipReason, { kind: K }> } = {
  outOfScope: { kind: 'outOfScope', reasons: ALL_SCOPE },
  bcContactOutOfScope: {
    kind: 'bcContactOutOfScope',
    bcId: BC_ID,
    bcNumber: 'KT000042',
    bcName: 'Grace Clarke',
    reasons: ALL_SCOPE,
  },
  bcContactDeleted: { kind: 'bcContactDeleted', bcId: BC_ID },
  duplicateOfLinked: {
    kind: 'duplicateOfLinked',
    bcId: BC_ID,
    bcNumber: 'KT000042',
    bcName: 'Grace Clarke',
    linkedOutlookId: OUTLOOK_ID,
  },
  wouldLeaveScope: { kind: 'wouldLeaveScope', reasons: ALL_SCOPE },
  missingName: { kind: 'missingName' },
  missingEmail: { kind: 'missingEmail' },
  tooLong: { kind: 'tooLong', field: 'surname', length: 61, max: 50 },
  lineBreak: { kind: 'lineBreak', field: 'addressLine1' },
  phoneLetters: { kind: 'phoneLetters', field: 'phoneNumber' },
  streetLines: { kind: 'streetLines', field: 'addressLine2', lines: 3, max: 2 },
  invalidEmail: { kind: 'invalidEmail', field: 'email2' },
  outlookListFull: {
    kind: 'outlookListFull',
    field: 'email2',
    value: 'ann@contoso.com',
    list: 'emailAddresses',
    max: 3,
  },
  unknownCountry: { kind: 'unknownCountry', field: 'country', value: 'ATLANTIS' },
  duplicateEmailInOutlook: {
    kind: 'duplicateEmailInOutlook',
    email: 'a@b.fi',
    outlookIds: [OUTLOOK_ID, 'AAMkAGI2THVSAAB='],
  },
  duplicateEmailInBc: { kind: 'duplicateEmailInBc', email: 'a@b.fi', bcIds: [BC_ID, 'b2', 'b3'] },
  emailInConflict: { kind: 'emailInConflict', email: 'a@b.fi', bcId: BC_ID, outlookId: OUTLOOK_ID },
  writeFailed: { kind: 'writeFailed', message: 'HTTP 500' },
  unstorableText: { kind: 'unstorableText', side: 'outlook', property: 'emailAddresses[1].name' },
};
