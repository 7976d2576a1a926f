// "What real requests do": the chart of the split real requests take for the selected service
// against its target — what the mesh's telemetry reports (any service) and, for reviews, what the
// generator read from the page — and the generator that sends them.

import type { SplitState, TrafficServiceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { KEPT_WINDOWS, OBSERVED_SERVICE as OBSERVED } from '../../model/split-series';
import { generatorStore, setGenerator, startGenerator, stopGenerator, useGeneratorState, type GeneratorState } from '../../state/generator-store';
import type { RoutingState } from '../../state/routing-state';
import { GeneratorControls } from './GeneratorControls';
import { SplitChart } from './SplitChart';
import { useTelemetrySeries } from './use-telemetry-series';

/** Seconds the current run has covered, by the end of its newest window. */
function elapsedSeconds(generator: GeneratorState): number | null {
  const lastWindow = generator.windows.at(-1);
  return generator.run && lastWindow ? (lastWindow.at + lastWindow.windowMs - Date.parse(generator.run.startedAt)) / 1000 : null;
}

export function ObservedTraffic({ state, service, split }: { state: RoutingState; service: TrafficServiceInfo; split: SplitState }) {
  const { client } = useCore();
  const generator = useGeneratorState((current) => current);
  const observed = service.name === OBSERVED;
  // The same span as the generator's kept windows, so both sources share the time axis.
  const telemetry = useTelemetrySeries(client, service.name, service.namespace, KEPT_WINDOWS);
  return (
    <section className="card traffic-observe" aria-label="Observed traffic">
      <header className="card-head">
        <h2 className="section-title">What real requests do</h2>
        <p className="section-subtitle">
          {observed
            ? 'The generator asks the product page through the ingress gateway and tells which reviews version answered from the stars on the page (none for v1, black for v2, red for v3). The dotted lines are what the mesh itself reports, from any client.'
            : `The chart shows what the mesh itself reports for ${service.name} (Istio's request metrics in Prometheus), from any client: the generator's requests to the product page reach it too. The generator tells only reviews versions apart by the page.`}
        </p>
      </header>
      <SplitChart
        windows={generator.windows}
        marks={state.marks}
        versions={split.versions}
        target={state.live?.weights ?? null}
        service={service.name}
        classified={observed}
        telemetry={telemetry}
        rangeSeconds={KEPT_WINDOWS}
      />
      <GeneratorControls
        settings={generator.settings}
        run={generator.run}
        request={generator.runRequest}
        error={generator.runError}
        elapsedSeconds={elapsedSeconds(generator)}
        onChange={(settings) => setGenerator(generatorStore, settings)}
        onStart={() => void startGenerator(client, generatorStore)}
        onStop={() => void stopGenerator(client, generatorStore)}
      />
    </section>
  );
}
