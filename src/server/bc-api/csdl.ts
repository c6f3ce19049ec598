/**
 * The facade's OData service document, `GET /api/v2.0/$metadata` (OData v4 CSDL XML), built from the
 * same field tables the JSON answers come from, so OData clients (Excel, Power BI, Power Automate)
 * read the entities as BC describes them: namespace Microsoft.NAV, entity set `companies`, contacts
 * contained in a company (BC API v2.0: every entity lives under a company, reference §9).
 */
import { COMPANY_FIELDS, CONTACT_FIELDS, COUNTRY_REGION_FIELDS } from './contact-fields.js';
import type { FieldType } from './contact-fields.js';

const EDM: Record<FieldType, string> = {
  string: 'Edm.String',
  guid: 'Edm.Guid',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
};

interface EntityTypeSpec {
  /** The entity type's name, e.g. `contact` (BC's are lower camel case). */
  readonly name: string;
  /** Property name → type, in the order of the JSON answers; `id` is the key. */
  readonly properties: Readonly<Record<string, { readonly type: FieldType }>>;
  /** Contained collections (OData containment), e.g. a company's contacts. */
  readonly contains?: Readonly<Record<string, string>>;
}

export interface ServiceSpec {
  readonly namespace: string;
  readonly types: readonly EntityTypeSpec[];
  /** Top-level entity sets: set name → entity type name. */
  readonly entitySets: Readonly<Record<string, string>>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The CSDL document of `spec`. */
export function csdl(spec: ServiceSpec): string {
  const ns = escape(spec.namespace);
  const types = spec.types.map((t) => {
    const props = Object.entries(t.properties).map(
      ([name, p]) =>
        `<Property Name="${escape(name)}" Type="${EDM[p.type]}"${name === 'id' ? ' Nullable="false"' : ''} />`,
    );
    const nav = Object.entries(t.contains ?? {}).map(
      ([name, type]) =>
        `<NavigationProperty Name="${escape(name)}" Type="Collection(${ns}.${escape(type)})" ContainsTarget="true" />`,
    );
    return [
      `<EntityType Name="${escape(t.name)}">`,
      '<Key><PropertyRef Name="id" /></Key>',
      ...props,
      ...nav,
      '</EntityType>',
    ].join('\n        ');
  });
  const sets = Object.entries(spec.entitySets).map(
    ([set, type]) => `<EntitySet Name="${escape(set)}" EntityType="${ns}.${escape(type)}" />`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${ns}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types.map((t) => `      ${t}`),
    '      <EntityContainer Name="default">',
    ...sets.map((s) => `        ${s}`),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

/** The facade's entities: companies, and the contacts and Country/Region table each contains. */
export const FACADE_SERVICE: ServiceSpec = {
  namespace: 'Microsoft.NAV',
  types: [
    {
      name: 'company',
      properties: COMPANY_FIELDS,
      contains: { contacts: 'contact', countriesRegions: 'countryRegion' },
    },
    { name: 'contact', properties: CONTACT_FIELDS },
    { name: 'countryRegion', properties: COUNTRY_REGION_FIELDS },
  ],
  entitySets: { companies: 'company' },
};
