import { matchesExpression } from './evaluate.js';
import type { FilterSubjectValue } from './evaluate.js';
import type { StepMeter } from './wildcard.js';
import { caseBlindField, emailUnicodeDomain, unicodeAceLabels } from '../model.js';
import { parseAsTyped } from './parse-as-typed.js';
import { FILTER_FIELD_LENGTH, FILTER_WORK_LIMIT, expressionCost } from './cost.js';
import type { FilterExpected, FilterExpr, FilterSyntaxError } from './types.js';
import { CONTACT_PROPERTY, FILTERABLE_FIELDS } from './fields.js';
import type { FilterableField } from './fields.js';

export { FILTERABLE_FIELDS } from './fields.js';
export type { FilterableField } from './fields.js';

/** Field → Business Central filter expression, as FilterPageBuilder shows it. */
export type ContactFilter = Partial<Record<FilterableField, string>>;

type FilterCondition = {
  readonly field: FilterableField;
  /** The expression as the user typed it, for display. */
  readonly source: string;
  readonly expr: FilterExpr;
};

export type CompiledFilter = { readonly conditions: readonly FilterCondition[] };

type FilterFieldError = { field: string; error: FilterSyntaxError };

export type CompileFilterResult =
  { ok: true; filter: CompiledFilter } | { ok: false; errors: FilterFieldError[] };

export type FilterVerdict = { matches: true } | { matches: false; failedFields: FilterableField[] };

function isFilterableField(field: string): field is FilterableField {
  return (FILTERABLE_FIELDS as readonly string[]).includes(field);
}

/**
 * Parses every field's expression, reporting all errors at once so a settings form can mark
 * each bad field. Blank expressions are no condition, as an empty FilterPageBuilder row is.
 */
export function compileFilter(filter: ContactFilter): CompileFilterResult {
  const errors: FilterFieldError[] = [];
  const conditions: FilterCondition[] = [];
  // The map usually comes from stored JSON, so keys and values are checked, not trusted.
  for (const [field, source] of Object.entries(filter) as Array<[string, unknown]>) {
    if (!isFilterableField(field)) {
      const expected: FilterExpected = { kind: 'filterField', fields: FILTERABLE_FIELDS };
      errors.push({
        field,
        // The key as the input had it (F90: "Name" is BC's caption, the key is `name`): the edge says
        // which key was wrong and lists the keys the input takes.
        error: {
          kind: 'unknownField',
          position: 0,
          expected,
          found: field,
        },
      });
      continue;
    }
    if (source === undefined || source === null) continue;
    if (typeof source !== 'string') {
      errors.push({
        field,
        error: {
          kind: 'notText',
          position: 0,
          expected: { kind: 'text' },
          found: null,
        },
      });
      continue;
    }
    if (source.trim() === '') continue;
    // One text form (issue 8 §5): "Chloé*" typed in NFC finds a name stored decomposed, and back.
    const parsed = parseAsTyped(source);
    // E-mail addresses compare regardless of case everywhere (F49): as if every term had BC's `@`;
    // and a domain typed in punycode is read in Unicode, the form its values are tested in (F7).
    const expr =
      parsed.ok && caseBlindField(CONTACT_PROPERTY[field]) ? ignoringCase(unicodeDomains(parsed.expr)) : null;
    if (parsed.ok) conditions.push({ field, source, expr: expr ?? parsed.expr });
    // The position as typed (parseAsTyped).
    else errors.push({ field, error: parsed.error });
  }
  if (errors.length > 0) return { ok: false, errors };
  conditions.sort((a, b) => FILTERABLE_FIELDS.indexOf(a.field) - FILTERABLE_FIELDS.indexOf(b.field));
  const tooCostly = workRefusal(conditions);
  if (tooCostly) return { ok: false, errors: [tooCostly] };
  return { ok: true, filter: { conditions } };
}

/** The expression with every term case-insensitive (BC's `@` on each). */
function ignoringCase(expr: FilterExpr): FilterExpr {
  if (expr.kind === 'and' || expr.kind === 'or')
    return { ...expr, operands: expr.operands.map(ignoringCase) };
  return { ...expr, caseInsensitive: true };
}

/**
 * The expression with the ACE labels (`xn--bcher-kva`) of its addresses' domains in Unicode form
 * (`bücher`), as evaluateFilter reads the values (newuser F7: `anna@bücher.de` found nothing where BC
 * held `anna@xn--bcher-kva.de`, and the reverse). A term's domain is what follows its `@`; a term
 * without `@` (`*.xn--bcher-kva.de`) is all domain; the local part is left as typed.
 */
function unicodeDomains(expr: FilterExpr): FilterExpr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { ...expr, operands: expr.operands.map(unicodeDomains) };
    case 'compare':
      return { ...expr, bound: domainOf([expr.bound])[0]! };
    case 'range':
      return {
        ...expr,
        from: expr.from === null ? null : domainOf([expr.from])[0]!,
        to: expr.to === null ? null : domainOf([expr.to])[0]!,
      };
    case 'equals': {
      const { value } = expr;
      if (value.kind === 'literal') return { ...expr, value: { ...value, text: domainOf([value.text])[0]! } };
      const texts = domainOf(value.segments.map((s) => (s.kind === 'text' ? s.text : '')));
      const segments = value.segments.map((s, i) => (s.kind === 'text' ? { ...s, text: texts[i]! } : s));
      return { ...expr, value: { ...value, segments } };
    }
  }
}

/** The pieces of one term's text, each with the ACE labels after the term's last `@` decoded. */
function domainOf(pieces: readonly string[]): string[] {
  const whole = pieces.join('');
  if (!/xn--/i.test(whole)) return [...pieces];
  let before = whole.lastIndexOf('@') + 1;
  return pieces.map((piece) => {
    const local = Math.min(piece.length, Math.max(0, before));
    before -= piece.length;
    return piece.slice(0, local) + unicodeAceLabels(piece.slice(local));
  });
}

/**
 * The whole filter's work per contact against FILTER_WORK_LIMIT (cost.ts): each field alone is
 * within FILTER_LIMITS, but 13 of them at their limits are not (tester F30: 4,659 ms). The refusal
 * is on the field that costs the most, the first of them in FILTERABLE_FIELDS order on a tie.
 */
function workRefusal(conditions: readonly FilterCondition[]): FilterFieldError | null {
  let estimate = 0;
  let costliest: { field: FilterableField; cost: number } | null = null;
  for (const { field, expr } of conditions) {
    const cost = expressionCost(expr, FILTER_FIELD_LENGTH[field]);
    estimate += cost;
    if (costliest === null || cost > costliest.cost) costliest = { field, cost };
  }
  if (costliest === null || estimate <= FILTER_WORK_LIMIT) return null;
  return {
    field: costliest.field,
    error: {
      kind: 'tooCostly',
      position: 0,
      expected: { kind: 'workAtMost', max: FILTER_WORK_LIMIT, estimate },
      found: null,
    },
  };
}

/**
 * A contact is in when every condition holds; otherwise the failing fields explain why it is out.
 * `meter` counts the character comparisons (cost.ts's unit), for tests and the fuzz's figures.
 */
export function evaluateFilter(
  compiled: CompiledFilter,
  contact: Record<string, unknown>,
  meter?: StepMeter,
): FilterVerdict {
  // Called once per contact at 100,000s: no allocation unless something fails.
  let failedFields: FilterableField[] | null = null;
  // Indexed, not for-of: an array iterator per contact (issue 12: 110,000 a first plan at 100,000 a side).
  const { conditions } = compiled;
  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i]!;
    const property = CONTACT_PROPERTY[condition.field];
    const raw = subjectValue(contact[property]);
    // An address is tested with its domain in Unicode form, as the filter holds it (F7).
    const value = typeof raw === 'string' && caseBlindField(property) ? emailUnicodeDomain(raw) : raw;
    if (!matchesExpression(condition.expr, value, meter)) {
      (failedFields ??= []).push(condition.field);
    }
  }
  return failedFields === null ? MATCHES : { matches: false, failedFields };
}

const MATCHES: FilterVerdict = Object.freeze({ matches: true });

function subjectValue(value: unknown): FilterSubjectValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Objects have no filterable text; treating them as empty keeps `<>''` meaningful.
  return null;
}
