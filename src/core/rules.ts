/**
 * The rules of design §2 (sync semantics), each under a stable id. The planner's decision table
 * (`pair-table.ts`) names the id that decides each pair, the other places that apply a rule carry
 * `rule <id>` in a comment, and `test/core/sync-rules.test.ts` has one test per id (a last test
 * there fails when an id has none).
 * @internal
 */
export const SYNC_RULES = {
  'scope.inScope':
    'A BC contact is in scope when it matches the filter, is a Person, has a name and an e-mail and is not privacy blocked.',
  'scope.filteredOut': 'A BC contact left out by the filter alone is counted, not listed.',
  'scope.skip': 'A BC contact out of scope for any other reason is listed with its reasons.',
  'scope.guardOutlookChanges':
    'An Outlook change that would take a synced contact out of scope is not written to BC (nor any other change of that contact), and is reported.',
  'folder.default': 'The folder is found by name or created (default "Business Central"); its id is stored.',
  'folder.rename': 'Renaming the folder in settings moves the sync to the folder of the new name.',
  'delta.changesOnly':
    'Delta sync reads only what changed since the last successful sync (BC watermark, Graph delta), never a whole folder.',
  'delta.bothWays':
    'Delta sync works both ways: changed and new Outlook contacts reach BC with the matching and import rules of a full sync.',
  'delta.filterChange': 'A changed filter forces a full read of BC and of the Outlook folder.',
  'delta.goneContacts':
    'A contact a run sees gone (deleted, or absent from a side read in full) leaves the skipped list; a skip naming such a contact, or one a delta reads changed, is decided again.',
  'full.everyContact':
    'Full sync reads every contact of both sides, regardless of dates and of any delta link, and decides every pair.',
  'changes.stampsOnly': 'A moved etag or changeKey with equal mapped values is not a change.',
  'changes.toOutlook': 'A linked contact changed only in BC is updated in Outlook.',
  'changes.toBc': 'A linked contact changed only in Outlook updates its BC contact.',
  'changes.bothSides':
    'A linked contact changed on both sides merges three-way per field; fields changed on both sides follow the policy.',
  'conflicts.manual': 'Under the manual policy both sides keep their value until the user decides.',
  'conflicts.keepValues':
    "A conflict record keeps every field's base, BC and Outlook values until the user resolves or dismisses that field.",
  'conflicts.settledKept':
    'A conflict settled by the policy stays listed (with the losing value) until the user accepts or reverts it, or the field changes again; when BC deletes the contact or it leaves scope, the copy is kept and the conflict lists the losing value until the user decides; when the user deletes the Outlook copy, the conflict moves to the re-created copy.',
  'conflicts.resolve':
    'A conflict is resolved field by field in the pane; a resolution is written to both sides.',
  'create.inOutlook': 'An in-scope BC contact with no Outlook copy is created in Outlook.',
  'match.byBcId': 'An unlinked Outlook contact is matched first by the BC id stored on it.',
  'match.stampIdentity':
    "A BC id stored on an unlinked Outlook contact (Outlook's Copy keeps it) counts only while the contact agrees with that BC contact: the same e-mail or the same name. Otherwise the contact is new.",
  'match.followStamps':
    'A link whose Outlook contact carries the BC id of another BC contact is dropped, and the contacts are matched by the BC ids they carry.',
  'match.byEmail': 'Then by normalized e-mail; a first match merges with no base (empty values fill in).',
  'import.create':
    'An unmatched Outlook contact with a name and an e-mail becomes a new BC Person (when it would be in scope).',
  'import.skip': 'An unmatched Outlook contact that cannot become a BC Person is listed with the reason.',
  'duplicates.outlook': 'Two Outlook contacts with one e-mail are reported, never merged blindly.',
  'duplicates.bc': 'Two BC contacts with one e-mail are reported, never merged blindly.',
  'duplicates.removeOurCopy':
    'An unlinked Outlook copy our own create left (it landed after another run made and linked the contact) is deleted when it holds what the linked copy holds, no Outlook-only value, and is not a copy the user made, whatever BC holds of the contact (deleted in BC too); read again just before, it is kept if anything differs.',
  'deletions.recreate': 'An Outlook copy deleted while its BC contact is in scope is re-created.',
  'deletions.adoptCopy':
    'An Outlook copy deleted while another contact in the folder carries its BC id (a copy the user made) is not re-created: the link moves to that contact.',
  'deletions.removeCopy': 'A BC contact deleted or out of scope has its unchanged Outlook copy removed.',
  'deletions.keepOutlookChanges':
    'Unless the Outlook copy has changes not yet in BC, which makes a conflict instead.',
  'deletions.keepOutlookOnly':
    "Nor when the Outlook copy holds values BC has no field for (a note, a birthday, home phones, categories, Outlook's own e-mails and phones) or the winner of a settled conflict: that makes a conflict instead.",
  'deletions.bothGone': 'A pair gone on both sides is unlinked.',
  'guard.massDelete': 'A run deleting more than the set share of the folder stops before writing and asks.',
  'guard.bcEmpty': 'BC returning nothing while links exist stops the run before writing.',
  'preview.dryRun': 'A dry run returns the plan and writes nothing.',
  'runs.lease': 'One run at a time per user and folder.',
  'runs.resume':
    "An interrupted run continues without duplicates: the BC id on an Outlook contact re-links a create whose answer was lost; a BC create (an Outlook contact imported) is recorded as pending before it goes out and, its answer lost, is found by the E-Mail it sent (or by values and BC id) and linked. The link's base is the values sent, found per field: a field edited on one side since is that side's change; on both (or by BC, for a BC create) the policy's. An update is recorded as pending before it goes out too: its answer lost, a value found on the side it wrote as sent is the base, not a user's edit.",
  'runs.record': 'Each run keeps a record: mode, trigger, counts, errors, duration, Graph requests.',
  'values.owned':
    "Each synced BC field owns one identified Outlook value; Outlook's own extra values (a third e-mail, a second business phone, …) are never moved, deleted or read into BC.",
  'values.sameText':
    'Text is compared in one Unicode normal form (NFC) and e-mail addresses case-insensitively: a change of form alone is not a change.',
  'values.country': "Outlook's free-text country becomes BC's Country/Region code by code or by name.",
  'text.unstorable':
    'A contact holding text that cannot be stored or compared (U+0000, a broken UTF-16 character) is left as it is on both sides and reported; the run goes on.',
  'lengths.refuse':
    'A contact is written to BC whole or not at all: when a value does not fit BC it is never cut, nothing of the contact is written to BC, and the contact is reported.',
} as const;

export type RuleId = keyof typeof SYNC_RULES;

/** @internal Test seam: rule-ids and sync-rules tests go over every rule id. */
export const RULE_IDS = Object.keys(SYNC_RULES) as RuleId[];
