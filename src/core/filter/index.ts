export type { FilterExpected, FilterSyntaxError } from './types.js';
/** @internal Only tests import this export (knip --production). */
export type { FilterExpr, PatternSegment } from './types.js';
export { FILTER_LIMITS } from './parse.js';
/** @internal Only tests import this export (knip --production). */
export { parseFilterExpression } from './parse.js';
/** @internal Only tests import this export (knip --production). */
export { compareFilterValues, matchesExpression } from './evaluate.js';
/** @internal Only tests import this export (knip --production). */
export type { FilterSubjectValue } from './evaluate.js';
export { FILTERABLE_FIELDS, compileFilter, evaluateFilter } from './contact-filter.js';
/** @internal Only tests import this export (knip --production). */
export { CONTACT_PROPERTY } from './contact-filter.js';
export type { CompiledFilter, FilterableField } from './contact-filter.js';
/** @internal Only tests import this export (knip --production). */
export type { ContactFilter } from './contact-filter.js';
/** @internal Only tests import this export (knip --production). */
export { FILTER_FIELD_LENGTH, FILTER_WORK_LIMIT, expressionCost, valueWorkLength } from './cost.js';
/** @internal Only tests import this export (knip --production). */
export type { StepMeter } from './wildcard.js';
