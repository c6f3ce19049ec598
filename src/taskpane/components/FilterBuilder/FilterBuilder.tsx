import { Button, Caption1, Field, Text } from '@fluentui/react-components';
import { Input, Select } from '../../layout/inputs.js';
import { useId, useState } from 'react';
import type { JSX } from 'react';
import { FILTERABLE_FIELDS } from '../../../core/filter/fields.js';
import { parseAsTyped } from '../../../core/filter/parse-as-typed.js';
import type { FilterSyntaxError, FilterableField } from '../../../core/filter/index.js';
import { filterErrorText } from '../../../messages/words.js';
import { useI18n } from '../../i18n/index.js';
import { useFilterBuilderStyles } from './FilterBuilder.styles.js';

export interface FilterBuilderProps {
  /** Field → BC filter expression. */
  readonly value: Readonly<Record<string, string>>;
  readonly onChange: (next: Record<string, string>) => void;
  /** The server's 400 details, by field (`filter.city` → `city`). */
  readonly serverErrors?: Readonly<Record<string, string>>;
}

/**
 * Client-side syntax check of one expression, for instant feedback, as the server parses it
 * (parseAsTyped: its text form, the position as typed); blank is "no filter".
 * @internal exported for filter-check-parity.test
 */
export function filterError(expression: string): FilterSyntaxError | null {
  if (expression.trim() === '') return null;
  const parsed = parseAsTyped(expression);
  return parsed.ok ? null : parsed.error;
}

/** True when every expression parses. */
export function filterIsValid(filter: Readonly<Record<string, string>>): boolean {
  return Object.values(filter).every((e) => filterError(e) === null);
}

function ErrorAt({ text, error }: { text: string; error: FilterSyntaxError }): JSX.Element {
  const styles = useFilterBuilderStyles();
  const i18n = useI18n();
  const at = text.slice(error.position, error.position + 1);
  return (
    <span>
      {filterErrorText(i18n, error)}{' '}
      <code className={styles.code} aria-hidden="true">
        {text.slice(0, error.position)}
        <mark className={styles.mark}>{at === '' ? ' ' : at}</mark>
        {text.slice(error.position + 1)}
      </code>
    </span>
  );
}

/** Rows of field + BC filter expression, with errors at the position the parser stopped. */
export function FilterBuilder({ value, onChange, serverErrors = {} }: FilterBuilderProps): JSX.Element {
  const styles = useFilterBuilderStyles();
  const { t, field: labelOf } = useI18n();
  const used = Object.keys(value);
  const unused = FILTERABLE_FIELDS.filter((f) => !used.includes(f));
  const [adding, setAdding] = useState<string>(unused[0] ?? '');
  const titleId = useId();
  const hintId = useId();
  const addField = unused.includes(adding as FilterableField) ? adding : (unused[0] ?? '');

  const set = (field: string, expression: string): void => onChange({ ...value, [field]: expression });
  const remove = (field: string): void => {
    const next = { ...value };
    delete next[field];
    onChange(next);
  };

  return (
    // A visible title above the syntax hint: under the field before it (Folder name), the hint alone
    // read as that field's hint (issue 14 screenshots at 320 px).
    <div className={styles.root} role="group" aria-labelledby={titleId} aria-describedby={hintId}>
      <Text id={titleId} weight="semibold">
        {t('filterTitle')}
      </Text>
      <Caption1 id={hintId}>{t('filterHint')}</Caption1>
      {used.map((field) => {
        const text = value[field] ?? '';
        const local = filterError(text);
        const server = serverErrors[field];
        return (
          <div className={styles.row} key={field}>
            <Field
              label={labelOf(field)}
              validationState={local || server ? 'error' : 'none'}
              validationMessage={local ? <ErrorAt text={text} error={local} /> : server}
            >
              <Input value={text} onChange={(_, d) => set(field, d.value)} spellCheck={false} />
            </Field>
            <Button
              className={styles.remove}
              appearance="subtle"
              aria-label={t('removeFilter', { field: labelOf(field) })}
              onClick={() => remove(field)}
            >
              ✕
            </Button>
          </div>
        );
      })}
      {unused.length > 0 && (
        <div className={styles.add}>
          <Field label={t('filterField')}>
            <Select value={addField} onChange={(_, d) => setAdding(d.value)}>
              {unused.map((f) => (
                <option key={f} value={f}>
                  {labelOf(f)}
                </option>
              ))}
            </Select>
          </Field>
          <Button onClick={() => addField && set(addField, '')}>{t('addFilter')}</Button>
        </div>
      )}
    </div>
  );
}
