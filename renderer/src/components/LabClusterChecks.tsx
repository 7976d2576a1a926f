// The two choices that only mean something for a new kind cluster: also write its context into
// the user's kubeconfig, and share the lab on the local network (with the warning that says
// what that exposes). With an existing cluster both are off and say why.

import { LAN_SHARING_WARNING } from '../../../core/contract';
import type { LabOptionsDraft } from '../model/lab-options';

export function LabClusterChecks({ id, draft, onChange }: { id: string; draft: LabOptionsDraft; onChange: (draft: LabOptionsDraft) => void }) {
  const usingContext = draft.context.trim() !== '';
  const mergeHintId = `${id}-mergeKubeconfig-hint`;
  const lanHintId = `${id}-lanSharing-hint`;
  const warnLan = draft.lanSharing && !usingContext;
  return (
    <>
      <div className="options-wide field">
        <label className="field-check" htmlFor={`${id}-mergeKubeconfig`}>
          <input
            id={`${id}-mergeKubeconfig`}
            type="checkbox"
            checked={draft.mergeKubeconfig && !usingContext}
            disabled={usingContext}
            onChange={(event) => onChange({ ...draft, mergeKubeconfig: event.target.checked })}
            aria-describedby={mergeHintId}
            data-testid="lab-option-merge-kubeconfig"
          />
          Also add the context to my kubeconfig (~/.kube/config)
        </label>
        <p className="field-hint" id={mergeHintId}>
          {usingContext
            ? 'Not used: the context you picked is in your kubeconfig already.'
            : 'Runs kind export kubeconfig once the cluster is up, which also makes kind-<name> your current context. Left off, MeshDeck keeps the cluster in its own kubeconfig and never touches yours.'}
        </p>
      </div>
      <div className="options-wide field">
        <label className="field-check" htmlFor={`${id}-lanSharing`}>
          <input
            id={`${id}-lanSharing`}
            type="checkbox"
            checked={warnLan}
            disabled={usingContext}
            onChange={(event) => onChange({ ...draft, lanSharing: event.target.checked })}
            aria-describedby={lanHintId}
            data-testid="lab-option-lan-sharing"
          />
          Share the lab on my network (LAN)
        </label>
        <p className={`field-hint${warnLan ? ' field-error' : ''}`} id={lanHintId} role={warnLan ? 'alert' : undefined} data-testid="lab-option-lan-sharing-hint">
          {usingContext ? 'Not used: MeshDeck publishes no ports of an existing cluster.' : LAN_SHARING_WARNING}
        </p>
      </div>
    </>
  );
}
