/**
 * Business Central's Graph contact sync wizard (page 7100, codeunits 7106/7102), as documented in
 * ../shared/reference/bc-contact-sync.md §2b and §6:
 * - "Force full sync" (our full mode) empties the cache of Outlook contacts and reads the folder's
 *   delta from the start; otherwise the stored delta link is followed, and a 410 stops the run
 *   ("You haven't synced for a long time…");
 * - the comparison runs on e-mail alone against the whole cache: BC persons whose e-mail is not in
 *   the cache are created in Outlook; cached Outlook contacts whose e-mail no BC person has are
 *   created in BC ("What to update" = Business Central and Outlook), unless any Person has it;
 * - both directions only create: nothing is updated or deleted;
 * - Outlook writes go as $batch envelopes of 20 POSTs, one envelope after the other; a 429 inside
 *   a batch only marks the row as failed (no Retry-After handling).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bcToSyncFields, outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { fromGraphContact, toGraphBody } from '../../src/graph/contact-mapping.js';
import { Budget } from '../suite/client.js';
import { ReferenceBc } from './bc-filtered.js';
import type { ClientInput, ClientResult } from '../suite/client.js';
import { SequentialGraph, firstEmail, folderId, normEmail } from './graph-calls.js';

interface WizardState {
  deltaUrl: string | null;
  /** Table 7122 "Outlook Contacts": Graph id → the contact as last read. */
  cache: Record<string, Record<string, unknown>>;
}

const FOLDER = 'Business Central';

export async function runWizard(input: ClientInput): Promise<ClientResult> {
  const state: WizardState = existsSync(input.stateFile)
    ? (JSON.parse(readFileSync(input.stateFile, 'utf8')) as WizardState)
    : { deltaUrl: null, cache: {} };
  const graph = new SequentialGraph(`${input.graphUrl}/v1.0`, input.graphToken);
  const reference = new ReferenceBc(input);
  const bc = reference.contacts;
  const budget = new Budget(input.budgetMs);
  const base = `/users/${encodeURIComponent(input.upn)}`;
  const counts = { olCreated: 0, bcCreated: 0, errors: 0 };
  const result = (status: string): ClientResult => ({
    status,
    written: counts.olCreated + counts.bcCreated,
    detail: `outlook +${counts.olCreated}, bc +${counts.bcCreated}`,
    graphRequests: graph.requests,
    throttled: graph.throttled,
    bcRequests: reference.requests(),
    storeCalls: null,
    stopped: budget.stopped,
    errors: counts.errors,
  });

  const folder = await folderId(graph, base, FOLDER);
  const contactsUrl = `${base}/contactFolders/${folder}/contacts`;
  const full = input.mode === 'full' || state.deltaUrl === null;
  if (full) state.cache = {};
  let next: string | null = full ? `${contactsUrl}/delta` : state.deltaUrl;
  let deltaLink: string | null = null;
  while (next) {
    if (budget.spent()) return result('stopped');
    const page = await graph.send('GET', next);
    if (page.status === 410) {
      counts.errors++;
      return result('failed: delta expired, reconfigure to full sync');
    }
    if (page.status >= 300) {
      counts.errors++;
      return result(`failed: ${page.status}`);
    }
    const cachedEmails = new Set(Object.values(state.cache).map(firstEmail));
    for (const c of (page.body.value ?? []) as Record<string, unknown>[]) {
      if (c['@removed'] !== undefined) continue; // carries no e-mail: ignored
      const email = firstEmail(c);
      if (email === '' || cachedEmails.has(email)) continue; // never refreshed
      state.cache[c.id as string] = c;
      cachedEmails.add(email);
    }
    deltaLink = (page.body['@odata.deltaLink'] as string | undefined) ?? deltaLink;
    next = (page.body['@odata.nextLink'] as string | undefined) ?? null;
  }
  state.deltaUrl = deltaLink;

  const persons = (await bc.listAll()).filter(
    (c) => c.type === 'Person' && !c.privacyBlocked && c.email !== '',
  );
  const cached = new Set(Object.values(state.cache).map(firstEmail));
  const bcEmails = new Set(persons.map((c) => normEmail(c.email)));
  const toM365 = persons.filter((c) => !cached.has(normEmail(c.email)));
  const toBc = Object.values(state.cache).filter((o) => !bcEmails.has(firstEmail(o)));

  for (let i = 0; i < toM365.length; i += 20) {
    if (budget.spent()) break;
    const requests = toM365.slice(i, i + 20).map((c, k) => {
      const body = toGraphBody(syncFieldsToOutlookDraft(bcToSyncFields(c), ''), true);
      // The street is never pushed; pushed contacts get the category "Business Central".
      const address = (body.businessAddress ?? {}) as Record<string, unknown>;
      return {
        id: String(k + 1),
        method: 'POST',
        url: `${contactsUrl}`,
        headers: { 'Content-Type': 'application/json' },
        body: { ...body, businessAddress: { ...address, street: null }, categories: ['Business Central'] },
      };
    });
    const answer = await graph.send('POST', '/$batch', { requests });
    const responses = (answer.body.responses ?? []) as { status: number }[];
    graph.countItems(responses);
    for (const r of responses) {
      if (r.status < 300) counts.olCreated++;
      else counts.errors++; // the row is marked with the error; nothing retries it
    }
  }
  for (const o of toBc) {
    if (budget.spent()) break;
    const email = firstEmail(o).replace(/'/g, "''");
    const existing = await reference.listWhere(`email eq '${email}' and type eq 'Person'`);
    if (existing.length > 0) {
      counts.errors++; // "Contact with this email already exists"
      continue;
    }
    const [r] = await bc.create([{ ...outlookToSyncFields(fromGraphContact(o)), type: 'Person' }]);
    if (r?.ok) counts.bcCreated++;
    else counts.errors++;
  }
  writeFileSync(input.stateFile, JSON.stringify(state));
  return result(budget.stopped ? 'stopped' : counts.errors > 0 ? 'failed' : 'succeeded');
}
