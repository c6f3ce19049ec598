/**
 * The whole-filter work bound (issue 10 §3, tester F30): how long evaluating a filter takes per
 * contact, for the heaviest filters the per-expression limits let through and for the heaviest the
 * work bound accepts. Prints figures; `npm run bench:filter` (CONTACTS=214 by default).
 *
 * Contacts are the worst case for a failing wildcard: every filterable field holds as many `a`s as
 * Business Central keeps in it (FILTER_FIELD_LENGTH), so every `?` chunk is tried at every place.
 */
import { performance } from 'node:perf_hooks';
import { FILTERABLE_FIELDS, FILTER_LIMITS, compileFilter, evaluateFilter } from '../src/core/filter/index.js';
import { CONTACT_PROPERTY } from '../src/core/filter/fields.js';
import { FILTER_FIELD_LENGTH, FILTER_WORK_LIMIT, expressionCost } from '../src/core/filter/cost.js';
import { parseFilterExpression } from '../src/core/filter/parse.js';
import type { ContactFilter, FilterableField } from '../src/core/filter/index.js';

const CONTACTS = Number(process.env.CONTACTS ?? 214);

const contact: Record<string, unknown> = Object.fromEntries(
  FILTERABLE_FIELDS.map((f) => [CONTACT_PROPERTY[f], 'a'.repeat(FILTER_FIELD_LENGTH[f])]),
);

/** `*` + 17 `?` + `!*`, `|`-joined up to the per-expression limits (test/support/heavy-filter.ts). */
function heavyExpression(field: FilterableField, values: number = FILTER_LIMITS.values): string {
  const value = `*${'?'.repeat(Math.min(17, FILTER_FIELD_LENGTH[field]))}!*`;
  const room = Math.floor((FILTER_LIMITS.length + 1) / (value.length + 1));
  return Array.from({ length: Math.min(values, room) }, () => value).join('|');
}

/** The most values of heavyExpression(field) within the work limit. */
function heaviestAccepted(field: FilterableField): string {
  let values = 1;
  while (values < FILTER_LIMITS.values && compileFilter({ [field]: heavyExpression(field, values + 1) }).ok)
    values++;
  return heavyExpression(field, values);
}

function timeFilter(label: string, filter: ContactFilter): void {
  const compiled = compileFilter(filter);
  const estimate = Object.entries(filter).reduce((sum, [f, text]) => {
    const parsed = parseFilterExpression(text ?? '');
    return parsed.ok ? sum + expressionCost(parsed.expr, FILTER_FIELD_LENGTH[f as FilterableField]) : sum;
  }, 0);
  // Timed even when refused, to show what the refusal saves: compiled field by field, bypassing the bound.
  const conditions = Object.entries(filter).map(([field, text]) => {
    const parsed = parseFilterExpression(text ?? '');
    if (!parsed.ok) throw new Error(`${field}: ${JSON.stringify(parsed.error)}`);
    return { field: field as FilterableField, source: text ?? '', expr: parsed.expr };
  });
  // Warmed up first, then the best of 5: the machine is shared, and JIT warm-up is not the filter's cost.
  for (let i = 0; i < Math.min(CONTACTS, 200); i++) evaluateFilter({ conditions }, contact);
  let ms = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < CONTACTS; i++) evaluateFilter({ conditions }, contact);
    ms = Math.min(ms, performance.now() - start);
  }
  const verdict = compiled.ok
    ? 'accepted'
    : `refused (${compiled.errors.map((e) => `${e.field}: ${e.error.kind}`).join(', ')})`;
  console.log(
    `${label}: estimate ${estimate.toLocaleString('en')} comparisons/contact; ${verdict}; ` +
      `${ms.toFixed(1)} ms for ${CONTACTS} contacts (${((ms * 1000) / CONTACTS).toFixed(1)} µs/contact)`,
  );
}

console.log(`work limit ${FILTER_WORK_LIMIT.toLocaleString('en')} comparisons per contact`);
timeFilter(
  'F30 shape: 13 fields at the per-expression limits',
  Object.fromEntries(FILTERABLE_FIELDS.map((f) => [f, heavyExpression(f)])),
);
timeFilter('heaviest single field (name) alone', { name: heavyExpression('name') });
timeFilter('heaviest accepted: that shape on name within the work limit', { name: heaviestAccepted('name') });
timeFilter('heaviest accepted: that shape on email within the work limit', {
  email: heaviestAccepted('email'),
});
timeFilter('100 name substrings (*N0x*|…)', {
  name: Array.from({ length: 100 }, (_, i) => `*N${i}x*`).join('|'),
});
timeFilter('97 name substrings', { name: Array.from({ length: 97 }, (_, i) => `*N${i}x*`).join('|') });
timeFilter('100 name prefixes (N0*|…)', { name: Array.from({ length: 100 }, (_, i) => `N${i}*`).join('|') });
timeFilter('a typical filter', { city: 'Helsinki|Espoo|Vantaa', name: '@*oy*', postalCode: '00100..00990' });
