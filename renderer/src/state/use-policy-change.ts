// One change at a time to a policy or security object, as a face drives it: preview it (the core
// checks every word, so a refusal reads like the CLI's), apply it based on the resourceVersions
// last seen (someone else's edit in between is a CONFLICT and nothing is written), and undo the
// last applied change: the runner's own undo (the core's, for routing) or its inverse applied
// through the same path. Knows no forms.

import { useCallback, useState } from 'react';
import type { PolicyApplyInfo, PolicyPreviewInfo } from '../../../core/contract';

export interface ChangeRunner<C, B> {
  preview(change: C, takeOver: boolean): Promise<PolicyPreviewInfo>;
  apply(change: C, basedOn: B, takeOver: boolean): Promise<PolicyApplyInfo>;
  /** Undoes the last change in the cluster itself; without it, Undo applies the inverse change it was given. */
  undo?(basedOn: B): Promise<PolicyApplyInfo>;
  /** Reads the live state again (after an apply, or after a conflict). */
  reload(): Promise<void>;
}

export interface PolicyChangeView<C> {
  preview: PolicyPreviewInfo | null;
  previewing: boolean;
  busy: boolean;
  error: unknown;
  accepted: PolicyApplyInfo | null;
  /** What Undo would apply, and its label; null when there is nothing to undo. */
  undo: { change: C; label: string } | null;
}

export interface PolicyChangeActions<C, B> {
  showPreview(change: C, takeOver?: boolean): Promise<void>;
  closePreview(): void;
  apply(change: C, basedOn: B, options?: { takeOver?: boolean; undo?: { change: C; label: string } | null }): Promise<boolean>;
  applyUndo(basedOn: B): Promise<boolean>;
  clearError(): void;
}

export function usePolicyChange<C, B>(runner: ChangeRunner<C, B>): PolicyChangeView<C> & PolicyChangeActions<C, B> {
  const [preview, setPreview] = useState<PolicyPreviewInfo | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [accepted, setAccepted] = useState<PolicyApplyInfo | null>(null);
  const [undo, setUndo] = useState<{ change: C; label: string } | null>(null);

  const showPreview = useCallback(
    async (change: C, takeOver = false) => {
      setPreviewing(true);
      setError(null);
      try {
        setPreview(await runner.preview(change, takeOver));
      } catch (failure) {
        setPreview(null);
        setError(failure);
      } finally {
        setPreviewing(false);
      }
    },
    [runner],
  );

  const run = useCallback(
    async (work: () => Promise<PolicyApplyInfo>, undoAfter: { change: C; label: string } | null) => {
      setBusy(true);
      setError(null);
      try {
        setAccepted(await work());
        setUndo(undoAfter);
        setPreview(null);
        return true;
      } catch (failure) {
        setError(failure);
        return false;
      } finally {
        setBusy(false);
        // After a success the panel shows what is now in force; after a CONFLICT, what moved.
        await runner.reload().catch(() => undefined);
      }
    },
    [runner],
  );

  const apply = useCallback(
    (change: C, basedOn: B, options: { takeOver?: boolean; undo?: { change: C; label: string } | null } = {}) => run(() => runner.apply(change, basedOn, options.takeOver ?? false), options.undo ?? null),
    [run, runner],
  );

  const applyUndo = useCallback(
    async (basedOn: B) => {
      if (!undo) return false;
      const undoInCluster = runner.undo;
      return undoInCluster ? run(() => undoInCluster(basedOn), null) : apply(undo.change, basedOn, { undo: null });
    },
    [apply, run, runner, undo],
  );

  return {
    preview,
    previewing,
    busy,
    error,
    accepted,
    undo,
    showPreview,
    closePreview: () => setPreview(null),
    apply,
    applyUndo,
    clearError: () => setError(null),
  };
}
