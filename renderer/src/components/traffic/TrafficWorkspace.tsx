// The Traffic screen's workspace: pick a service, set its split with sliders (locks with more
// than two versions), presets and a header rule, see the YAML and the diff, apply (live once
// MeshDeck owns the routing), take over, undo or remove; then send traffic and watch the split
// real requests take. State lives in the traffic store; this lays it out.

import { presetsFor } from '../../../../core/contract';
import { OBSERVED_SERVICE as OBSERVED } from '../../model/split-series';
import { routingMode, selectedService, useTrafficState, type TrafficActions } from '../../state/traffic-store';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { ApplyIndicator } from './ApplyIndicator';
import { seriesSlot } from './chart-colors';
import { GeneratorControls } from './GeneratorControls';
import { HeaderRouteChip } from './HeaderRouteChip';
import { OwnershipNotice } from './OwnershipNotice';
import { PresetBar } from './PresetBar';
import { RemoveRoutingButton } from './RemoveRoutingButton';
import { RoutingDrawer } from './RoutingDrawer';
import { ServicePicker } from './ServicePicker';
import { SplitChart } from './SplitChart';
import { UndoButton } from './UndoButton';
import { VersionSlider } from './VersionSlider';

export function TrafficWorkspace({ actions }: { actions: TrafficActions }) {
  const state = useTrafficState((current) => current);
  const service = selectedService(state);
  if (!service || !state.split) return null;
  const split = state.split;
  const mode = routingMode(service);
  const applying = state.phase === 'applying';
  const presets = presetsFor(split.versions);
  const showLocks = split.versions.length > 2;
  const observed = service.name === OBSERVED;
  const lastWindow = state.windows.at(-1);
  const elapsed = state.run && lastWindow ? (lastWindow.at + lastWindow.windowMs - Date.parse(state.run.startedAt)) / 1000 : null;
  const foreignNames = service.objects.filter((object) => object.owner === 'foreign' && object.name === service.name);

  return (
    <>
      <section className="card traffic-split" aria-label={`Split of ${service.name}`} data-testid="traffic-split" data-mode={mode}>
        <div className="card-row">
          <ServicePicker services={state.services ?? []} selected={state.selected} onSelect={(key) => actions.selectService(key)} />
          <ApplyIndicator mode={mode} phase={state.phase} dirty={state.dirty} accepted={state.lastAccepted} error={state.applyError} service={service} />
        </div>

        <OwnershipNotice service={service} busy={applying} onTakeOver={() => actions.askTakeOver()} />

        <div className="sliders" role="group" aria-label={`Weights of the ${service.name} versions, in percent; they always add up to 100`}>
          {service.versions.map((version, index) => (
            <VersionSlider
              key={version.name}
              namespace={service.namespace}
              version={version}
              weight={split.weights[index] ?? 0}
              slot={seriesSlot(version.name, index)}
              locked={split.locked[index] ?? false}
              showLock={showLocks}
              onMove={(value) => actions.moveSlider(index, value)}
              onRelease={() => actions.releaseSlider()}
              onLock={(locked) => actions.setLock(index, locked)}
            />
          ))}
        </div>

        {state.headerRoute ? <HeaderRouteChip route={state.headerRoute} disabled={applying} onClear={() => actions.clearHeaderRoute()} /> : null}
        <PresetBar presets={presets} disabled={false} onChoose={(id) => actions.choosePreset(id)} />

        <div className="split-actions">
          <UndoButton previous={state.undo.at(-1) ?? null} disabled={applying || mode !== 'live'} onUndo={() => actions.undo()} />
          {state.preview.kind === 'closed' ? (
            <button type="button" className="button button-secondary" onClick={() => void actions.openPreview()} data-testid="traffic-preview">
              Show YAML and diff
            </button>
          ) : null}
          {mode === 'draft' && state.dirty && state.preview.kind === 'closed' ? (
            <button type="button" className="button button-primary" onClick={() => actions.applyDraft()} disabled={applying} data-testid="traffic-apply">
              <Icon name="check" size={16} />
              Apply
            </button>
          ) : null}
          {mode === 'live' && state.phase === 'failed' && state.dirty ? (
            <button type="button" className="button button-quiet" onClick={() => actions.discardDraft()} data-testid="traffic-back-to-cluster">
              Back to the cluster’s split
            </button>
          ) : null}
          <span className="split-actions-spacer" />
          <RemoveRoutingButton
            service={service}
            remove={state.remove}
            disabled={applying}
            onAsk={() => actions.askRemove()}
            onConfirm={() => void actions.confirmRemove()}
            onDismiss={() => actions.dismissRemove()}
          />
        </div>
        {state.remove.kind === 'removed' ? (
          <p className="split-note" role="status" data-testid="traffic-removed">
            Removed {state.remove.info.removed.map((object) => `${object.kind} ${object.name}`).join(' and ') || 'nothing: MeshDeck had written nothing for this service'}.
          </p>
        ) : null}
        {state.remove.kind === 'error' ? <ErrorNotice error={state.remove.error} /> : null}

        <RoutingDrawer
          preview={state.preview}
          mode={mode}
          dirty={state.dirty}
          busy={applying}
          onClose={() => actions.closePreview()}
          onRetry={() => void actions.refreshPreview()}
          onApply={() => actions.applyDraft()}
          onDiscard={() => actions.discardDraft()}
          onTakeOver={() => actions.askTakeOver()}
        />
      </section>

      <section className="card traffic-observe" aria-label="Observed traffic">
        <header className="card-head">
          <h2 className="section-title">What real requests do</h2>
          <p className="section-subtitle">
            {observed
              ? 'The generator asks the product page through the ingress gateway and tells which reviews version answered from the stars on the page (none for v1, black for v2, red for v3).'
              : `The generator tells reviews versions apart (by the stars on the product page), so the chart shows reviews, not ${service.name}. Pick reviews to compare with its target.`}
          </p>
        </header>
        <SplitChart
          windows={state.windows}
          marks={observed ? state.marks : []}
          versions={observed ? split.versions : []}
          target={observed ? (state.live?.weights ?? null) : null}
          service={OBSERVED}
        />
        <GeneratorControls
          settings={state.generator}
          run={state.run}
          request={state.runRequest}
          error={state.runError}
          elapsedSeconds={elapsed}
          onChange={(settings) => actions.setGenerator(settings)}
          onStart={() => void actions.startGenerator()}
          onStop={() => void actions.stopGenerator()}
        />
      </section>

      {state.confirmingTakeOver ? (
        <ConfirmDialog title={`Take over the routing of ${service.name}?`} confirmLabel="Take over" onConfirm={() => actions.confirmTakeOver()} onDismiss={() => actions.dismissTakeOver()} testId="traffic-takeover-dialog">
          <p>
            {foreignNames.map((object) => `${object.kind} ${object.name}`).join(' and ') || 'These objects'} {foreignNames.length === 1 ? 'was' : 'were'} written by{' '}
            <strong>{[...new Set(foreignNames.flatMap((object) => object.managers))].join(', ') || 'someone else'}</strong>. MeshDeck replaces{' '}
            {foreignNames.length === 1 ? 'it' : 'them'} with its own routing for the split shown ({split.versions.map((version, index) => `${version} ${split.weights[index]}%`).join(', ')}). Rules of
            theirs that MeshDeck does not write, such as retries or fault injection, are lost.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
