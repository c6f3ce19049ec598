/**
 * `$metadata` of Business Central tenants for upstream tests, in the shape BC's API v2.0 serves
 * (namespace Microsoft.NAV, lower camel case entity types). The contact properties are those of page
 * 30071 "APIV2 - Contacts" (reference §5: no name parts, E-Mail 2 or Fax No.); `jobTitle` is listed by
 * the current learn.microsoft.com page and absent from older versions.
 */
const STANDARD_CONTACT = [
  ['id', 'Edm.Guid'],
  ['number', 'Edm.String'],
  ['type', 'Microsoft.NAV.contactType'],
  ['displayName', 'Edm.String'],
  ['companyNumber', 'Edm.String'],
  ['companyName', 'Edm.String'],
  ['contactBusinessRelation', 'Microsoft.NAV.contactBusinessRelation'],
  ['addressLine1', 'Edm.String'],
  ['addressLine2', 'Edm.String'],
  ['city', 'Edm.String'],
  ['state', 'Edm.String'],
  ['country', 'Edm.String'],
  ['postalCode', 'Edm.String'],
  ['phoneNumber', 'Edm.String'],
  ['mobilePhoneNumber', 'Edm.String'],
  ['email', 'Edm.String'],
  ['website', 'Edm.String'],
  ['searchName', 'Edm.String'],
  ['privacyBlocked', 'Edm.Boolean'],
  ['taxRegistrationNumber', 'Edm.String'],
  ['lastInteractionDate', 'Edm.Date'],
  ['lastModifiedDateTime', 'Edm.DateTimeOffset'],
] as const;

export function tenantMetadata(options: { readonly jobTitle?: boolean } = {}): string {
  const props = [...STANDARD_CONTACT, ...(options.jobTitle ? ([['jobTitle', 'Edm.String']] as const) : [])];
  return `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="company">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.Guid" Nullable="false" />
        <Property Name="name" Type="Edm.String" MaxLength="30" />
        <NavigationProperty Name="contacts" Type="Collection(Microsoft.NAV.contact)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="contactInformation">
        <Key><PropertyRef Name="contactId" /></Key>
        <Property Name="contactId" Type="Edm.Guid" Nullable="false" />
        <Property Name="firstName" Type="Edm.String" />
      </EntityType>
      <EntityType Name="contact">
        <Key><PropertyRef Name="id" /></Key>
${props.map(([n, t]) => `        <Property Name="${n}" Type="${t}"${n === 'id' ? ' Nullable="false"' : ''} />`).join('\n')}
        <NavigationProperty Name="picture" Type="Collection(Microsoft.NAV.picture)" ContainsTarget="true" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;
}

/**
 * A fetch to a stand-in tenant (our facade on loopback) that answers `$metadata` with `xml` (a
 * standard tenant's) and passes everything else through; counts the `$metadata` reads.
 */
export function withTenantMetadata(xml: string): { fetch: typeof fetch; metadataReads: () => number } {
  let reads = 0;
  return {
    metadataReads: () => reads,
    fetch: (input, init) => {
      if (new URL(String(input)).pathname.endsWith('/$metadata')) {
        reads++;
        return Promise.resolve(new Response(xml, { headers: { 'content-type': 'application/xml' } }));
      }
      return fetch(input, init);
    },
  };
}
