import type { SkipReason } from './records.js';
import { describeOutOfScope } from './scope.js';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  displayName: 'Name',
  firstName: 'First Name',
  middleName: 'Middle Name',
  surname: 'Surname',
  initials: 'Initials',
  jobTitle: 'Job Title',
  companyName: 'Company Name',
  email: 'E-Mail',
  email2: 'E-Mail 2',
  phoneNumber: 'Phone No.',
  mobilePhoneNumber: 'Mobile Phone No.',
  faxNumber: 'Fax No.',
  website: 'Home Page',
  addressLine1: 'Address',
  addressLine2: 'Address 2',
  city: 'City',
  state: 'County',
  postalCode: 'Post Code',
  country: 'Country/Region Code',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** One line for logs, the CLI and error bodies (the pane has its own localized texts). */
export function describeSkipReason(reason: SkipReason): string {
  switch (reason.kind) {
    case 'outOfScope':
      return `out of scope: ${reason.reasons.map(describeOutOfScope).join(', ')}`;
    case 'bcContactOutOfScope':
      return `its Business Central contact ${reason.bcId} is out of scope: ${reason.reasons.map(describeOutOfScope).join(', ')}`;
    case 'bcContactDeleted':
      return `its Business Central contact ${reason.bcId} was deleted`;
    case 'duplicateOfLinked':
      return `a copy of the contact already synced as ${reason.linkedOutlookId}`;
    case 'wouldLeaveScope':
      return `the Outlook change would take it out of scope (${reason.reasons.map(describeOutOfScope).join(', ')}); Business Central kept its values`;
    case 'missingName':
      return 'no name';
    case 'missingEmail':
      return 'no e-mail';
    case 'tooLong':
      return `${fieldLabel(reason.field)} is ${reason.length} characters; Business Central holds ${reason.max}`;
    case 'lineBreak':
      return `${fieldLabel(reason.field)} has a line break Business Central cannot hold`;
    case 'invalidEmail':
      return `${fieldLabel(reason.field)} is not a valid e-mail address`;
    case 'duplicateEmailInOutlook':
      return `${reason.outlookIds.length} Outlook contacts share the e-mail ${reason.email}`;
    case 'duplicateEmailInBc':
      return `${reason.bcIds.length} Business Central contacts share the e-mail ${reason.email}`;
    case 'writeFailed':
      return `could not be written: ${reason.message}`;
  }
}
