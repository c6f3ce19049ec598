/**
 * English texts of the codes core returns (skip and scope reasons, hints, filter errors) and BC's
 * field captions: the source of every key. ICU MessageFormat; every edge (HTTP body, CLI, pane) words
 * codes from these catalogs.
 */
const en = {
  filterErrorAt: 'Position {position, number}: expected {expected}',
  filterUnknownField: '“{field}” is not a filter field: use one of {fields}',
  reason_noEmail: 'no e-mail',
  reason_noName: 'no name',
  reason_companyContact: 'company contact',
  reason_privacyBlocked: 'privacy blocked',
  reason_excludedByFilter: 'excluded by filter: {fields}',
  deletion_bcDeleted: 'Deleted in Business Central, changed in Outlook',
  deletion_outOfScope: 'Out of scope in Business Central ({reasons}), changed in Outlook',
  resolve_alreadyResolved:
    'The conflict of contact {bcId} was {by, select, dismiss {settled} other {resolved}} in another window while you chose; nothing more was written. Refresh the list to see what it holds now.',
  resolve_conflictNotFound: 'No conflict is recorded for contact {bcId}; refresh the list.',
  resolve_contactMissing:
    'The {side, select, bc {Business Central} other {Outlook}} contact {id} no longer exists; run a sync first.',
  resolve_wholeContactOnly:
    'This contact was deleted in Business Central: choose a side for the whole contact.',
  resolve_notInConflict: 'These fields are not in conflict: {fields}.',
  resolve_notSettled: 'Only conflicts the policy settled can be dismissed; choose a side for {fields}.',
  resolve_nothingSettled: 'Nothing the policy settled is left to dismiss; choose a side for the others.',
  resolve_invalidForBc: 'Business Central cannot hold these values: {reasons}.',
  resolve_changedSinceShown:
    'Changed again since this conflict was shown: {fields}. Nothing was written; the conflict now shows what each side holds. Check it and choose again.',
  resolve_changedSinceShownOutlookOnly:
    'The Outlook contact changed values Business Central has no field for since this conflict was shown. Nothing was deleted; the conflict now shows them. Check it and choose again.',
  resolve_stale:
    'The {side, select, bc {Business Central} other {Outlook}} contact changed again while resolving; sync and try again.',
  resolve_writeFailed: 'Writing to {side, select, bc {Business Central} other {Outlook}} failed: {message}',
  bcContactRef: '{name} (No. {number})',
  skip_outOfScope: 'out of scope: {reasons}',
  skip_bcContactOutOfScope: 'its Business Central contact {contact} is out of scope: {reasons}',
  skip_bcContactDeleted: 'its Business Central contact was deleted',
  skip_duplicateOfLinked:
    'a second copy of Business Central contact {contact}, which is already synced with another Outlook contact',
  skip_wouldLeaveScope:
    'the Outlook change would take it out of scope ({reasons}); Business Central kept its values',
  skip_missingName: 'no name',
  skip_missingEmail: 'no e-mail',
  skip_tooLong:
    '{field} is {length, plural, one {# character} other {# characters}}; Business Central holds {max, number}',
  skip_lineBreak: '{field} has a line break Business Central cannot hold',
  skip_phoneLetters: '{field} has letters, which Business Central does not take in a phone number',
  skip_streetLines:
    'the street in Outlook has {lines, plural, one {# line} other {# lines}}; Business Central holds {max, number} ({address} and {address2})',
  skip_invalidEmail: '{field} is not a valid e-mail address',
  skip_outlookListFull:
    'Outlook already holds {list, select, businessPhones {{max, plural, one {# business phone} other {# business phones}}} other {{max, plural, one {# e-mail address} other {# e-mail addresses}}}} for this contact, so {field} “{value}” from Business Central was not added; it waits until there is room',
  skip_unknownCountry: '{field} “{value}” is not a country or region Business Central knows',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# Outlook contact has} other {# Outlook contacts share}} the e-mail {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# Business Central contact has} other {# Business Central contacts share}} the e-mail {email}',
  skip_emailInConflict:
    'its e-mail {email} is {held, select, email {Outlook’s side of another contact’s open conflict on the E-Mail} other {on the Outlook copy of a deleted contact whose conflict is open}}',
  skip_writeFailed: 'could not be written: {message}',
  skip_unstorableText:
    '{property} in {side, select, bc {Business Central} other {Outlook}} holds a character that cannot be stored (a broken character or U+0000)',
  portError:
    '{error, select, stale {it changed again while being synced; it is left for the next sync} notFound {it no longer exists there} invalid {the service refused its values} throttled {the service asked to wait} unknownOutcome {no answer came back, so it is checked at the next sync} signInRefused {your sign-in was no longer accepted (it expired or was withdrawn): close the add-in and open it again to sign in again, then sync again} other {the service was not available}}{detail}',
  runError_writeFailed:
    'A contact could not be written to {side, select, bc {Business Central} other {Outlook}}: {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central or Outlook}}: {what, select, folder {the sync folder could not be found or created} countries {the list of countries/regions could not be read} write {the contacts could not be written} other {the contacts could not be read}}: {reason}',
  runError_storeRefused:
    'The sync state could not be saved: {refusal, select, scopeFull {the folder would hold more {list, select, links {synced contacts} skipped {skipped contacts} pending {contacts being created} other {conflicts}} than one folder may hold ({max, number}); narrow the filter in the settings so fewer contacts sync} unstorableText {a value holds a character that cannot be stored} outlookIdTaken {an Outlook contact is already synced with another contact} duplicateInBatch {one contact came twice in one save} other {a time was not valid}}',
  runError_accessRevoked:
    'Your access to {company, select, none {the Business Central company} other {Business Central company {company}}} was withdrawn while the sync ran, so it stopped; what it had written stays. Ask an administrator to give you access again, then sync again.',
  runError_storeFailed: 'The sync state on the server could not be read or saved: {reason}',
  runError_signInFailed:
    'A sign-in token for the sync could not be had{detail}: close the add-in and open it again to sign in again, then sync again; if it keeps failing, tell your administrator.',
  runError_leaseLost:
    '{cause, select, unanswered {The sync state on the server gave no answer for {seconds, number} s, so this sync could no longer be sure it alone held the folder; it stopped to avoid writing twice. Sync again.} other {Another sync took over this folder; this one stopped to avoid writing twice.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central returned no contacts for this folder, so this run would delete {synced, plural, one {the only contact} other {all # contacts}} synced to the Outlook folder. Nothing has been written yet.} other {This run would delete {deletes, number} of the {synced, plural, one {# contact} other {# contacts}} synced to the Outlook folder ({share, number, percent}); the limit is {limit, number, percent}. Nothing has been written yet.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# contact} other {# contacts}} in "{from}" {held, plural, one {holds} other {hold}} values Business Central does not have yet (open or settled conflicts, skipped or unsynced changes), so the sync did not move to "{to}": removing {held, plural, one {it} other {them}} would lose those values. "{from}" was synced; resolve {held, plural, one {it} other {them}} and sync again to move.',
  runError_companyChanged:
    'The contacts in this Outlook folder are synced with another Business Central company ({from}) than the one this sync can use now ({to}), so the sync stopped before reading or writing anything: syncing the other company would remove every synced contact from the folder. Ask an administrator to give you access to company {from} again.',
  runError_cancelled: 'The run was cancelled before it ended; what it had written stays.',
  runError_folderNameTaken:
    'Outlook has {named, select, yes {a folder named "{folderName}"} other {a folder of the name the settings give}} that holds no contacts (a mail, calendar or tasks folder), so the sync folder cannot be made under that name: rename that folder in Outlook, or choose another folder name in the settings, then sync again.',
  runError_interrupted:
    'The run was interrupted: {by, select, shutdown {its host shut down} other {its process stopped}} before it ended.',
  run_uncertain:
    '{count, plural, one {# change} other {Up to # changes}} may have been sent without an answer and may have landed; the next sync checks {count, plural, one {it} other {them}}. Sync again before you add or change {count, plural, one {that contact} other {those contacts}} yourself, so that nothing is written twice.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}}: {created, plural, other {# created}}, {updated, plural, other {# updated}}, {deleted, plural, other {# deleted}}',
  run_nothingWritten: 'Nothing written.',
  run_deferred:
    "{count, plural, one {# new contact was} other {# new contacts were}} not created in Business Central yet; the next sync does it: {reason, select, createTurnBusy {other users' syncs were creating contacts in this company for as long as this run waited for its turn} other {someone else created a contact with the same e-mail meanwhile, and the next sync links {count, plural, one {it} other {them}}}}.",
  runError_unexpected: 'The run stopped on an unexpected error ({name}); the server log has the details.',
  storeRefusal:
    'The sync state cannot hold this: {kind, select, scopeFull {this folder would hold more {list, select, links {synced contacts} skipped {skipped contacts} pending {contacts being created} other {conflicts}} than one folder may hold ({max, number}); narrow the filter in the settings so fewer contacts sync} outlookIdTaken {Outlook contact {outlookId} is already synced with another Business Central contact in this folder} duplicateInBatch {{field} {key} came twice in one save} invalidTime {{value} is not a valid time (ISO 8601, UTC)} other {the value at {at} holds a character that cannot be stored (U+0000 or a broken character)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Or delete the Outlook contact.',
  skipHint_bcContactDeleted:
    'Its Business Central contact was deleted. To keep the person, create the contact again in Business Central (the next sync brings it to Outlook) and delete this Outlook contact; otherwise just delete it.',
  skipHint_duplicateOfLinked: 'Delete this Outlook contact: another copy of it is already synced.',
  skipHint_wouldLeaveScope:
    'Undo that change in Outlook, or make it in Business Central if the contact should stop syncing.',
  skipHint_missingName: 'Give the Outlook contact a name.',
  skipHint_missingEmail: 'Add an e-mail address to the Outlook contact.',
  skipHint_tooLong: 'Shorten {field} to at most {max, plural, one {# character} other {# characters}}.',
  skipHint_lineBreak: 'Remove the line break from {field}.',
  skipHint_phoneLetters: 'Write {field} without letters (digits only, no “ext.”).',
  skipHint_streetLines:
    'Shorten the street in Outlook to {max, plural, one {# line} other {# lines}}. The first goes to {address}, the second to {address2}.',
  skipHint_invalidEmail: 'Correct {field} to a valid e-mail address.',
  skipHint_outlookListFull:
    'Remove {list, select, businessPhones {a business phone} other {an e-mail address}} the contact no longer needs in Outlook; the next sync then adds {field}.',
  skipHint_unknownCountry:
    'Enter a country code from Business Central’s Country/Region list (for example GB) or the country’s name in {field}.',
  skipHint_duplicateEmailInOutlook:
    'Give each Outlook contact its own e-mail address, or merge the duplicates.',
  skipHint_duplicateEmailInBc:
    'Make the e-mail address unique in Business Central so the Outlook contact can be matched.',
  skipHint_emailInConflict:
    'Resolve that conflict: {held, select, email {keeping Business Central’s e-mail lets this contact sync; keeping Outlook’s is refused while this contact holds it.} other {keeping Outlook links the copy to this contact, keeping Business Central removes the copy.}}',
  skipHint_writeFailed:
    'It is tried again at the next sync; if it keeps failing, check the values of the contact.',
  skipHint_unstorableText:
    'Retype {property} of the contact in {side, select, bc {Business Central} other {Outlook}}. Until then the contact is left as it is on both sides.',
  scopeHint_noEmail: 'Add an e-mail address to the contact in Business Central.',
  scopeHint_noName: 'Give the contact a name in Business Central.',
  scopeHint_companyContact:
    'Only contacts of type Person are synced; company contacts stay in Business Central.',
  scopeHint_privacyBlocked: 'Clear Privacy Blocked on the contact in Business Central if it may be shared.',
  scopeHint_excludedByFilter: 'Change the contact, or the sync filter in the settings ({fields}).',
  expected_value: 'a value',
  expected_valueAfter: 'a value after {token}',
  expected_noWildcards: 'a value without wildcards (* or ?)',
  expected_closingQuote: "a closing quote (')",
  expected_closeParen: "')' to close this '('",
  expected_operatorOrEnd: "'|', '&' or the end of the expression",
  expected_operatorParenOrEnd: "'|', '&', ')' or the end of the expression",
  expected_operatorOrClose: "'|', '&' or ')' to close '(' at position {position}",
  expected_maxNesting: 'at most {max, plural, one {# nested parenthesis} other {# nested parentheses}}',
  expected_maxLength: 'at most {max, plural, one {# character} other {# characters}}',
  expected_maxValues: 'at most {max, plural, one {# value} other {# values}}',
  expected_maxWork:
    'at most {max, plural, one {# character comparison} other {# character comparisons}} per contact',
  filterTooCostly:
    'the whole filter needs up to {estimate, plural, one {# character comparison} other {# character comparisons}} per contact (at most {max, number}); this field costs the most: use fewer values or fewer ? wildcards here',
  expected_filterField: 'one of: {fields}',
  expected_text: 'a filter expression (text)',
  problem_blank: 'must not be blank',
  problem_tooLong: 'must be at most {max, plural, one {# character} other {# characters}}',
  problem_invisibleCharacter:
    'must not hold the invisible character {codePoint} (zero-width and text-direction marks make names look alike)',
  problem_scheduleRange:
    'must be 0 (off) or between {min, number} and {max, plural, one {# minute} other {# minutes}}',
  problem_shareRange: 'must be between {min, number, percent} and {max, number, percent}',
  field_displayName: 'Name',
  field_type: 'Type',
  field_companyName: 'Company Name',
  field_companyNumber: 'Company No.',
  field_city: 'City',
  field_state: 'County',
  field_postalCode: 'Post Code',
  field_country: 'Country/Region Code',
  field_territoryCode: 'Territory Code',
  field_salespersonCode: 'Salesperson Code',
  field_jobTitle: 'Job Title',
  field_number: 'No.',
  field_email: 'E-Mail',
  field_firstName: 'First Name',
  field_middleName: 'Middle Name',
  field_surname: 'Surname',
  field_initials: 'Initials',
  field_email2: 'E-Mail 2',
  field_phoneNumber: 'Phone No.',
  field_mobilePhoneNumber: 'Mobile Phone No.',
  field_faxNumber: 'Fax No.',
  field_website: 'Home Page',
  field_addressLine1: 'Address',
  field_addressLine2: 'Address 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Reading contacts',
  phase_planning: 'Planning',
  phase_bc: 'Writing to Business Central',
  phase_outlook: 'Writing to Outlook',
  phase_links: 'Saving links',
  progressCount_reading:
    '{done, plural, =0 {Business Central and Outlook being read} =1 {Business Central read, Outlook being read} other {Business Central and Outlook read}}',
  progressCount_planning: 'Step {done, number} of {total, number}',
  progressCount_bc: '{done, number} of {total, plural, one {# contact} other {# contacts}}',
  progressCount_outlook: '{done, number} of {total, plural, one {# contact} other {# contacts}}',
  progressCount_links: '{done, number} of {total, plural, one {# contact linked} other {# contacts linked}}',
  // Why a run waits on purpose (core/run-waits.ts WaitReason) and when it goes on: pane and CLI.
  waiting_createTurn:
    'Waiting for another sync of this company to finish creating contacts in Business Central (at the latest until {time}).',
  waiting_outlookThrottled: 'Waiting for Outlook: the mailbox asked us to slow down. Resuming at {time}.',
  waiting_outlookPaced:
    'Waiting for Outlook: staying within the mailbox’s request limit. Resuming at {time}.',
  waiting_outlookRetry: 'Waiting for Outlook: a request failed for a moment. Trying again at {time}.',
  waiting_bcThrottled: 'Waiting for Business Central: it asked us to slow down. Resuming at {time}.',
  waiting_bcRetry: 'Waiting for Business Central: a request failed for a moment. Trying again at {time}.',
  waiting_syncThrottled: 'Waiting for the sync service: it asked us to slow down. Resuming at {time}.',
  waiting_syncRetry: 'Waiting for the sync service: a request failed for a moment. Trying again at {time}.',
  runRefusal:
    '{kind, select, folderSettling {The last sync of this folder (run {runId}) was stopped while changes it had sent could still arrive. So that no contact is created twice, the next sync can start at {time}.} runIdTaken {A run with the id {runId} exists already.} other {A sync is already running for this folder (run {runId}).{timed, select, yes { If it stopped without ending (its window was closed mid-sync), the next sync can start at {time}.} other {}}}}',
  // The sync API's refusals (server/refusal.ts): HTTP bodies' default words, made from the codes.
  httpRefusal_RunNotFound: 'No run {runId}.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {Run {runId} has already ended.} other {Run {runId} is not running in this process.}}',
  httpRefusal_PlanNotAvailable:
    'Run {runId} has no plan to show: {cause, select, notDryRun {only dry runs keep their plan} stillPlanning {the run is still planning} other {the plan is no longer in memory}}.',
  httpRefusal_CreateTurnBusy:
    'Other syncs are creating contacts in this company’s Business Central right now; nothing was added. Try again in a minute.',
  httpRefusal_SyncNotConfigured: 'This facade has no sync environment (BC and Outlook access).',
  httpRefusal_TooManySyncFolders:
    'The user’s sync state already holds {max, plural, one {# folder} other {# folders}}, the most one user may have; a write to another folder is refused.',
  httpRefusal_RunCancelRequested:
    'This run’s cancel was asked: nothing of the save was stored; end the run (its end is stored).',
  httpRefusal_LeaseLost:
    'This run no longer holds its folder’s lease (another sync took the folder over): nothing of the write was stored.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central did not answer when the contact was created.} other {Business Central refused the contact: {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser: 'The token’s user may only reach their own sync state.',
};

export default en;
export type CodeKey = keyof typeof en;
/** A catalog: exactly the keys of the English one. */
export type CodeCatalog = { readonly [K in CodeKey]: string };
