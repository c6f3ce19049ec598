import type { GraphError } from './errors.js';
import { shownInput } from '../platform/shown-input.js';
import { badRequest, invalidBody } from './errors.js';

const STRING_ARRAY_PROPS = new Set(['categories', 'imAddresses', 'homePhones', 'businessPhones', 'children']);
const ADDRESS_PROPS = new Set(['homeAddress', 'businessAddress', 'otherAddress']);
const ADDRESS_KEYS = new Set(['street', 'city', 'state', 'countryOrRegion', 'postalCode']);
const READ_ONLY_PROPS = new Set([
  'id',
  'changeKey',
  'createdDateTime',
  'lastModifiedDateTime',
  'parentFolderId',
]);
const NAME_PARTS = ['givenName', 'middleName', 'surname'] as const;

/** Serialization order (read-only first, then Graph's order of the writable properties). */
export const CONTACT_PROPERTY_ORDER = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'parentFolderId',
  'birthday',
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'imAddresses',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'homePhones',
  'mobilePhone',
  'businessPhones',
  'spouseName',
  'personalNotes',
  'children',
  'emailAddresses',
  'homeAddress',
  'businessAddress',
  'otherAddress',
] as const;
export const CONTACT_PROPERTIES: ReadonlySet<string> = new Set(CONTACT_PROPERTY_ORDER);
/** The writable string properties of microsoft.graph.contact: all but the read-only, list and address ones. */
const STRING_PROPS: ReadonlySet<string> = new Set(
  CONTACT_PROPERTY_ORDER.filter(
    (p) =>
      !READ_ONLY_PROPS.has(p) &&
      !STRING_ARRAY_PROPS.has(p) &&
      !ADDRESS_PROPS.has(p) &&
      p !== 'emailAddresses',
  ),
);

/** Undocumented Outlook collection limits, observed as HTTP 400 with these exact messages. */
const COLLECTION_LIMITS: Record<string, { name: string; max: number }> = {
  emailAddresses: { name: 'EmailAddresses', max: 3 },
  businessPhones: { name: 'BusinessPhones', max: 2 },
  homePhones: { name: 'HomePhones', max: 2 },
};

export interface ExtendedProperty {
  id: string;
  value: string;
}

/** A validated POST/PATCH body: only the keys the client sent, values normalized. */
export interface ContactWrite {
  props: Record<string, unknown>;
  extended: ExtendedProperty[];
}

export function emptyContactProps(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of STRING_PROPS) props[key] = null;
  for (const key of STRING_ARRAY_PROPS) props[key] = [];
  for (const key of ADDRESS_PROPS) props[key] = {};
  props.emailAddresses = [];
  return props;
}

const unknownProperty = (key: string, type: string): GraphError =>
  invalidBody(
    `The property '${shownInput(key)}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );

const wrongType = (key: string, expected: string): GraphError =>
  invalidBody(
    `Cannot convert the value of property '${shownInput(key)}' to the expected type '${expected}'.`,
  );

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseStringArray(key: string, value: unknown): string[] {
  if (value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw wrongType(key, 'Collection(Edm.String)');
  return [...(value as string[])];
}

function parseAddress(key: string, value: unknown): Record<string, string> {
  if (value === null) return {};
  if (!isPlainObject(value)) throw wrongType(key, 'microsoft.graph.physicalAddress');
  const address: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('@odata.')) continue;
    if (!ADDRESS_KEYS.has(k)) throw unknownProperty(k, 'microsoft.graph.physicalAddress');
    if (v !== null && typeof v !== 'string') throw wrongType(k, 'Edm.String');
    if (v !== null) address[k] = v;
  }
  return address;
}

function parseEmailAddresses(value: unknown): { name: string | null; address: string | null }[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw wrongType('emailAddresses', 'Collection(microsoft.graph.emailAddress)');
  return value.map((entry: unknown) => {
    if (!isPlainObject(entry)) throw wrongType('emailAddresses', 'microsoft.graph.emailAddress');
    for (const [k, v] of Object.entries(entry)) {
      if (k.startsWith('@odata.')) continue;
      if (k !== 'name' && k !== 'address') throw unknownProperty(k, 'microsoft.graph.emailAddress');
      if (v !== null && v !== undefined && typeof v !== 'string') throw wrongType(k, 'Edm.String');
    }
    const address = typeof entry.address === 'string' ? entry.address : null;
    // Outlook fills an omitted display name with the address itself.
    const name = typeof entry.name === 'string' ? entry.name : address;
    return { name, address };
  });
}

function parseExtendedProperties(value: unknown): ExtendedProperty[] {
  const type = 'microsoft.graph.singleValueLegacyExtendedProperty';
  if (!Array.isArray(value)) throw wrongType('singleValueExtendedProperties', `Collection(${type})`);
  return value.map((entry: unknown) => {
    if (!isPlainObject(entry)) throw wrongType('singleValueExtendedProperties', type);
    for (const k of Object.keys(entry)) {
      if (k !== 'id' && k !== 'value' && !k.startsWith('@odata.')) throw unknownProperty(k, type);
    }
    if (
      typeof entry.id !== 'string' ||
      !/^\S+ (\{[0-9a-f-]{36}\} (Name|Id) \S.*|0x[0-9a-f]{1,4})$/i.test(entry.id)
    ) {
      throw badRequest(
        `The extended property id '${shownInput(String(entry.id))}' is not valid.`,
        'ErrorInvalidProperty',
      );
    }
    if (typeof entry.value !== 'string') throw wrongType('value', 'Edm.String');
    return { id: entry.id, value: entry.value };
  });
}

/** Validates a contact body like Graph: unknown or read-only properties and over-long collections are 400s. */
export function parseContactWrite(body: unknown): ContactWrite {
  if (!isPlainObject(body))
    throw invalidBody('The request body must be a JSON object of type microsoft.graph.contact.');
  const props: Record<string, unknown> = {};
  let extended: ExtendedProperty[] = [];
  for (const [key, value] of Object.entries(body)) {
    // OData annotations (@odata.type, @odata.etag) are accepted and ignored, as Graph does.
    if (key.startsWith('@odata.')) continue;
    if (key === 'singleValueExtendedProperties') extended = parseExtendedProperties(value);
    else if (READ_ONLY_PROPS.has(key)) {
      throw badRequest(
        `The property '${shownInput(key)}' is read-only and cannot be set.`,
        'ErrorInvalidPropertySet',
      );
    } else if (STRING_PROPS.has(key)) {
      if (value !== null && typeof value !== 'string') throw wrongType(key, 'Edm.String');
      if (key === 'birthday' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
        throw wrongType(key, 'Edm.DateTimeOffset');
      }
      props[key] = value;
    } else if (STRING_ARRAY_PROPS.has(key)) props[key] = parseStringArray(key, value);
    else if (ADDRESS_PROPS.has(key)) props[key] = parseAddress(key, value);
    else if (key === 'emailAddresses') props[key] = parseEmailAddresses(value);
    else throw unknownProperty(key, 'microsoft.graph.contact');
  }
  for (const [key, limit] of Object.entries(COLLECTION_LIMITS)) {
    const list = props[key];
    if (Array.isArray(list) && list.length > limit.max) {
      throw badRequest(
        `The multi value property ${limit.name} has ${list.length} entries, that exceeds the max allowed value of ${limit.max}`,
        'ErrorInvalidArgument',
      );
    }
  }
  return { props, extended };
}

/** "Given Middle Surname", the name Outlook generates when displayName is not supplied. */
function generatedDisplayName(props: Record<string, unknown>): string {
  return NAME_PARTS.map((k) => props[k])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join(' ');
}

/** Applies a validated write to stored props, regenerating displayName the way Outlook does. */
export function applyContactWrite(
  props: Record<string, unknown>,
  write: ContactWrite,
  isCreate: boolean,
): void {
  Object.assign(props, write.props);
  const sentDisplayName = 'displayName' in write.props && write.props.displayName !== null;
  const touchedName = NAME_PARTS.some((k) => k in write.props);
  if (!sentDisplayName && (isCreate || touchedName)) props.displayName = generatedDisplayName(props);
}
