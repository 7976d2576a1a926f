// Deletes the VirtualService and DestinationRule MeshDeck wrote for the service, after a
// confirmation. Objects someone else wrote are never deleted.

import type { TrafficServiceInfo } from '../../../../core/contract';
import type { RemoveView } from '../../state/routing-state';
import { ConfirmDialog } from '../ConfirmDialog';
import { Icon } from '../Icon';

export function RemoveRoutingButton({ service, remove, disabled, onAsk, onConfirm, onDismiss }: { service: TrafficServiceInfo; remove: RemoveView; disabled: boolean; onAsk: () => void; onConfirm: () => void; onDismiss: () => void }) {
  const ours = service.objects.filter((object) => object.owner === 'meshdeck');
  return (
    <>
      <button type="button" className="button button-quiet" disabled={disabled || ours.length === 0 || remove.kind === 'removing'} onClick={onAsk} data-testid="traffic-remove">
        <Icon name="trash" size={16} />
        {remove.kind === 'removing' ? 'Removing…' : 'Remove routing'}
      </button>
      {remove.kind === 'confirming' ? (
        <ConfirmDialog title={`Remove MeshDeck’s routing for ${service.name}?`} confirmLabel="Remove routing" onConfirm={onConfirm} onDismiss={onDismiss} testId="traffic-remove-dialog">
          <p>
            MeshDeck deletes what it wrote:{' '}
            {ours.map((object, index) => (
              <span key={`${object.kind}/${object.name}`}>
                {index > 0 ? ' and ' : ''}
                <code>
                  {object.kind} {object.name}
                </code>
              </span>
            ))}
            . Requests for {service.name} then go to the pods of every version, as Kubernetes spreads them.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
