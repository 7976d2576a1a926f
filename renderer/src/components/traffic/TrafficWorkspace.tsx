// The Traffic screen's workspace: pick a service, set its split with sliders (locks with more
// than two versions), presets and a header rule, see the YAML and the diff, apply (live once
// MeshDeck owns the routing), take over, undo or remove; then send traffic and watch the split
// real requests take; below, the service's policies and security. State lives in the routing and generator stores; this lays it out.

import { presetsFor } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { routingMode } from '../../model/service-routing';
import { isStale, selectedService } from '../../state/routing-state';
import * as routing from '../../state/routing-store';
import { ApplyIndicator } from './ApplyIndicator';
import { HeaderRouteChip } from './HeaderRouteChip';
import { ObservedTraffic } from './ObservedTraffic';
import { OwnershipNotice } from './OwnershipNotice';
import { PoliciesPanel } from './PoliciesPanel';
import { PresetBar } from './PresetBar';
import { RoutingDrawer } from './RoutingDrawer';
import { ServicePicker } from './ServicePicker';
import { SplitActions } from './SplitActions';
import { TakeOverDialog } from './TakeOverDialog';
import { VersionSliders } from './VersionSliders';

export function TrafficWorkspace() {
  const { client } = useCore();
  const state = routing.useRoutingState((current) => current);
  const store = routing.routingStore;
  const service = selectedService(state);
  if (!service || !state.split) return null;
  const split = state.split;
  const mode = routingMode(service);
  const applying = state.phase === 'applying';
  const stale = isStale(state);

  // Two columns on a projector-wide screen: the controls and policies beside the charts that show
  // their effect (traffic.css); one column, the charts after the split, when narrower.
  return (
    <div className="traffic-workspace" data-testid="traffic-workspace">
      <div className="traffic-column traffic-column-controls">
        <section className="card traffic-split" aria-label={`Split of ${service.name}`} data-testid="traffic-split" data-mode={mode}>
          <div className="card-row">
            <ServicePicker services={state.services ?? []} selected={state.selected} onSelect={(key) => routing.selectService(client, store, key)} />
            <ApplyIndicator
              mode={mode}
              phase={state.phase}
              dirty={state.dirty}
              accepted={state.lastAccepted}
              error={state.applyError}
              service={service}
              stale={stale}
              changedElsewhereAt={state.changedElsewhereAt}
            />
          </div>

          <OwnershipNotice service={service} busy={applying} onTakeOver={() => routing.askTakeOver(store)} />
          <VersionSliders service={service} split={split} />

          {state.headerRoute ? <HeaderRouteChip route={state.headerRoute} disabled={applying} onClear={() => routing.clearHeaderRoute(client, store)} /> : null}
          <PresetBar presets={presetsFor(split.versions)} disabled={false} onChoose={(id) => routing.choosePreset(client, store, id)} />

          <SplitActions state={state} service={service} mode={mode} />

          <RoutingDrawer
            preview={state.preview}
            mode={mode}
            dirty={state.dirty}
            busy={applying}
            stale={stale}
            onClose={() => routing.closePreview(store)}
            onRetry={() => void routing.refreshPreview(client, store)}
            onApply={() => routing.applyDraft(client, store)}
            onDiscard={() => routing.discardDraft(client, store)}
            onTakeOver={() => routing.askTakeOver(store)}
          />
        </section>
        <PoliciesPanel key={`${service.namespace}/${service.name}`} service={service} />
      </div>

      <div className="traffic-column traffic-column-charts">
        <ObservedTraffic state={state} service={service} split={split} />
      </div>

      {state.confirmingTakeOver ? (
        <TakeOverDialog service={service} split={split} onConfirm={() => routing.confirmTakeOver(client, store)} onDismiss={() => routing.dismissTakeOver(store)} />
      ) : null}
    </div>
  );
}
