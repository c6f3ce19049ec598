/**
 * The planner benchmark's inputs, made the way a run makes them: BC contacts as the facade's JSON
 * (BC API v2.0's contact plus the fields of design §3) read through the BC adapter's `toBcContact`,
 * Outlook contacts as Graph answers `CONTACT_QUERY` (every selected property, null where unset, the
 * extended properties expanded) read through `fromGraphContact`, and links as the SQL store returns
 * its rows (`storedLink`), each read with one text pool as the adapters read (text-pool.ts). Pages
 * of 1,000 are parsed and dropped as a run reads them, so the heap holds what a run's planner is
 * given and no more.
 */
import { toBcContact } from '../src/bc/bc-wire.js';
import type { Link } from '../src/core/link.js';
import type { PlanInput } from '../src/core/plan.js';
import { bcToSyncFields, syncFieldsToOutlookDraft } from '../src/core/mapping.js';
import type { BcContact, OutlookContact, SyncFields } from '../src/core/model.js';
import { emptySyncFields } from '../src/core/model.js';
import { storedLink } from '../src/core/stored-values.js';
import { TextPool } from '../src/core/text-pool.js';
import { fromGraphContact, toGraphBody } from '../src/graph/contact-mapping.js';

const CITIES = ['London', 'Paris', 'Oslo', 'Copenhagen', 'Helsinki', 'Milan', 'Amsterdam'];
const FIRST = ['Anna', 'Bjørn', 'Carla', 'David', 'Eva', 'Frederik', 'Grete', 'Henrik', 'Ida', 'Jens'];
const TITLES = ['', 'Sales Manager', 'Purchaser', 'CFO', '', 'Office Manager', 'Buyer'];
const PAGE = 1000;

/** A BC SystemId: a GUID. */
const guid = (i: number) =>
  `5d1f${(i * 7919).toString(16).padStart(4, '0')}-a4c2-ef11-8ef0-${i.toString(16).padStart(12, '0')}`;
/** Exchange ids are 152-character base64url strings (AAMkA…), change keys 40 characters. */
const outlookId = (tag: string, i: number) =>
  `AAMkAGI2NGVhZTVlLTI1OGMtNDI4My1iZmE5LTA5OGJmNzEwZWM4OQBGAAAAAADUuTJK1K9aTpCdqXop_4NaBwCd9nJ-tVysQos2hTfspaWRAAAAAAEOAACd9nJ-tVysQos2hTfspaWRAA${tag}${i.toString(36).padStart(9, '0')}`.slice(
    0,
    152,
  );
const changeKey = (tag: string, i: number) =>
  `EQAAABYAAACd9nJ+tVysQos2hTfspaWRAA${tag}${i.toString(36).padStart(6, '0')}`;

/** The facade's JSON for one BC contact (what `GET …/contacts` returns, one entry of `value`). */
function bcJson(i: number, linked: boolean): Record<string, unknown> {
  const first = FIRST[i % FIRST.length] as string;
  const surname = `Surname${i}`;
  return {
    '@odata.etag': `W/"JzE5OzE${(i * 104729).toString().padStart(17, '0')}MTswMDsn"`,
    id: guid(i),
    number: `CT${String(i).padStart(6, '0')}`,
    type: 'Person',
    displayName: `${first} ${surname}`,
    firstName: first,
    middleName: '',
    surname,
    initials: '',
    jobTitle: TITLES[i % TITLES.length],
    companyName: `Company ${i % 5000} A/S`,
    companyNumber: `CT${String(100000 + (i % 5000)).padStart(6, '0')}`,
    email: `${first.toLowerCase().replace('ø', 'o')}.${surname.toLowerCase()}@company${i % 5000}.example.com`,
    email2: '',
    phoneNumber: `+45 ${String(30000000 + i)}`,
    mobilePhoneNumber: i % 3 === 0 ? `+45 ${String(60000000 + i)}` : '',
    faxNumber: '',
    website: i % 4 === 0 ? `www.company${i % 5000}.example.com` : '',
    addressLine1: `${i % 300} Harbour Road`,
    addressLine2: '',
    // Unlinked contacts in Stockholm fall outside the user's filter.
    city: !linked && i % 2 === 0 ? 'Stockholm' : (CITIES[i % CITIES.length] as string),
    state: '',
    postalCode: String(1000 + (i % 9000)),
    country: 'DK',
    territoryCode: `T${i % 12}`,
    salespersonCode: `SP${i % 20}`,
    privacyBlocked: i % 97 === 0,
    lastModifiedDateTime: '2026-01-01T00:00:00Z',
    // BC API v2.0 fields the adapter does not read.
    searchName: `${first} ${surname}`.toUpperCase(),
    businessRelation: 'Customer',
    lastInteractionDate: '2025-11-20',
  };
}

/** Graph's JSON for one contact as `$select=${CONTACT_SELECT}` with the extended properties returns it. */
function graphJson(
  id: string,
  key: string,
  fields: SyncFields,
  bcId: string,
  edited: Partial<Record<string, string>>,
): Record<string, unknown> {
  const body = toGraphBody(syncFieldsToOutlookDraft(fields, bcId), true);
  const unset = Object.fromEntries(
    ['birthday', 'nickName', 'title', 'generation', 'department', 'officeLocation', 'profession'].map((p) => [
      p,
      null,
    ]),
  );
  return {
    '@odata.etag': `W/"${key}"`,
    id,
    changeKey: key,
    displayName: body.displayName,
    givenName: body.givenName ?? null,
    middleName: body.middleName ?? null,
    surname: body.surname ?? null,
    initials: body.initials ?? null,
    jobTitle: body.jobTitle ?? null,
    companyName: body.companyName ?? null,
    emailAddresses: body.emailAddresses ?? [],
    businessPhones: body.businessPhones ?? [],
    mobilePhone: body.mobilePhone ?? null,
    businessHomePage: body.businessHomePage ?? null,
    businessAddress: body.businessAddress ?? {},
    fileAs: `${fields.surname}, ${fields.firstName}`,
    categories: [],
    ...unset,
    yomiGivenName: '',
    yomiSurname: '',
    yomiCompanyName: '',
    imAddresses: [],
    assistantName: null,
    manager: null,
    homePhones: [],
    spouseName: null,
    personalNotes: '',
    children: [],
    homeAddress: {},
    otherAddress: {},
    singleValueExtendedProperties: body.singleValueExtendedProperties ?? [],
    ...edited,
  };
}

/** One page of JSON as a read receives it: text parsed, each entry mapped, the page dropped. */
function readPage<T>(entries: Record<string, unknown>[], map: (json: Record<string, unknown>) => T): T[] {
  const page = JSON.parse(JSON.stringify({ value: entries })) as { value: Record<string, unknown>[] };
  return page.value.map(map);
}

export interface PlanBenchInput {
  readonly bc: BcContact[];
  readonly outlook: OutlookContact[];
  readonly links: Link[];
}

/**
 * `n` contacts a side: 90% linked (every 10th linked contact edited in Outlook, every 7th in BC);
 * the other BC contacts half outside the filter (Stockholm), half new; the other Outlook contacts new.
 * `gc` (with --expose-gc) collects after every 10 pages, so the heap's high-water mark is the inputs'.
 */
export function buildPlanInput(n: number, gc?: () => void): PlanBenchInput {
  const bc: BcContact[] = [];
  const outlook: OutlookContact[] = [];
  const links: Link[] = [];
  const linked = Math.floor(n * 0.9);
  // One pool per read, as the adapters read (text-pool.ts): BC's, the folder's, the store's links.
  const pools = { bc: new TextPool(), outlook: new TextPool(), links: new TextPool() };
  for (let start = 0; start < n; start += PAGE) {
    const end = Math.min(n, start + PAGE);
    const bcPage = readPage(
      Array.from({ length: end - start }, (_, k) => bcJson(start + k, start + k < linked)),
      (json) => toBcContact(json, pools.bc),
    );
    const graph: Record<string, unknown>[] = [];
    const rows: Record<string, unknown>[] = [];
    for (const c of bcPage) {
      bc.push(c);
      const i = bc.length - 1;
      if (i >= linked) continue;
      const fields = bcToSyncFields(c);
      const id = outlookId('L', i);
      const key = changeKey('L', i);
      graph.push(graphJson(id, key, fields, c.id, i % 10 === 0 ? { jobTitle: 'Edited' } : {}));
      // The link as the last sync stored it: BC's values then (every 7th contact's city since changed).
      const base = i % 7 === 0 ? { ...fields, city: 'Old city' } : fields;
      rows.push({
        bcId: c.id,
        outlookId: id,
        base,
        bcEtag: c.etag,
        outlookChangeKey: key,
        outlookOwn: { emails: [], phones: [] },
        outlookHoldsBase: true,
      });
    }
    for (let i = Math.max(start, linked); i < end; i++) {
      const fields = {
        ...emptySyncFields(),
        displayName: `New ${i}`,
        firstName: 'New',
        surname: String(i),
        email: `new${i}@example.org`,
      };
      graph.push(graphJson(outlookId('N', i), changeKey('N', i), fields, '', {}));
    }
    for (const o of readPage(graph, (json) => fromGraphContact(json, pools.outlook))) outlook.push(o);
    for (const l of readPage(rows, (row) => storedLink(row as unknown as Link, pools.links))) links.push(l);
    if ((start / PAGE) % 10 === 9) gc?.();
  }
  return { bc, outlook, links };
}

/** The benches' plan: a full sync of `input` under `filter`, BC winning conflicts, no mass-delete prompt. */
export function fullSyncInput(input: PlanBenchInput, filter: PlanInput['filter']): PlanInput {
  return {
    mode: 'full',
    policy: 'bcWins',
    filter,
    massDeleteShare: 0.2,
    confirmMassDelete: false,
    links: input.links,
    bc: { kind: 'snapshot', contacts: input.bc },
    outlook: { kind: 'snapshot', contacts: input.outlook },
  };
}
