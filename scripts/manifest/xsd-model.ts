/**
 * A compact model of the parts of XML Schema the add-in manifest schemas use: complex types with a
 * sequence of element particles (minOccurs/maxOccurs, in order), extension of a base type (its
 * sequence first, then the extension's), abstract types chosen by xsi:type, attributes with simple
 * types, and simple types with the facets the schemas use (length, pattern, enumeration, range).
 */

export const NS = {
  o: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  m0: 'http://schemas.microsoft.com/office/mailappversionoverrides',
  m1: 'http://schemas.microsoft.com/office/mailappversionoverrides/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** A simple type: the facets an element's text or an attribute's value must meet. */
export interface SimpleType {
  readonly name: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly values?: readonly string[];
  readonly integer?: { readonly min: number; readonly max: number };
}

/** One child element in a sequence; `type` names a complex type ("m1:Action") or a simple type. */
export interface Particle {
  /** Qualified name, "prefix:Local". */
  readonly el: string;
  readonly type: string | SimpleType;
  readonly min: number;
  readonly max: number;
}

/** An xs:any wildcard: elements of `ns` are accepted without checking (processContents="lax"). */
export interface Wildcard {
  readonly any: string;
  readonly min: number;
  readonly max: number;
}

export interface Attribute {
  readonly type: SimpleType;
  readonly required?: boolean;
}

export interface ComplexType {
  /** Qualified base type name; its particles and attributes come first. */
  readonly base?: string;
  readonly abstract?: boolean;
  readonly seq?: ReadonlyArray<Particle | Wildcard>;
  readonly attrs?: Readonly<Record<string, Attribute>>;
  /** Text content of this simple type (simpleContent); otherwise element-only content. */
  readonly text?: SimpleType;
  /** A rule the XSD states in its documentation rather than in facets (e.g. mandatory icon sizes). */
  readonly documented?: (el: Element) => string | null;
}

const UNBOUNDED = Number.POSITIVE_INFINITY;

/** Particle helpers: exactly one, optional, one or more, any number. */
export const one = (el: string, type: string | SimpleType): Particle => ({ el, type, min: 1, max: 1 });
export const opt = (el: string, type: string | SimpleType): Particle => ({ el, type, min: 0, max: 1 });
export const many = (el: string, type: string | SimpleType, min = 1, max = UNBOUNDED): Particle => ({
  el,
  type,
  min,
  max,
});
export const req = (type: SimpleType): Attribute => ({ type, required: true });
export const may = (type: SimpleType): Attribute => ({ type });

// Simple types of OfficeAppManifestV1_1.xsd and OfficeAppBasicTypesV1_0.xsd (same facets in both).
export const NonEmptyString: SimpleType = { name: 'NonEmptyString', minLength: 1 };
export const ShortString: SimpleType = {
  name: 'ShortString (1–125 characters)',
  minLength: 1,
  maxLength: 125,
};
export const LongString: SimpleType = { name: 'LongString (1–250 characters)', minLength: 1, maxLength: 250 };
export const URL: SimpleType = {
  name: 'URL (1–2048 characters)',
  minLength: 1,
  maxLength: 2048,
  pattern: /^\S+$/,
};
export const ReferenceId: SimpleType = { name: 'resource id (1–32 characters)', minLength: 1, maxLength: 32 };
export const UUID: SimpleType = {
  name: 'UUID',
  pattern:
    /^(?:(?:urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/,
};
export const AlternateId: SimpleType = { name: 'AlternateId', pattern: /^.{5,12}\\WA[0-9]{9}$/ };
export const CultureName: SimpleType = {
  name: 'CultureName',
  pattern:
    /^(?:[a-zA-Z]{2,3}-[a-zA-Z0-9]{3,8}(?:-[a-zA-Z]{2,3})?|[a-zA-Z]{2,3}(?:-[a-zA-Z]{2,3}(?:_tradnl|\.pseudo|-[a-zA-Z]{4,8})?)?)$/,
};
export const Version: SimpleType = {
  name: 'Version (n[.n[.n[.n]]])',
  pattern: /^[0-9]{1,5}(?:\.[0-9]{1,5}){0,3}$/,
};
export const ShortVersion: SimpleType = { name: 'ShortVersion (n.n)', pattern: /^[0-9]{1,5}\.[0-9]{1,5}$/ };
export const Boolean: SimpleType = { name: 'boolean', values: ['true', 'false', '1', '0'] };
export const Integer: SimpleType = { name: 'integer', pattern: /^[+-]?[0-9]+$/ };
export const enumOf = (name: string, ...values: string[]): SimpleType => ({ name, values });
export const range = (min: number, max: number): SimpleType => ({
  name: `integer ${min}–${max}`,
  integer: { min, max },
});

/** Why `value` does not meet `type`, or null when it does (XSD whitespace: collapse for tokens). */
export function simpleTypeError(type: SimpleType, raw: string): string | null {
  const value = type.values || type.integer || type.pattern ? raw.trim() : raw;
  if (type.minLength !== undefined && value.length < type.minLength)
    return value.length === 0 ? `is empty; expected ${type.name}` : `is shorter than ${type.name}`;
  if (type.maxLength !== undefined && value.length > type.maxLength)
    return `has ${value.length} characters; ${type.name} allows at most ${type.maxLength}`;
  if (type.values && !type.values.includes(value))
    return `"${value}" is not one of ${type.values.join(', ')}`;
  if (type.integer) {
    if (!/^[+-]?[0-9]+$/.test(value)) return `"${value}" is not an integer`;
    const n = Number(value);
    if (n < type.integer.min || n > type.integer.max) return `${n} is outside ${type.name}`;
  }
  if (type.pattern && !type.pattern.test(value)) return `"${value}" is not a valid ${type.name}`;
  return null;
}
