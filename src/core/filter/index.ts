export type { FilterExpr, FilterExpected, FilterSyntaxError, PatternSegment } from './types.js';
export { FILTER_LIMITS, parseFilterExpression } from './parse.js';
export { compareFilterValues, matchesExpression } from './evaluate.js';
export type { FilterSubjectValue } from './evaluate.js';
export { CONTACT_PROPERTY, FILTERABLE_FIELDS, compileFilter, evaluateFilter } from './contact-filter.js';
export type { CompiledFilter, ContactFilter, FilterableField } from './contact-filter.js';
export { ODATA_FILTER_LIMITS, expressionToOData, quoteODataString, toODataFilter } from './odata.js';
export type { ODataTranslation } from './odata.js';
export { FILTER_FIELD_LENGTH, FILTER_WORK_LIMIT, expressionCost } from './cost.js';
