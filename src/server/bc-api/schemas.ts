import { Type } from '@sinclair/typebox';
import type { TBoolean, TObject, TOptional, TProperties, TSchema, TString, Static } from '@sinclair/typebox';
import { MAX_BATCH_OPERATIONS } from '../../bc/bc-batch.js';
import { SYNC_FIELDS } from '../../core/sync-field-names.js';
import type { SyncFieldName } from '../../core/sync-field-names.js';
import { COMPANY_FIELDS, CONTACT_FIELDS, COUNTRY_REGION_FIELDS } from './contact-fields.js';
import type { FieldInfo, FieldTable } from './contact-fields.js';

/**
 * TypeBox schemas of the BC API routes (issue 13 §5): they type the handlers and feed the OpenAPI
 * document. Entities come from the same field tables as the JSON answers and `$metadata`, so a field
 * is declared once. Checks that must answer with BC's own error codes (a key that is not a GUID, an
 * unknown or read-only body property, an unsupported query option) stay in the handlers: Fastify's
 * validation would answer a generic 400 instead. So every object schema here admits more than it
 * names (`additionalProperties`), and the serializer never drops a field a schema forgot.
 */

const OPEN = { additionalProperties: true } as const;

type FieldSchema<I extends FieldInfo> = I['type'] extends 'boolean' ? TBoolean : TString;

function fieldSchema<I extends FieldInfo>(info: I): FieldSchema<I> {
  return (
    info.type === 'boolean' ? Type.Boolean() : Type.String({ description: `Edm ${info.type}` })
  ) as FieldSchema<I>;
}

/** An entity's properties: each field of its table (its name and JSON type kept), optional. */
type EntityProperties<T extends Readonly<Record<string, FieldInfo>>> = {
  '@odata.etag': TOptional<TString>;
} & { -readonly [K in keyof T & string]: TOptional<FieldSchema<T[K]>> };

/**
 * An entity's JSON shape from its field table, with the `@odata.etag` annotation first. Its static
 * type names every field, so a client's type of the entity (the pane's Company) derives from it.
 */
function entity<T extends Readonly<Record<string, FieldInfo>>>(
  fields: FieldTable<T>,
): TObject<EntityProperties<T>> {
  // Optional throughout: $select picks fields, and a $deletedEntity row carries its id only.
  const props: Record<string, TSchema> = { '@odata.etag': Type.Optional(Type.String()) };
  for (const [name, info] of Object.entries(fields)) props[name] = Type.Optional(fieldSchema(info));
  return Type.Object(props as EntityProperties<T>, OPEN);
}

const Context = { '@odata.context': Type.String() };

const Company = entity(COMPANY_FIELDS);
const Contact = entity(CONTACT_FIELDS);
const CountryRegion = entity(COUNTRY_REGION_FIELDS);

/** POST/PATCH body: the writable contact properties (checked by parseContactBody with BC's codes). */
export const ContactBody = Type.Object(
  Object.fromEntries(
    Object.entries(CONTACT_FIELDS)
      .filter(([, info]) => info.writable)
      .map(([name, info]) => [name, Type.Optional(fieldSchema(info))]),
  ),
  { ...OPEN, description: 'Writable contact properties; unknown and read-only ones are refused (400).' },
);

const single = <P extends TProperties>(e: TObject<P>) => Type.Object({ ...Context, ...e.properties }, OPEN);
const collection = <P extends TProperties, X extends TProperties = Record<never, TSchema>>(
  e: TObject<P>,
  extra: X = {} as X,
) => Type.Object({ ...Context, value: Type.Array(e), ...extra }, OPEN);

export const CompanyEntity = single(Company);
export const ContactEntity = single(Contact);
export const CountryRegionEntity = single(CountryRegion);
const paged = { '@odata.nextLink': Type.Optional(Type.String()) };
export const CompanyCollection = collection(Company, paged);
export const CountryRegionCollection = collection(CountryRegion, paged);
export const ContactCollection = collection(Contact, {
  '@odata.nextLink': Type.Optional(Type.String()),
  '@odata.deltaLink': Type.Optional(Type.String()),
});

/**
 * A `$batch` answer: one entry per operation, in order. An operation's body is what its own route
 * answered (serialized under that route's schema: JSON, or text when it was not JSON), so it is
 * carried as is, whatever its shape.
 */
export const BatchAnswer = Type.Object(
  {
    responses: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          status: Type.Integer(),
          headers: Type.Record(Type.String(), Type.String()),
          body: Type.Optional(Type.Unknown({ description: "The operation's own answer" })),
        },
        OPEN,
      ),
    ),
  },
  OPEN,
);

/** `$metadata`: the CSDL document, XML (no JSON shape; documented, never serialized by Fastify). */
export const MetadataAnswer = {
  content: { 'application/xml': { schema: Type.String({ description: 'OData CSDL (XML)' }) } },
};

/**
 * `{"error":{"code","message","details"?}}`: BC's (OData) error body, the facade's one; and a
 * delete's 204 without a body (both error-schema.ts, shared by every API).
 */
export { ErrorBody, NoContent } from '../error-schema.js';

/** A key segment as sent: a GUID, bare or in quotes (checked by the handler: 400 BadRequest). */
const Key = Type.String({ description: 'A GUID, optionally in single quotes.' });
export const CompanyParams = Type.Object({ cid: Key });
export const ContactParams = Type.Object({ cid: Key, id: Key });
export type CompanyParams = Static<typeof CompanyParams>;
export type ContactParams = Static<typeof ContactParams>;

const option = (description: string) => Type.Optional(Type.String({ description }));

/** OData options of a contacts read (README "Limits" has their bounds). */
export const ContactListQuery = Type.Object(
  {
    $filter: option('OData filter over the queryable contact fields.'),
    $select: option('Comma-separated contact fields.'),
    $orderby: option('Comma-separated fields, each optionally followed by asc or desc.'),
    $top: option('At most this many contacts in all.'),
    $skip: option('Skip this many contacts.'),
    $skiptoken: option('Paging token from @odata.nextLink.'),
    $deltatoken: option('Change-tracking token from @odata.deltaLink.'),
  },
  OPEN,
);
export type ContactListQuery = Static<typeof ContactListQuery>;
/** Paging options of the collections held whole (companies, countriesRegions); others are refused. */
export const PagingQuery = Type.Object(
  {
    $top: option('At most this many entities in all.'),
    $skip: option('Skip this many entities.'),
    $skiptoken: option('Paging token from @odata.nextLink.'),
  },
  OPEN,
);
/** No query option is offered (the handler refuses any `$` option with BC's 400). */
export const NoOptions = Type.Object({}, OPEN);
export const ContactGetQuery = Type.Object({ $select: ContactListQuery.properties.$select }, OPEN);

/** Every synced field as a string (what the engine's create body holds, bc/create-key.ts). */
const SYNC_FIELD_STRINGS = Object.fromEntries(
  SYNC_FIELDS.map((f) => [f, Type.String({ maxLength: 1000 })]),
) as Record<SyncFieldName, TString>;

/**
 * contacts/bcsync.createdIds (a facade extension): creates as the engine sends them, each its
 * create key (BcContactDraft.createKey) and its body (type and every synced field).
 */
export const CreatedIdsBody = Type.Object(
  {
    // Optional (none asked: none answered), so a malformed company key is refused first as on
    // every company route (400 naming it), not the body.
    value: Type.Optional(
      Type.Array(
        Type.Object(
          {
            createKey: Type.String({ maxLength: 1000 }),
            contact: Type.Object(
              {
                type: Type.Union([Type.Literal('Person'), Type.Literal('Company')]),
                ...SYNC_FIELD_STRINGS,
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_BATCH_OPERATIONS },
      ),
    ),
  },
  { additionalProperties: false },
);
/** Per create in order: the id its contact gets, or null where BC names contacts itself. */
export const CreatedIdsAnswer = Type.Object({
  value: Type.Array(Type.Object({ id: Type.Union([Type.String(), Type.Null()]) })),
});
