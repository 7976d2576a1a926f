// The Setup screen's part in following the cluster: the core watches the lab for this face while
// a lab is shown (see followClusterWhilePresent).
import type { Client } from '../../../core/contract';
import type { LabStore } from './lab-store';

export /**
 * While a lab is shown, the core follows its cluster for this face (traffic.follow, released
 * when the face goes), so a lab deleted from a terminal or another tab turns Setup, Traffic and
 * the streams into "the lab is gone" whichever screen is open. Followed again for a lab that
 * came back (its clients are new) and after a reconnect (a new face for the core).
 */
function followClusterWhilePresent(client: Pick<Client, 'call'>, store: LabStore): { reset(): void; stop(): void } {
  let followed = false;
  const check = () => {
    const { status } = store.getState().state;
    if (status.kind === 'absent') followed = false;
    if (status.kind !== 'present' || !status.status.exists || followed) return;
    followed = true;
    client.call('traffic.follow', {}).catch(() => {
      // No lab to follow after all: the next status read tries again.
      followed = false;
    });
  };
  const unsubscribe = store.subscribe(check);
  return {
    reset: () => {
      followed = false;
    },
    stop: unsubscribe,
  };
}
