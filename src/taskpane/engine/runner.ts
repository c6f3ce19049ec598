import { describeSkipReason, fieldLabel } from '../../core/describe.js';
import type { ProgressEvent } from '../../core/executor.js';
import type { Plan, PlanItem } from '../../core/plan.js';
import { summarizePlan } from '../../core/plan.js';
import type { ConflictEntry } from '../../core/ports.js';
import type { RunRecord, SyncMode } from '../../core/records.js';
import { SYNC_FIELDS } from '../../core/model.js';
import type { SyncFields } from '../../core/model.js';
import type { ConflictView, PreviewItem, PreviewView } from '../api/types.js';

export interface StartRunRequest {
  readonly mode: SyncMode;
  readonly dryRun: boolean;
  readonly confirmMassDelete?: boolean;
}

export interface RunResult {
  readonly record: RunRecord;
  /** Dry runs only. */
  readonly preview: PreviewView | null;
}

export interface RunHandle {
  cancel(): void;
  readonly done: Promise<RunResult>;
}

/** Starts sync runs: in the pane (the engine runs here) or in the facade (followed over SSE). */
export interface SyncRunner {
  readonly where: 'pane' | 'server';
  start(request: StartRunRequest, onProgress: (event: ProgressEvent) => void): RunHandle;
}

/** Another run holds the folder. */
export class RunBusyError extends Error {
  override readonly name = 'RunBusyError';
}

function changedFields(current: SyncFields, target: SyncFields): { field: string }[] {
  return SYNC_FIELDS.filter((f) => current[f] !== target[f]).map((field) => ({ field }));
}

function previewItem(item: PlanItem): PreviewItem {
  switch (item.kind) {
    case 'createInOutlook':
    case 'createInBc':
      return { kind: item.kind, displayName: item.fields.displayName };
    case 'update':
      return {
        kind: item.kind,
        displayName: item.bc.target.displayName,
        bc: changedFields(item.bc.current, item.bc.target),
        outlook: changedFields(item.outlook.current, item.outlook.target),
      };
    case 'deleteInOutlook':
      return { kind: item.kind, displayName: item.base.displayName };
    case 'link':
    case 'unlink':
      return { kind: item.kind };
  }
}

export function conflictViewOf(entry: ConflictEntry): ConflictView {
  const r = entry.record;
  return {
    bcId: entry.bcId,
    outlookId: entry.outlookId,
    displayName: r.displayName,
    kind: r.kind,
    ...(r.kind === 'deletedInBc' ? { reason: r.reason } : {}),
    fields: r.fields.map((f) => ({ ...f, label: fieldLabel(f.field) })),
  };
}

/** The same shape as the facade's plan view, made from a plan computed in the pane. */
export function previewOf(plan: Plan): PreviewView {
  return {
    summary: summarizePlan(plan),
    items: plan.items.map(previewItem),
    conflicts: plan.conflicts.map(conflictViewOf),
    skipped: plan.skipped.map((s) => ({
      key: s.key,
      displayName: s.record.displayName,
      reason: s.record.reason,
      text: describeSkipReason(s.record.reason),
    })),
  };
}
