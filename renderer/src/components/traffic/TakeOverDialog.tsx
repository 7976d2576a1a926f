// Asks before MeshDeck replaces routing objects someone else wrote: whose they are, what
// MeshDeck writes instead, and that their rules it does not write (retries, faults) are lost.

import type { SplitState, TrafficServiceInfo } from '../../../../core/contract';
import { ConfirmDialog } from '../ConfirmDialog';

export function TakeOverDialog({ service, split, onConfirm, onDismiss }: { service: TrafficServiceInfo; split: SplitState; onConfirm: () => void; onDismiss: () => void }) {
  const foreignNames = service.objects.filter((object) => object.owner === 'foreign' && object.name === service.name);
  return (
    <ConfirmDialog title={`Take over the routing of ${service.name}?`} confirmLabel="Take over" onConfirm={onConfirm} onDismiss={onDismiss} testId="traffic-takeover-dialog">
      <p>
        {foreignNames.map((object) => `${object.kind} ${object.name}`).join(' and ') || 'These objects'} {foreignNames.length === 1 ? 'was' : 'were'} written by{' '}
        <strong>{[...new Set(foreignNames.flatMap((object) => object.managers))].join(', ') || 'someone else'}</strong>. MeshDeck replaces{' '}
        {foreignNames.length === 1 ? 'it' : 'them'} with its own routing for the split shown ({split.versions.map((version, index) => `${version} ${split.weights[index]}%`).join(', ')}). Rules of
        theirs that MeshDeck does not write, such as retries or fault injection, are lost.
      </p>
    </ConfirmDialog>
  );
}
