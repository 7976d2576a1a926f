// Asks before deleting the lab, saying what goes and what stays: the core's own list
// (`lab.removal`) once it is read; until then, or when it cannot be read, in general terms: on an
// existing cluster only what MeshDeck set up there, on a kind cluster the whole cluster.

import type { LabRemovalInfo, LabStatusInfo } from '../../../core/contract';
import { ConfirmDialog } from './ConfirmDialog';

function RemovalList({ removal }: { removal: LabRemovalInfo }) {
  return (
    <>
      <p>This removes:</p>
      <ul className="removal-items" data-testid="lab-removal-items">
        {removal.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      {removal.kept.length > 0 ? (
        <>
          <p>It keeps:</p>
          <ul className="removal-items" data-testid="lab-removal-kept">
            {removal.kept.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function DeleteLabDialog({ present, removal, clusterName, onConfirm, onDismiss }: { present: LabStatusInfo | null; removal: LabRemovalInfo | null; clusterName: string; onConfirm: () => void; onDismiss: () => void }) {
  const onOwnCluster = (removal?.provider ?? present?.provider) === 'context';
  return (
    <ConfirmDialog title={onOwnCluster ? 'Remove MeshDeck from your cluster?' : 'Delete the lab?'} confirmLabel={onOwnCluster ? 'Remove' : 'Delete lab'} testId="lab-delete-dialog" onConfirm={onConfirm} onDismiss={onDismiss}>
      {removal ? (
        <RemovalList removal={removal} />
      ) : onOwnCluster ? (
        <p>
          This removes what MeshDeck set up on the cluster behind context <code>{present?.context}</code>. The cluster itself stays.
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
