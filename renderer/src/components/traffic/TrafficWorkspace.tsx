// The Traffic screen's workspace: pick a service, set its split with sliders (locks with more
// than two versions), presets and a header rule, see the YAML and the diff, apply (live once
// MeshDeck owns the routing), take over, undo or remove; then send traffic and watch the split
// real requests take. State lives in the routing and generator stores; this lays it out.

import { presetsFor } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { routingMode } from '../../model/service-routing';
import { OBSERVED_SERVICE as OBSERVED } from '../../model/split-series';
import { generatorStore, setGenerator, startGenerator, stopGenerator, useGeneratorState } from '../../state/generator-store';
import { selectedService } from '../../state/routing-state';
import * as routing from '../../state/routing-store';
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

export function TrafficWorkspace() {
  const { client } = useCore();
  const state = routing.useRoutingState((current) => current);
  const generator = useGeneratorState((current) => current);
  const store = routing.routingStore;
  const service = selectedService(state);
  if (!service || !state.split) return null;
  const split = state.split;
  const mode = routingMode(service);
  const applying = state.phase === 'applying';
  const presets = presetsFor(split.versions);
  const showLocks = split.versions.length > 2;
  const observed = service.name === OBSERVED;
  const lastWindow = generator.windows.at(-1);
  const elapsed = generator.run && lastWindow ? (lastWindow.at + lastWindow.windowMs - Date.parse(generator.run.startedAt)) / 1000 : null;
  const foreignNames = service.objects.filter((object) => object.owner === 'foreign' && object.name === service.name);

  return (
    <>
      <section className="card traffic-split" aria-label={`Split of ${service.name}`} data-testid="traffic-split" data-mode={mode}>
        <div className="card-row">
          <ServicePicker services={state.services ?? []} selected={state.selected} onSelect={(key) => routing.selectService(client, store, key)} />
          <ApplyIndicator mode={mode} phase={state.phase} dirty={state.dirty} accepted={state.lastAccepted} error={state.applyError} service={service} />
        </div>

        <OwnershipNotice service={service} busy={applying} onTakeOver={() => routing.askTakeOver(store)} />

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
              onMove={(value) => routing.moveSlider(client, store, index, value)}
              onRelease={() => routing.releaseSlider(client, store)}
              onLock={(locked) => routing.setLock(store, index, locked)}
            />
          ))}
        </div>

        {state.headerRoute ? <HeaderRouteChip route={state.headerRoute} disabled={applying} onClear={() => routing.clearHeaderRoute(client, store)} /> : null}
        <PresetBar presets={presets} disabled={false} onChoose={(id) => routing.choosePreset(client, store, id)} />

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
          {mode === 'live' && state.phase === 'failed' && state.dirty ? (
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

        <RoutingDrawer
          preview={state.preview}
          mode={mode}
          dirty={state.dirty}
          busy={applying}
          onClose={() => routing.closePreview(store)}
          onRetry={() => void routing.refreshPreview(client, store)}
          onApply={() => routing.applyDraft(client, store)}
          onDiscard={() => routing.discardDraft(client, store)}
          onTakeOver={() => routing.askTakeOver(store)}
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
          windows={generator.windows}
          marks={observed ? state.marks : []}
          versions={observed ? split.versions : []}
          target={observed ? (state.live?.weights ?? null) : null}
          service={OBSERVED}
        />
        <GeneratorControls
          settings={generator.settings}
          run={generator.run}
          request={generator.runRequest}
          error={generator.runError}
          elapsedSeconds={elapsed}
          onChange={(settings) => setGenerator(generatorStore, settings)}
          onStart={() => void startGenerator(client, generatorStore)}
          onStop={() => void stopGenerator(client, generatorStore)}
        />
      </section>

      {state.confirmingTakeOver ? (
        <ConfirmDialog title={`Take over the routing of ${service.name}?`} confirmLabel="Take over" onConfirm={() => routing.confirmTakeOver(client, store)} onDismiss={() => routing.dismissTakeOver(store)} testId="traffic-takeover-dialog">
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
