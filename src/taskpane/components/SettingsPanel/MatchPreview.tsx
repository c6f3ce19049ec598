import { Caption1, Text, mergeClasses } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import type { MatchPreview } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useServices } from '../../services.js';
import { LiveRegion } from '../../layout/live-region.js';
import { filterIsValid } from '../FilterBuilder/index.js';
import { useSettingsPanelStyles } from './SettingsPanel.styles.js';

/** The out-of-scope reasons the preview lists, in the order shown. */
const REASONS = ['noEmail', 'noName', 'companyContact', 'privacyBlocked', 'excludedByFilter'] as const;

/**
 * Live "N contacts match" for the filter being edited, debounced. `preview` is the count of the
 * filter as it is now, never of one before it: null while that filter is being counted, and for a
 * filter with an error (`invalid`), which cannot be counted (helper newuser: under `Lon*|'x` the
 * pane still said "6 of 209 contacts match", the count of `Lon*`).
 */
function useMatchPreview(
  filter: Readonly<Record<string, string>>,
  debounceMs: number,
): { preview: MatchPreview | null; busy: boolean; invalid: boolean } {
  const { api } = useServices();
  const [counted, setCounted] = useState<{ key: string; preview: MatchPreview | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(filter);
  const invalid = !filterIsValid(filter);
  useEffect(() => {
    if (invalid) {
      setBusy(false);
      return undefined;
    }
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      api
        .matchPreview(filter)
        .then((p) => live && setCounted({ key, preview: p }))
        .catch(() => live && setCounted({ key, preview: null }))
        .finally(() => live && setBusy(false));
    }, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the filter's content.
  }, [key, invalid, debounceMs, api]);
  const preview = !invalid && counted?.key === key ? counted.preview : null;
  return { preview, busy: busy && !invalid, invalid };
}

/**
 * "N of M contacts match" for the filter being edited, and how many each reason keeps out;
 * a polite live region, so a screen reader hears the count when it settles.
 */
export function MatchPreviewStatus({
  filter,
  debounceMs,
}: {
  readonly filter: Readonly<Record<string, string>>;
  readonly debounceMs: number;
}): JSX.Element {
  const styles = useSettingsPanelStyles();
  const i18n = useI18n();
  const { t, field: labelOf } = i18n;
  const { preview, busy, invalid } = useMatchPreview(filter, debounceMs);
  const out = preview ? preview.total - preview.matching : 0;
  return (
    <LiveRegion className={mergeClasses(styles.match, !preview && !busy && !invalid && styles.empty)}>
      {invalid ? (
        <Caption1>{t('matchFilterInvalid')}</Caption1>
      ) : busy && !preview ? (
        <Caption1>{t('matchChecking')}</Caption1>
      ) : preview ? (
        <>
          <Text weight="semibold">
            {t('matchCount', { matching: preview.matching, total: preview.total, out })}
          </Text>
          <ul className={styles.reasons}>
            {REASONS.filter((r) => preview.outOfScope[r] > 0).map((r) => (
              <li key={r}>
                <Caption1>
                  {r === 'excludedByFilter'
                    ? t('excludedByFilterCount', {
                        n: preview.outOfScope[r],
                        fields: i18n.list(
                          Object.entries(preview.byField).map(([f, n]) =>
                            t('fieldCount', { field: labelOf(f), n }),
                          ),
                        ),
                      })
                    : t('reasonCount', { reason: t(`reason_${r}`), n: preview.outOfScope[r] })}
                </Caption1>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </LiveRegion>
  );
}
