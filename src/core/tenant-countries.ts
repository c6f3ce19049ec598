import { countryToBc, foldCountryName } from './country.js';
import type { CountryRegion } from './country.js';
import type { OutlookContact } from './model.js';
import type { PlanItem } from './plan.js';
import type { BcContacts, KnownVersions, Mailbox, MailboxChanges } from './ports.js';

/**
 * The tenant's own Country/Region table in the lookup (F41). BC's legacy Exchange sync looked an
 * Outlook country up by name in the company's Country/Region table (reference bc-contact-sync.md,
 * "Country"); country.ts knows ISO and CLDR names in seven languages, but a tenant names its rows
 * in its own words ("Förenta staterna", "Holland") and may use codes of its own ("UK"). An Outlook
 * country that is not one of the tenant's codes after country.ts's lookup is looked up by the
 * table's `displayName` (accents, case and punctuation folded as country.ts folds names).
 */
export interface CountryTable {
  /** The tenant's codes, upper case. */
  readonly codes: ReadonlySet<string>;
  /** Outlook's text as the tenant's code: its own lookup first, then the table's names; else as country.ts reads it. */
  readonly toBc: (text: string) => string;
}

export function countryTable(rows: readonly CountryRegion[]): CountryTable {
  const codes = new Set(rows.map((r) => r.code.toUpperCase()));
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const r of rows) {
    const key = foldCountryName(r.displayName);
    if (key === '') continue;
    const known = byName.get(key);
    if (known !== undefined && known !== r.code.toUpperCase()) ambiguous.add(key);
    else byName.set(key, r.code.toUpperCase());
  }
  for (const key of ambiguous) byName.delete(key);
  return {
    codes,
    toBc: (text) => {
      const code = countryToBc(text);
      if (code === '' || codes.has(code)) return code;
      return byName.get(foldCountryName(text)) ?? code;
    },
  };
}

/** The tenant's table as a run needs it: `()` when needed, `soon()` when it will likely be. */
export interface CountryTableSource {
  (): Promise<CountryTable>;
  /**
   * Starts the read now, so the need that follows (a read of Outlook contacts by id, a write's
   * answer) does not wait a BC round trip after its own (issue 12 §2). Its failure goes to that
   * need, as if the read had been made then; unneeded, it is dropped.
   */
  soon(): void;
}

/** The tenant's table, read from BC at most once (one request), when first needed or `soon`. */
export function countryTableOnce(bc: Pick<BcContacts, 'countriesRegions'>): CountryTableSource {
  let table: Promise<CountryTable> | null = null;
  let ahead: Promise<CountryTable> | null = null;
  const source = (): Promise<CountryTable> => {
    table ??= ahead ?? bc.countriesRegions().then(countryTable);
    ahead = null;
    // A failed read is not remembered: the next need asks again.
    table.catch(() => (table = null));
    return table;
  };
  source.soon = (): void => {
    if (table !== null || ahead !== null) return;
    ahead = bc.countriesRegions().then(countryTable);
    ahead.catch(() => undefined);
  };
  return source;
}

/**
 * A write Outlook answers with a contact that has a country (a create, or an update to one): its
 * answer is read through the tenant's table. The one test of whether a plan's writes need the
 * table, for the plan itself (run-leased.ts) and for the plan of BC's changes ahead (entries-ahead.ts).
 */
export function answersWithCountry(item: PlanItem): boolean {
  if (item.kind === 'createInOutlook' || item.kind === 'createInBc') return item.fields.country !== '';
  return item.kind === 'update' && item.outlook.target.country !== '';
}

/**
 * An Outlook contact whose country the tenant's table names (not one of its codes after country.ts's
 * lookup) as that code; any other contact as it is (the same object).
 */
function withTenantCode(contact: OutlookContact, table: CountryTable): OutlookContact {
  const text = contact.businessAddress.countryOrRegion;
  if (text === '') return contact;
  const code = table.toBc(text);
  if (code === countryToBc(text)) return contact;
  return { ...contact, businessAddress: { ...contact.businessAddress, countryOrRegion: code } };
}

/**
 * The mailbox as the sync reads it: every contact read whose country is a name in the tenant's
 * Country/Region table carries that row's code instead (F41), on every read path (folder reads,
 * delta, look-ups by id, BC id or e-mail, write answers). The table is read only when a contact read
 * has a country country.ts cannot place (an idle delta reads none: issue 12 §2). Writes pass through.
 */
export function withTenantCountries(mailbox: Mailbox, table: CountryTableSource): Mailbox {
  const needsTable = (contacts: readonly OutlookContact[]) =>
    contacts.some((c) => c.businessAddress.countryOrRegion !== '');
  const mapped = async (contacts: readonly OutlookContact[]): Promise<OutlookContact[]> => {
    if (!needsTable(contacts)) return [...contacts];
    const t = await table();
    return contacts.map((c) => withTenantCode(c, t));
  };
  const changes = async (read: MailboxChanges): Promise<MailboxChanges> =>
    read.kind === 'snapshot'
      ? { ...read, contacts: await mapped(read.contacts) }
      : { ...read, changed: await mapped(read.changed) };
  const written = async (
    outcomes: Awaited<ReturnType<Mailbox['create']>>,
  ): Promise<Awaited<ReturnType<Mailbox['create']>>> => {
    const ok = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    if (!needsTable(ok)) return outcomes;
    const t = await table();
    return outcomes.map((o) => (o.ok ? { ok: true, value: withTenantCode(o.value, t) } : o));
  };
  // A delta that reports changes not held reads them by id next: the table is asked for meanwhile.
  const aheadOf = (known: KnownVersions | undefined): KnownVersions | undefined =>
    known &&
    (async (reported) => {
      const held = await known(reported);
      if (reported.some((r) => !held.has(r.id))) table.soon();
      return held;
    });
  // Every method delegates with the mailbox as `this` (adapters keep private state).
  const stats = mailbox.stats;
  return {
    maxBatch: mailbox.maxBatch,
    ...(stats ? { stats: () => stats.call(mailbox) } : {}),
    ensureFolder: (name, again) => mailbox.ensureFolder(name, again),
    findFolder: (name) => mailbox.findFolder(name),
    folderById: (id) => mailbox.folderById(id),
    renameFolderById: (id, name, again) => mailbox.renameFolderById(id, name, again),
    listContacts: async (folderId, onPage) => mapped(await mailbox.listContacts(folderId, onPage)),
    readChanges: async (folderId, deltaLink, known, onPage) =>
      changes(await mailbox.readChanges(folderId, deltaLink, aheadOf(known), onPage)),
    folderWithChanges: async (folderId, deltaLink, known, onPage) => {
      const read = await mailbox.folderWithChanges(folderId, deltaLink, aheadOf(known), onPage);
      return read && { folder: read.folder, changes: await changes(read.changes) };
    },
    getMany: async (folderId, ids) => mapped(await mailbox.getMany(folderId, ids)),
    findByBcIds: async (folderId, ids) => mapped(await mailbox.findByBcIds(folderId, ids)),
    findByEmails: async (folderId, emails) => mapped(await mailbox.findByEmails(folderId, emails)),
    create: async (folderId, drafts, again) => written(await mailbox.create(folderId, drafts, again)),
    update: async (folderId, updates, again) => written(await mailbox.update(folderId, updates, again)),
    delete: (folderId, deletes, again) => mailbox.delete(folderId, deletes, again),
  };
}
