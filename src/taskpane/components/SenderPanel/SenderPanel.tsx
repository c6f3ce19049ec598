import { waitsForChoice } from '../../../core/views.js';
import { Button, Spinner, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { JSX } from 'react';
import { compileFilter } from '../../../core/filter/index.js';
import { BC_FIELD_LENGTHS } from '../../../core/bc-field-rules.js';
import { storedLength } from '../../../core/settings-rules.js';
import { outOfScopeReasons } from '../../../core/scope.js';
import type { OutOfScopeReason } from '../../../core/scope.js';
import type { BcContactRecord, ConflictView, SyncSettings } from '../../api/types.js';
import { Breakable } from '../../layout/breakable.js';
import { TextBar } from '../../layout/text-bar.js';
import { useI18n } from '../../i18n/index.js';
import { scopeReasonText } from '../../../messages/words.js';
import type { MessageSender } from '../../office/office-host.js';
import { useFailureText, useServices } from '../../services.js';
import { useSyncRun } from '../../state/sync-run.js';
import { useSenderPanelStyles } from './SenderPanel.styles.js';
import { SenderPicker } from './SenderPicker.js';

export interface SenderPanelProps {
  readonly settings: SyncSettings;
  readonly conflicts: readonly ConflictView[];
}

type Verdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'notInBc'; readonly sender: MessageSender }
  | { readonly kind: 'outOfScope'; readonly name: string; readonly reasons: readonly OutOfScopeReason[] }
  | { readonly kind: 'conflict' | 'synced' | 'notLinked'; readonly name: string }
  | { readonly kind: 'error'; readonly message: string };

/** What the pane says of a sender BC holds, by verdict: each names the contact. */
const NAMED_VERDICT_WORDS = {
  conflict: 'senderConflict',
  synced: 'senderSynced',
  notLinked: 'senderNotLinked',
} as const;

/** Is the selected message's sender a synced BC contact? If not, why, and a way to add it. */
export function SenderPanel({ settings, conflicts }: SenderPanelProps): JSX.Element {
  const styles = useSenderPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { api, office } = useServices();
  const describe = useFailureText();
  const [sender, setSender] = useState<MessageSender | null>(() => office.currentSender());
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'none' });
  // The "was added" message, with the sender it speaks of: shown only while that sender is selected.
  const [added, setAdded] = useState<{ readonly email: string; readonly text: string } | null>(null);
  // A second click while the first add runs would create a second contact: one add at a time.
  const [adding, setAdding] = useState(false);
  const sync = useSyncRun();
  // The verdict is read again whenever a run ends.
  const lastRun = sync.state.kind === 'done' ? sync.state.result.record.id : null;

  useEffect(() => {
    office.onItemChanged(() => setSender(office.currentSender())).catch(() => undefined);
  }, [office]);

  /** What the pane says of a sender BC holds as `found`: the look-up's answer, or the contact just added. */
  const judge = useCallback(
    async (found: BcContactRecord, email: string): Promise<Verdict> => {
      const compiled = compileFilter(settings.filter);
      const reasons = compiled.ok ? outOfScopeReasons(found, compiled.filter) : [];
      const name = found.displayName || email;
      if (reasons.length > 0) return { kind: 'outOfScope', name, reasons };
      if (conflicts.some((c) => c.bcId === found.id && waitsForChoice(c))) return { kind: 'conflict', name };
      const links = await api.listLinks();
      return { kind: links.some((l) => l.bcId === found.id) ? 'synced' : 'notLinked', name };
    },
    [api, settings.filter, conflicts],
  );

  const check = useCallback(async (): Promise<Verdict> => {
    if (!sender) return { kind: 'none' };
    const [found] = await api.findBcContactsByEmail(sender.email);
    return found ? judge(found, sender.email) : { kind: 'notInBc', sender };
  }, [api, sender, judge]);

  useEffect(() => {
    if (!sender) {
      setVerdict({ kind: 'none' });
      return undefined;
    }
    let live = true;
    setVerdict({ kind: 'loading' });
    check()
      .then((v) => live && setVerdict(v))
      .catch((e: unknown) => live && setVerdict({ kind: 'error', message: describe(e) }));
    return () => {
      live = false;
    };
  }, [check, lastRun, sender]);

  const add = async (s: MessageSender): Promise<void> => {
    if (adding) return;
    setAdding(true);
    try {
      const created = await api.createBcPerson({ displayName: s.name || s.email, email: s.email });
      setAdded({ email: s.email, text: t('senderAdded', { name: created.displayName }) });
      // The sender is in BC now: say so at once, not "not a BC contact" until the run ends (F135).
      setVerdict(await judge(created, s.email));
      sync.start({ mode: 'delta', dryRun: false });
    } catch (e) {
      setVerdict({ kind: 'error', message: describe(e) });
    } finally {
      setAdding(false);
    }
  };

  return (
    <section className={styles.root} aria-label={t('senderSection')}>
      {office.pickSender && <SenderPicker onPick={office.pickSender} />}
      {verdict.kind === 'none' && <Text>{t('noMessage')}</Text>}
      {verdict.kind === 'loading' && <Spinner size="tiny" label={t('checking')} />}
      {verdict.kind === 'notInBc' && storedLength(verdict.sender.email) > BC_FIELD_LENGTHS.email && (
        // BC's E-Mail is Text[80]: such a contact cannot be created there, so "Add" is not offered.
        <Text>
          <Breakable
            text={t('senderEmailTooLong', {
              email: verdict.sender.email,
              length: storedLength(verdict.sender.email),
              max: BC_FIELD_LENGTHS.email,
              field: i18n.field('email'),
            })}
          />
        </Text>
      )}
      {verdict.kind === 'notInBc' && storedLength(verdict.sender.email) <= BC_FIELD_LENGTHS.email && (
        <>
          <Text>
            <Breakable text={t('senderNotInBc', { email: verdict.sender.email })} />
          </Text>
          <Button
            appearance="primary"
            disabled={adding || sync.state.kind === 'running'}
            onClick={() => void add(verdict.sender)}
          >
            {t('addSender')}
          </Button>
        </>
      )}
      {verdict.kind === 'outOfScope' && (
        <Text>
          <Breakable
            text={t('senderOutOfScope', {
              name: verdict.name,
              reasons: i18n.list(verdict.reasons.map((r) => scopeReasonText(i18n, r))),
            })}
          />
        </Text>
      )}
      {(verdict.kind === 'conflict' || verdict.kind === 'synced' || verdict.kind === 'notLinked') && (
        <Text>
          <Breakable text={t(NAMED_VERDICT_WORDS[verdict.kind], { name: verdict.name })} />
        </Text>
      )}
      {verdict.kind === 'error' && <TextBar intent="error" text={t('error', { message: verdict.message })} />}
      {added && added.email === sender?.email && <TextBar intent="success" text={added.text} />}
    </section>
  );
}
