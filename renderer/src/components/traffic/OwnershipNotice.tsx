// Routing objects for this service that MeshDeck did not write. The ones MeshDeck would write
// (named after the service) can be taken over, but only by an explicit, confirmed action; other
// VirtualServices for the same host are shown and left alone.

import type { RoutingRefInfo, TrafficServiceInfo } from '../../../../core/contract';
import { Icon } from '../Icon';

function managers(objects: readonly RoutingRefInfo[]): string {
  const names = [...new Set(objects.flatMap((object) => object.managers))];
  return names.length > 0 ? names.join(', ') : 'an unknown field manager';
}

export function OwnershipNotice({ service, busy, onTakeOver }: { service: TrafficServiceInfo; busy: boolean; onTakeOver: () => void }) {
  const foreign = service.objects.filter((object) => object.owner === 'foreign');
  if (foreign.length === 0) return null;
  const inTheWay = foreign.filter((object) => object.name === service.name);
  const beside = foreign.filter((object) => object.name !== service.name);
  return (
    <div className="notice notice-warn ownership" data-testid="traffic-ownership" role="note">
      <span className="notice-icon">
        <Icon name="warn" size={20} />
      </span>
      <div className="notice-body">
        <p className="notice-title">Written by someone else: {managers(foreign)}</p>
        <ul className="ownership-list">
          {foreign.map((object) => (
            <li key={`${object.kind}/${object.name}`}>
              <code>
                {object.kind} {service.namespace}/{object.name}
              </code>{' '}
              <span className="ownership-managers">by {object.managers.join(', ') || 'unknown'}</span>
            </li>
          ))}
        </ul>
        {inTheWay.length > 0 ? (
          <p className="notice-message">MeshDeck will not overwrite {inTheWay.length === 1 ? 'it' : 'them'}. Take over to replace {inTheWay.length === 1 ? 'it' : 'them'} with MeshDeck’s routing; the current split is written as it stands.</p>
        ) : null}
        {beside.length > 0 ? (
          <p className="notice-message">
            {beside.length === 1 ? 'This VirtualService also routes' : 'These VirtualServices also route'} {service.host}; MeshDeck never changes {beside.length === 1 ? 'it' : 'them'}, and requests may follow {beside.length === 1 ? 'its' : 'their'} rules instead.
          </p>
        ) : null}
      </div>
      {inTheWay.length > 0 ? (
        <div className="notice-action">
          <button type="button" className="button button-secondary" onClick={onTakeOver} disabled={busy} data-testid="traffic-takeover">
            Take over…
          </button>
        </div>
      ) : null}
    </div>
  );
}
