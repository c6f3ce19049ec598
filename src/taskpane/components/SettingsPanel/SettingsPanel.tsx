import { Button, Field, Radio, RadioGroup } from '@fluentui/react-components';
import { Input } from '../../layout/inputs.js';
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import { CONFLICT_POLICIES } from '../../../core/merge.js';
import { MASS_DELETE_SHARE, SCHEDULE_MINUTES, settingsProblems } from '../../../core/settings-rules.js';
import { problemText } from '../../../messages/words.js';
import type { ConflictPolicy } from '../../../core/merge.js';
import { ApiError } from '../../api/http.js';
import type { SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { fieldOfTarget, refusalText, settingLabel } from '../../i18n/refusal-text.js';
import { useFailureText, useServices } from '../../services.js';
import { FilterBuilder, filterIsValid } from '../FilterBuilder/index.js';
import { useFocusOn } from '../../layout/focus.js';
import { LiveRegion } from '../../layout/live-region.js';
import { useSyncRun } from '../../state/sync-run.js';
import { useFolderPrompt } from './folder-move.js';
import { FolderMoveStatus } from './FolderMoveStatus.js';
import type { MoveRun } from './FolderMoveStatus.js';
import { FolderPromptBar } from './FolderPromptBar.js';
import { MatchPreviewStatus } from './MatchPreview.js';
import { useSettingsPanelStyles } from './SettingsPanel.styles.js';
import { TextBar } from '../../layout/text-bar.js';

export interface SettingsPanelProps {
  readonly settings: SyncSettings;
  readonly onSaved: (settings: SyncSettings) => void;
  /** Milliseconds to wait after the last filter edit before counting matches. */
  readonly debounceMs?: number;
}

/** A number field's text as a number; blank or not a number is NaN, which every rule refuses. */
function numberOrNaN(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

type Notice = { readonly intent: 'success' | 'error'; readonly text: string } | null;

export function SettingsPanel({ settings, onSaved, debounceMs = 400 }: SettingsPanelProps): JSX.Element {
  const styles = useSettingsPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { api } = useServices();
  const describe = useFailureText();
  const [draft, setDraft] = useState<SyncSettings>(settings);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  // What the user typed in the number fields, kept as text: "3" or "-5" stays visible and marked.
  const [typed, setTyped] = useState({
    scheduleMinutes: String(settings.scheduleMinutes),
    massDeleteShare: String(Math.round(settings.massDeleteShare * 100)),
  });
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [saves, setSaves] = useState(0);
  const noticeRef = useFocusOn<HTMLDivElement>(saves || null);

  useEffect(() => {
    setDraft(settings);
    setTyped({
      scheduleMinutes: String(settings.scheduleMinutes),
      massDeleteShare: String(Math.round(settings.massDeleteShare * 100)),
    });
  }, [settings]);
  // The facade's own rules (core/settings-rules), checked as the user types: a field that breaks one
  // says which, and Save stays off until none is broken. The server's answer is shown the same way.
  const local: Record<string, string> = Object.fromEntries(
    settingsProblems({
      ...draft,
      scheduleMinutes: numberOrNaN(typed.scheduleMinutes),
      massDeleteShare: numberOrNaN(typed.massDeleteShare) / 100,
    })
      .filter((p) => !p.target.startsWith('filter.'))
      .map((p) => [p.target, problemText(i18n, p)]),
  );
  const problemOf = (target: string): string | undefined => local[target] ?? serverErrors[target];
  const marked = (target: string) => {
    const problem = problemOf(target);
    return problem ? { validationState: 'error' as const, validationMessage: problem } : {};
  };
  const update = (patch: Partial<SyncSettings>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
  };

  // A new folder name: the next run moves the sync there (F73, in core); saving only stores it. The
  // pane says before saving what that run will do, and after "Save and sync now" shows the run.
  const from = settings.folderName.trim();
  const to = draft.folderName.trim();
  const folder = useFolderPrompt(to);
  const sync = useSyncRun();
  const [moveRun, setMoveRun] = useState<MoveRun | null>(null);

  /** The draft as it is sent: blank filter fields left out. */
  const outgoing = (): SyncSettings => ({
    ...draft,
    filter: Object.fromEntries(Object.entries(draft.filter).filter(([, v]) => v.trim() !== '')),
  });

  /**
   * A refused save: each detail marks its field, worded from its reason (issue 14 F31: the server's
   * English line is never shown); the notice names each field too (one the form does not show,
   * such as a filter field without a row, is still said). Any other failure says why.
   */
  const refused = (e: unknown): void => {
    const details = e instanceof ApiError && e.status === 400 ? e.details : [];
    const problems = details.map((d) => [fieldOfTarget(d.target), refusalText(i18n, d)] as const);
    setServerErrors(Object.fromEntries(problems));
    const said = problems.map(([f, reason]) => t('nameAndReason', { name: labelOfField(f), reason }));
    setNotice({
      intent: 'error',
      text: t('saveFailed', { message: said.length > 0 ? i18n.list(said) : describe(e) }),
    });
  };
  const labelOfField = (f: string): string => settingLabel(i18n, f);

  /**
   * Saves the draft. `move`: the next run moves the folder (`syncNow`: start that run here and show
   * it; when another run is going, the notice says the next one moves it).
   */
  const save = async (move = false, syncNow = false): Promise<void> => {
    setSaving(true);
    setServerErrors({});
    folder.setPrompt(null);
    setMoveRun(null);
    try {
      const saved = await api.putSettings(outgoing());
      onSaved(saved);
      const name = saved.folderName.trim();
      const request = { mode: 'delta', dryRun: false } as const;
      if (move && syncNow && sync.start(request)) {
        setMoveRun({ request, from, to: name });
        setNotice({ intent: 'success', text: t('saved') });
      } else if (move) setNotice({ intent: 'success', text: t('folderSavedNextRun', { to: name }) });
      else setNotice({ intent: 'success', text: t('saved') });
    } catch (e) {
      refused(e);
    } finally {
      setSaving(false);
      setSaves((n) => n + 1);
    }
  };

  /** A new folder name: the server checks the settings before the pane asks what to do with the folder. */
  const askMove = async (): Promise<void> => {
    setNotice(null);
    setServerErrors({});
    try {
      await api.checkSettings(outgoing());
    } catch (e) {
      refused(e);
      setSaves((n) => n + 1);
      return;
    }
    setMoveRun(null);
    const asked = await folder.ask().catch((err: unknown) => {
      setNotice({ intent: 'error', text: t('saveFailed', { message: describe(err) }) });
      setSaves((n) => n + 1);
      return null;
    });
    // Nothing moves and nothing there to import: a plain save.
    if (asked === false) await save();
  };

  return (
    <form
      className={styles.root}
      aria-label={t('settingsSection')}
      onSubmit={(e) => {
        e.preventDefault();
        if (from !== '' && to !== from) void askMove();
        else void save();
      }}
    >
      <Field label={t('folderName')} required {...marked('folderName')}>
        <Input value={draft.folderName} onChange={(_, d) => update({ folderName: d.value })} />
      </Field>
      <FilterBuilder
        value={draft.filter}
        onChange={(filter) => update({ filter })}
        serverErrors={Object.fromEntries(
          Object.entries(serverErrors)
            .filter(([target]) => target.startsWith('filter.'))
            .map(([target, message]) => [target.slice(7), message]),
        )}
      />
      <MatchPreviewStatus filter={draft.filter} debounceMs={debounceMs} />
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
      <Field label={t('scheduleMinutes')} {...marked('scheduleMinutes')}>
        <Input
          type="number"
          min={0}
          max={SCHEDULE_MINUTES.max}
          step={1}
          value={typed.scheduleMinutes}
          onChange={(_, d) => {
            setTyped((x) => ({ ...x, scheduleMinutes: d.value }));
            update({ scheduleMinutes: numberOrNaN(d.value) });
          }}
        />
      </Field>
      <Field label={t('massDeleteShare')} {...marked('massDeleteShare')}>
        <Input
          type="number"
          min={MASS_DELETE_SHARE.min * 100}
          max={MASS_DELETE_SHARE.max * 100}
          step={1}
          value={typed.massDeleteShare}
          onChange={(_, d) => {
            setTyped((x) => ({ ...x, massDeleteShare: d.value }));
            update({ massDeleteShare: numberOrNaN(d.value) / 100 });
          }}
        />
      </Field>
      {folder.prompt && (
        <FolderPromptBar
          prompt={folder.prompt}
          from={from}
          to={to}
          onConfirm={(syncNow) => void save(folder.prompt?.kind !== 'into', syncNow)}
          onCancel={() => folder.setPrompt(null)}
        />
      )}
      <LiveRegion ref={noticeRef} tabIndex={-1}>
        {notice && <TextBar intent={notice.intent} text={notice.text} />}
      </LiveRegion>
      {moveRun && <FolderMoveStatus run={moveRun} />}
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          disabled={saving || !filterIsValid(draft.filter) || Object.keys(local).length > 0}
        >
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
