import { Caption1, Text, mergeClasses } from '@fluentui/react-components';
import { useId } from 'react';
import type { JSX } from 'react';
import type { SkipView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import type { I18n } from '../../i18n/index.js';
import { skipHintText, skipReasonText } from '../../../messages/words.js';
import { PagedList } from '../PagedList/PagedList.js';
import { matchesText } from '../../layout/find-text.js';
import { skipGroups } from './skip-groups.js';
import { useSkippedPanelStyles } from './SkippedPanel.styles.js';
import { Value } from '../../layout/breakable.js';

/** A label and its value that never part at a line end ("No. KT000042"): joined by a no-break space. */
function labelled(label: string, value: string): string {
  return `${label}\u00a0${value}`;
}

/** One group as listed: its reason and hint in the user's words, the contacts matching the find box. */
export interface ShownSkipGroup {
  readonly key: string;
  /** The reason the group is listed under, as the group's title says it. */
  readonly reason: SkipView['reason'];
  readonly title: string;
  readonly hint: string;
  readonly items: readonly SkipView[];
}

/**
 * A reason as the catalogs word it, to sit inside a sentence ("no e-mail", "out of scope: …"),
 * standing as a title or a line of its own: its first letter capitalized as the language does.
 * @internal
 */
export function standing(text: string, lang: string): string {
  const [first = '', ...rest] = Array.from(text);
  return first.toLocaleUpperCase(lang) + rest.join('');
}

/**
 * The reasons a contact is skipped for beyond the one its group says (title and hint): the rest of
 * its scope reasons (a BC contact both privacy blocked and without e-mail is listed under one of
 * them), then every further reason it carries (`more`), in the order found.
 */
function furtherReasons(s: SkipView, group: SkipView['reason']): SkipView['reason'][] {
  const { reason } = s;
  const said = group.kind === 'outOfScope' ? new Set(group.reasons.map((r) => JSON.stringify(r))) : null;
  const rest =
    reason.kind === 'outOfScope' && said ? reason.reasons.filter((r) => !said.has(JSON.stringify(r))) : [];
  const own: SkipView['reason'][] = rest.length > 0 ? [{ kind: 'outOfScope', reasons: rest }] : [];
  return [...own, ...(s.more ?? [])];
}

/**
 * Skipped contacts grouped by reason (skipGroups), each group's title and hint worded, only the
 * contacts matching `find` (name, BC No., reason); groups left empty are dropped.
 */
export function shownSkipGroups(skipped: readonly SkipView[], find: string, i18n: I18n): ShownSkipGroup[] {
  const reasonText = (r: SkipView['reason']) => skipReasonText(i18n, r);
  return skipGroups(skipped, reasonText)
    .map((g) => {
      const title = standing(reasonText(g.reason), i18n.lang);
      const items = g.items.filter((s) =>
        matchesText(
          [s.displayName, s.bcNumber, title, reasonText(s.reason), ...(s.more ?? []).map(reasonText)],
          find,
        ),
      );
      return { key: g.key, reason: g.reason, title, hint: skipHintText(i18n, g.reason), items };
    })
    .filter((g) => g.items.length > 0);
}

/**
 * A contact's further reasons (F120): a list of its own under the label "Other reasons", set in
 * from the contact's name with a rule and bullets, so a reason never reads as the next group's
 * title; each says its reason, then how to fix it.
 */
function FurtherReasons({ reasons }: { readonly reasons: readonly SkipView['reason'][] }): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const label = useId();
  return (
    <div className={styles.further}>
      <Caption1 id={label} className={styles.muted}>
        {i18n.t('otherReasons')}
      </Caption1>
      <ul className={styles.furtherList} aria-labelledby={label}>
        {reasons.map((r, i) => (
          <li key={i} className={styles.furtherItem}>
            <Text size={200} className={styles.block}>
              {standing(skipReasonText(i18n, r), i18n.lang)}
            </Text>
            <Caption1 className={mergeClasses(styles.block, styles.muted)}>
              {i18n.t('hintText', { hint: skipHintText(i18n, r) })}
            </Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The one list of skipped contacts, shown by the Skipped panel and by the preview: each reason and
 * how to fix it said once for its group, each contact by name, side and BC No.; a contact skipped
 * for more than its group's reason lists each further reason with how to fix it (FurtherReasons).
 */
export function SkippedGroups({
  groups,
  find,
}: {
  readonly groups: readonly ShownSkipGroup[];
  readonly find: string;
}): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;

  const item = (s: SkipView, group: SkipView['reason']) => {
    const side = s.side === 'bc' ? t('sideBc') : t('sideOutlook');
    // The separator stays with the side: a wrapped line never starts with "· No. …".
    const where = s.bcNumber ? `${side}\u00a0· ${labelled(i18n.field('number'), s.bcNumber)}` : side;
    const further = furtherReasons(s, group);
    return (
      <div className={styles.item}>
        <Text weight="semibold">
          <Value text={s.displayName || '—'} /> <Caption1 className={styles.muted}>({where})</Caption1>
        </Text>
        {further.length > 0 && <FurtherReasons reasons={further} />}
      </div>
    );
  };

  return (
    <>
      {groups.map((g) => (
        <PagedList
          key={`${g.key}:${find}`}
          title={t('groupCount', { label: g.title, n: g.items.length })}
          note={t('hintText', { hint: g.hint })}
          items={g.items.map((s) => ({
            key: s.key,
            label: s.displayName || s.key,
            content: item(s, g.reason),
          }))}
        />
      ))}
    </>
  );
}
