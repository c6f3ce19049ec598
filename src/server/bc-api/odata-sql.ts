import { shownInput } from '../../platform/shown-input.js';
import { isoInstant } from '../../platform/iso-instant.js';
import { foldEmailCase } from '../../pure/email-fold.js';
import { CONTACT_COLUMNS } from '../../store/bc-repository.js';
import type { SqlCondition } from '../../store/bc-repository.js';
import { HttpError } from '../http-error.js';
import { CONTACT_ENTITY_TYPE, CONTACT_FIELDS } from './contact-fields.js';
import type { FieldInfo } from './contact-fields.js';
import type { CompareOp, FilterNode, Literal, Operand } from './odata-filter.js';

/**
 * Checks a parsed `$filter` against the contact entity and turns it into a parameterised SQL
 * condition. Text compares ordinally (COLLATE "C"), case-sensitive, as the engine's own filter
 * evaluator assumes of Business Central — except e-mail addresses, whose eq/ne ignore case.
 */

export function unknownProperty(name: string): HttpError {
  return new HttpError(
    400,
    'BadRequest_NotFound',
    `Could not find a property named '${shownInput(name)}' on type '${CONTACT_ENTITY_TYPE}'.`,
  );
}

function fieldOf(name: string): FieldInfo {
  const info = CONTACT_FIELDS[name];
  if (!info) throw unknownProperty(name);
  if (!info.queryable) {
    throw new HttpError(
      400,
      'BadRequest',
      `The property '${shownInput(name)}' cannot be used in $filter or $orderby.`,
    );
  }
  return info;
}

const SQL_OP: Readonly<Record<CompareOp, string>> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};
const FLIP: Readonly<Record<CompareOp, CompareOp>> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};

function describe(lit: Literal): string {
  return lit.type === 'null' ? 'null' : `${lit.type} ${shownInput(JSON.stringify(lit.value))}`;
}

function mismatch(name: string, info: FieldInfo, lit: Literal, pos: number): HttpError {
  return new HttpError(
    400,
    'BadRequest',
    `Invalid $filter at position ${pos}: '${name}' is a ${info.type} property and cannot be compared with ${describe(lit)}.`,
  );
}

/** The e-mail properties and their columns folded at write time (migration 022). */
const FOLDED_EMAIL_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['email', 'email_folded'],
  ['email2', 'email2_folded'],
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SQL value a literal compares as for this field, or an error when the types do not meet. */
function sqlValue(name: string, info: FieldInfo, op: CompareOp, lit: Literal, pos: number): unknown {
  switch (info.type) {
    case 'string':
      // Blank is BC's "no value"; `eq null` asks for exactly that.
      if (lit.type === 'null') return '';
      if (lit.type === 'string') return lit.value;
      throw mismatch(name, info, lit, pos);
    case 'guid':
      if ((lit.type === 'guid' || lit.type === 'string') && GUID.test(lit.value)) return lit.value;
      throw mismatch(name, info, lit, pos);
    case 'boolean':
      if (lit.type !== 'boolean') throw mismatch(name, info, lit, pos);
      if (op !== 'eq' && op !== 'ne') {
        throw new HttpError(
          400,
          'BadRequest',
          `Invalid $filter at position ${pos}: '${name}' only supports eq and ne.`,
        );
      }
      return lit.value;
    case 'datetime': {
      // A bare date means midnight UTC of that day. The tokenizer let through only instants
      // isoInstant reads (review RV16); null here would be a literal built past it.
      const at = lit.type === 'datetime' || lit.type === 'date' ? isoInstant(lit.value) : null;
      if (at === null) throw mismatch(name, info, lit, pos);
      return at;
    }
    case 'date':
      throw mismatch(name, info, lit, pos);
  }
}

function columnExpr(name: string, info: FieldInfo): string {
  const col = CONTACT_COLUMNS[name];
  if (!col) throw unknownProperty(name);
  return info.type === 'string' ? `${col} COLLATE "C"` : col;
}

/** Property names a filter mentions (checked in order, so the first unknown one is reported). */
export function filterProperties(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterProperties(node.left), ...filterProperties(node.right)];
    case 'not':
      return filterProperties(node.operand);
    case 'call':
      return [node.property.name];
    case 'compare':
      return [node.left, node.right].flatMap((o) => (o.kind === 'property' ? [o.name] : []));
  }
}

/** Validates the whole tree first, so a bad filter fails before any SQL is built. */
export function filterToSql(node: FilterNode): SqlCondition {
  const build = compile(node);
  return (param) => build(param);
}

function compile(node: FilterNode): SqlCondition {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const l = compile(node.left);
      const r = compile(node.right);
      const op = node.kind === 'and' ? 'AND' : 'OR';
      return (p) => `(${l(p)} ${op} ${r(p)})`;
    }
    case 'not': {
      const inner = compile(node.operand);
      return (p) => `NOT (${inner(p)})`;
    }
    case 'call': {
      const name = node.property.name;
      const info = fieldOf(name);
      const lit = node.argument.literal;
      if (info.type !== 'string' || lit.type !== 'string') {
        throw new HttpError(
          400,
          'BadRequest',
          `Invalid $filter at position ${node.argument.pos}: ${node.fn} needs a text property and a string value.`,
        );
      }
      // E-mail addresses compare case-insensitively everywhere (design §2), in these functions too:
      // the column folded when the row was written (migration 022) against the value folded here, by
      // the one table (pure/email-fold.ts), so no row is folded at read time.
      const folded = FOLDED_EMAIL_COLUMNS.get(name);
      const col = folded ?? CONTACT_COLUMNS[name]!;
      const v = folded ? foldEmailCase(lit.value) : lit.value;
      const val = (p: (value: unknown) => string): string => p(v);
      // Plain string functions instead of LIKE, so % and _ in the value need no escaping.
      if (node.fn === 'contains') return (p) => `strpos(${col}, ${val(p)}) > 0`;
      if (node.fn === 'startswith') return (p) => `starts_with(${col}, ${val(p)})`;
      return (p) => `right(${col}, length(${val(p)})) = ${val(p)}`;
    }
    case 'compare':
      return compileCompare(node.op, node.left, node.right);
  }
}

function compileCompare(op: CompareOp, left: Operand, right: Operand): SqlCondition {
  if (left.kind === 'literal' && right.kind === 'property') return compileCompare(FLIP[op], right, left);
  if (left.kind !== 'property') {
    throw new HttpError(
      400,
      'BadRequest',
      `Invalid $filter at position ${left.pos}: a comparison needs a property.`,
    );
  }
  const info = fieldOf(left.name);
  if (right.kind !== 'literal') {
    fieldOf(right.name);
    throw new HttpError(
      400,
      'BadRequest',
      `Invalid $filter at position ${right.pos}: comparing two properties is not supported.`,
    );
  }
  const value = sqlValue(left.name, info, op, right.literal, right.pos);
  // E-mail addresses compare case-insensitively everywhere (design §2): the folded column (written
  // with the row, migration 022, indexed with the company) against the value folded by the same table.
  const folded = FOLDED_EMAIL_COLUMNS.get(left.name);
  if (folded && (op === 'eq' || op === 'ne') && typeof value === 'string') {
    const key = foldEmailCase(value);
    return (p) => `${folded} ${SQL_OP[op]} ${p(key)}`;
  }
  const col = columnExpr(left.name, info);
  const cast = info.type === 'datetime' ? '::timestamptz' : info.type === 'guid' ? '::uuid' : '';
  return (p) => `${col} ${SQL_OP[op]} ${p(value)}${cast}`;
}
