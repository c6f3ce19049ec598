import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import { CONFLICT_POLICIES } from '../../../core/merge.js';
import type { ConflictPolicy } from '../../../core/merge.js';
import { ApiError } from '../../api/http.js';
import type { MatchPreview, SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { errorText, useServices } from '../../services.js';
import { FilterBuilder, filterIsValid } from '../FilterBuilder/index.js';
import { useSettingsPanelStyles } from './SettingsPanel.styles.js';

export interface SettingsPanelProps {
  readonly settings: SyncSettings;
  readonly onSaved: (settings: SyncSettings) => void;
  /** Milliseconds to wait after the last filter edit before counting matches. */
  readonly debounceMs?: number;
}

const REASONS = ['noEmail', 'noName', 'companyContact', 'privacyBlocked', 'excludedByFilter'] as const;

type Notice = { readonly intent: 'success' | 'error'; readonly text: string } | null;

/** Live "N contacts match" for the filter being edited, debounced. */
function useMatchPreview(
  filter: Readonly<Record<string, string>>,
  debounceMs: number,
): { preview: MatchPreview | null; busy: boolean } {
  const { api } = useServices();
  const [preview, setPreview] = useState<MatchPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (!filterIsValid(filter)) {
      setBusy(false);
      return undefined;
    }
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      api
        .matchPreview(filter)
        .then((p) => live && setPreview(p))
        .catch(() => live && setPreview(null))
        .finally(() => live && setBusy(false));
    }, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the filter's content.
  }, [key, debounceMs, api]);
  return { preview, busy };
}

export function SettingsPanel({ settings, onSaved, debounceMs = 400 }: SettingsPanelProps): JSX.Element {
  const styles = useSettingsPanelStyles();
  const i18n = useI18n();
  const { t, field: labelOf } = i18n;
  const { api } = useServices();
  const [draft, setDraft] = useState<SyncSettings>(settings);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const { preview, busy } = useMatchPreview(draft.filter, debounceMs);

  useEffect(() => setDraft(settings), [settings]);
  const update = (patch: Partial<SyncSettings>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setServerErrors({});
    try {
      const filter = Object.fromEntries(Object.entries(draft.filter).filter(([, v]) => v.trim() !== ''));
      const saved = await api.putSettings({ ...draft, filter });
      setNotice({ intent: 'success', text: t('saved') });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError)
        setServerErrors(
          Object.fromEntries(
            e.details
              .filter((d) => d.target.startsWith('filter.'))
              .map((d) => [d.target.slice(7), d.message]),
          ),
        );
      setNotice({ intent: 'error', text: t('saveFailed', { message: errorText(e) }) });
    } finally {
      setSaving(false);
    }
  };

  const out = preview ? preview.total - preview.matching : 0;
  return (
    <form
      className={styles.root}
      aria-label={t('settingsSection')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Field label={t('folderName')} required>
        <Input value={draft.folderName} onChange={(_, d) => update({ folderName: d.value })} />
      </Field>
      <FilterBuilder
        value={draft.filter}
        onChange={(filter) => update({ filter })}
        serverErrors={serverErrors}
      />
      <div
        className={mergeClasses(styles.match, !preview && !busy && styles.empty)}
        role="status"
        aria-live="polite"
      >
        {busy && !preview ? (
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
      </div>
      <Field label={t('conflictPolicy')}>
        <RadioGroup
          value={draft.conflictPolicy}
          onChange={(_, d) => update({ conflictPolicy: d.value as ConflictPolicy })}
        >
          {CONFLICT_POLICIES.map((p) => (
            <Radio key={p} value={p} label={t(`policy_${p}`)} />
          ))}
        </RadioGroup>
      </Field>
      <Field label={t('scheduleMinutes')}>
        <Input
          type="number"
          min={0}
          value={String(draft.scheduleMinutes)}
          onChange={(_, d) => update({ scheduleMinutes: Number(d.value) || 0 })}
        />
      </Field>
      <Field label={t('massDeleteShare')}>
        <Input
          type="number"
          min={0}
          max={100}
          value={String(Math.round(draft.massDeleteShare * 100))}
          onChange={(_, d) =>
            update({ massDeleteShare: Math.min(100, Math.max(0, Number(d.value) || 0)) / 100 })
          }
        />
      </Field>
      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={saving || !filterIsValid(draft.filter)}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
