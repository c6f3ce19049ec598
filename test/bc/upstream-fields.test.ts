/**
 * Fields from the tenant's `$metadata` (issue 11 §2): upstream mode reads and writes every synced
 * field a tenant exposes and never sends one it lacks. Tenants: a standard one (page 30071), one
 * whose API has `jobTitle` (the current docs), and one with every facade field (our facade as the
 * tenant). Each optional field is written through the upstream source and read back from the
 * tenant itself.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { UpstreamBcSource } from '../../src/server/bc-api/upstream-source.js';
import {
  OPTIONAL_FIELDS,
  STANDARD_TENANT,
  parseContactProperties,
} from '../../src/server/bc-api/tenant-fields.js';
import { csdl, FACADE_SERVICE } from '../../src/server/bc-api/csdl.js';
import { parseContactQuery } from '../../src/server/bc-api/odata-query.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { startFacade } from './harness.js';
import type { Facade } from './harness.js';
import { tenantMetadata, withTenantMetadata } from './tenant-metadata.js';

let bc: Facade;
let token: string;
const clock = new ManualClock();

const TENANTS = {
  standard: tenantMetadata(),
  withJobTitle: tenantMetadata({ jobTitle: true }),
  everyField: null, // the stand-in's own $metadata
} as const;
type TenantName = keyof typeof TENANTS;

const HAS: Record<TenantName, ReadonlySet<string>> = {
  standard: new Set(),
  withJobTitle: new Set(['jobTitle']),
  everyField: new Set(OPTIONAL_FIELDS),
};

function sourceFor(name: TenantName) {
  const xml = TENANTS[name];
  const wrapped = xml === null ? null : withTenantMetadata(xml);
  const source = new UpstreamBcSource({
    apiRoot: `${bc.origin}/api/v2.0`,
    getToken: async () => token,
    clock,
    ...(wrapped ? { fetch: wrapped.fetch } : {}),
  });
  return { source, metadataReads: wrapped?.metadataReads ?? (() => 0) };
}

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  bc = await startFacade({ template, listen: true });
  token = await bc.issuer.appToken('facade', ['BC.ReadWrite.All']);
});
afterAll(async () => {
  await bc?.close();
});

async function upstreamContact(id: string): Promise<Record<string, unknown>> {
  const res = await bc.app.inject({
    method: 'GET',
    url: `/api/v2.0/companies(${bc.company.id})/contacts(${id})`,
    headers: { authorization: bc.auth },
  });
  return res.json();
}

/** A value per optional field that is valid in BC (codes upper-case, short). */
const VALUE: Record<(typeof OPTIONAL_FIELDS)[number], string> = {
  firstName: 'Ann',
  middleName: 'Marie',
  surname: 'Smith',
  initials: 'AMS',
  jobTitle: 'CEO',
  email2: 'ann@home.example',
  faxNumber: '+358 9 123',
  territoryCode: '',
  salespersonCode: '',
};

describe('tenant fields from $metadata', () => {
  test.each(Object.keys(TENANTS) as TenantName[])(
    '%s tenant: every field it has is written and read, none it lacks is sent',
    async (name) => {
      const { source } = sourceFor(name);
      const written = Object.fromEntries(OPTIONAL_FIELDS.map((f) => [f, VALUE[f]]));
      const created = await source.createContact(bc.company.id, {
        displayName: 'Ann M. Smith',
        email: `${name}@fields.example`,
        ...written,
      });
      const upstream = await upstreamContact(created.id);
      for (const f of OPTIONAL_FIELDS) {
        // Never written when the tenant lacks it.
        expect([f, upstream[f]]).toEqual([f, HAS[name].has(f) ? VALUE[f] : '']);
        if (HAS[name].has(f)) expect([f, created[f]]).toEqual([f, VALUE[f]]);
      }
      if (name === 'standard') {
        // Name parts come from the name on a tenant without them; other fields read blank.
        expect(created).toMatchObject({ firstName: 'Ann', middleName: 'M.', surname: 'Smith', jobTitle: '' });
      }
      // A PATCH alike: jobTitle reaches only the tenants that have it.
      const patched = await source.updateContact(bc.company.id, created.id, '*', { jobTitle: 'CFO' });
      expect((await upstreamContact(created.id)).jobTitle).toBe(HAS[name].has('jobTitle') ? 'CFO' : '');
      expect(patched.jobTitle).toBe(HAS[name].has('jobTitle') ? 'CFO' : '');
    },
  );

  test.each(Object.keys(TENANTS) as TenantName[])(
    '%s tenant: $filter on jobTitle only where the tenant has it',
    async (name) => {
      const { source } = sourceFor(name);
      const read = source.listContacts(
        bc.company.id,
        parseContactQuery({ $filter: "jobTitle eq 'CFO'" }),
        100,
      );
      if (HAS[name].has('jobTitle')) await expect(read).resolves.toBeInstanceOf(Array);
      else await expect(read).rejects.toMatchObject({ status: 400, code: 'BadRequest' });
    },
  );

  test('$metadata is read once an hour, not per request', async () => {
    const { source, metadataReads } = sourceFor('standard');
    const all = parseContactQuery({});
    for (let i = 0; i < 3; i++) await source.listContacts(bc.company.id, all, 10);
    expect(metadataReads()).toBe(1);
    clock.advance(61 * 60 * 1000);
    await source.listContacts(bc.company.id, all, 10);
    expect(metadataReads()).toBe(2);
  });

  test('CSDL parsing: the contact type only; no contact type means none is known', () => {
    const standard = parseContactProperties(tenantMetadata());
    expect(standard?.has.has('displayName')).toBe(true);
    // contactInformation's firstName is another entity's.
    expect(standard?.has.has('firstName')).toBe(false);
    expect([...(standard?.has ?? [])].filter((f) => !STANDARD_TENANT.has.has(f)).sort()).toEqual([
      'contactBusinessRelation',
      'lastInteractionDate',
      'searchName',
      'taxRegistrationNumber',
    ]);
    expect(parseContactProperties(csdl(FACADE_SERVICE))?.has.has('jobTitle')).toBe(true);
    expect(parseContactProperties('<html>Sign in</html>')).toBeNull();
  });
});
