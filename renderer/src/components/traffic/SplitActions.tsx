// The row under the sliders: undo, show the YAML, apply a draft, go back to the cluster's split
// after a failed live apply or when the split is stale (another writer changed the routing since
// it was made), and remove MeshDeck's routing; then what removing did.

import type { TrafficServiceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { isStale, type RoutingMode, type RoutingState } from '../../state/routing-state';
import * as routing from '../../state/routing-store';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { RemoveRoutingButton } from './RemoveRoutingButton';
import { UndoButton } from './UndoButton';

export function SplitActions({ state, service, mode }: { state: RoutingState; service: TrafficServiceInfo; mode: RoutingMode }) {
  const { client } = useCore();
  const store = routing.routingStore;
  const applying = state.phase === 'applying';
  return (
    <>
      <div className="split-actions">
        <UndoButton previous={state.undo.at(-1) ?? null} disabled={applying || mode !== 'live'} onUndo={() => routing.undo(client, store)} />
        {state.preview.kind === 'closed' ? (
          <button type="button" className="button button-secondary" onClick={() => void routing.openPreview(client, store)} data-testid="traffic-preview">
            Show YAML and diff
          </button>
        ) : null}
        {mode === 'draft' && state.dirty && state.preview.kind === 'closed' ? (
          <button type="button" className="button button-primary" onClick={() => routing.applyDraft(client, store)} disabled={applying} data-testid="traffic-apply">
            <Icon name="check" size={16} />
            Apply
          </button>
        ) : null}
        {(mode === 'live' && state.phase === 'failed' && state.dirty) || (isStale(state) && !applying) ? (
          <button type="button" className="button button-quiet" onClick={() => routing.discardDraft(client, store)} data-testid="traffic-back-to-cluster">
            Back to the cluster’s split
          </button>
        ) : null}
        <span className="split-actions-spacer" />
        <RemoveRoutingButton
          service={service}
          remove={state.remove}
          disabled={applying}
          onAsk={() => routing.askRemove(store)}
          onConfirm={() => void routing.confirmRemove(client, store)}
          onDismiss={() => routing.dismissRemove(store)}
        />
      </div>
      {state.remove.kind === 'removed' ? (
        <p className="split-note" role="status" data-testid="traffic-removed">
          Removed {state.remove.info.removed.map((object) => `${object.kind} ${object.name}`).join(' and ') || 'nothing: MeshDeck had written nothing for this service'}.
        </p>
      ) : null}
      {state.remove.kind === 'error' ? <ErrorNotice error={state.remove.error} /> : null}
    </>
  );
}
