// Asks before deleting the lab, saying what goes: on an existing cluster only what MeshDeck set
// up there; on a kind cluster the whole cluster (the downloaded tools stay cached).

import type { LabStatusInfo } from '../../../core/contract';
import { ConfirmDialog } from './ConfirmDialog';

export function DeleteLabDialog({ present, clusterName, onConfirm, onDismiss }: { present: LabStatusInfo | null; clusterName: string; onConfirm: () => void; onDismiss: () => void }) {
  return (
    <ConfirmDialog title="Delete the lab?" confirmLabel="Delete lab" testId="lab-delete-dialog" onConfirm={onConfirm} onDismiss={onDismiss}>
      {present?.provider === 'context' ? (
        <p>
          This removes what MeshDeck set up on the cluster behind context <code>{present.context}</code>. The cluster itself stays.
        </p>
      ) : (
        <p>
          This deletes the kind cluster <strong>{clusterName}</strong> and everything in it: Istio, Bookinfo, the dashboards and any changes you made. Downloaded
          tools stay cached, so creating it again is quicker.
        </p>
      )}
    </ConfirmDialog>
  );
}
