// The buttons under a policy or security form: preview what MeshDeck writes, apply, undo the last
// applied change; and a line saying when the cluster last accepted one.

import type { PolicyApplyInfo } from '../../../../core/contract';

export interface PolicyActionsProps {
  testId: string;
  disabled: boolean;
  busy: boolean;
  previewing: boolean;
  undoLabel: string | null;
  accepted: PolicyApplyInfo | null;
  onPreview(): void;
  onApply(): void;
  onUndo(): void;
}

function acceptedText(accepted: PolicyApplyInfo): string {
  const changed = accepted.objects.filter((object) => object.action !== 'unchanged');
  const what = changed.length === 0 ? 'nothing changed' : changed.map((object) => `${object.kind} ${object.name} ${object.action}`).join(', ');
  return `Applied at ${new Date(accepted.acceptedAt).toLocaleTimeString([], { hour12: false })}: ${what}.`;
}

export function PolicyActions({ testId, disabled, busy, previewing, undoLabel, accepted, onPreview, onApply, onUndo }: PolicyActionsProps) {
  return (
    <div className="policy-actions">
      <button type="button" className="button button-secondary" disabled={disabled || busy || previewing} onClick={onPreview} data-testid={`${testId}-preview-button`}>
        Preview
      </button>
      <button type="button" className="button button-primary" disabled={disabled || busy} onClick={onApply} data-testid={`${testId}-apply`}>
        {busy ? 'Applying…' : 'Apply'}
      </button>
      {undoLabel ? (
        <button type="button" className="button button-quiet" disabled={busy} onClick={onUndo} data-testid={`${testId}-undo`}>
          {undoLabel}
        </button>
      ) : null}
      {accepted ? (
        <p className="field-hint" role="status" data-testid={`${testId}-accepted`}>
          {acceptedText(accepted)}
        </p>
      ) : null}
    </div>
  );
}
