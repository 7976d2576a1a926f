// "What real requests do": the chart of the split real requests take (always of reviews, the
// service the generator can tell versions apart for) against its target, and the generator
// that sends them.

import type { SplitState, TrafficServiceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { OBSERVED_SERVICE as OBSERVED } from '../../model/split-series';
import { generatorStore, setGenerator, startGenerator, stopGenerator, useGeneratorState, type GeneratorState } from '../../state/generator-store';
import type { RoutingState } from '../../state/routing-state';
import { GeneratorControls } from './GeneratorControls';
import { SplitChart } from './SplitChart';

/** Seconds the current run has covered, by the end of its newest window. */
function elapsedSeconds(generator: GeneratorState): number | null {
  const lastWindow = generator.windows.at(-1);
  return generator.run && lastWindow ? (lastWindow.at + lastWindow.windowMs - Date.parse(generator.run.startedAt)) / 1000 : null;
}

export function ObservedTraffic({ state, service, split }: { state: RoutingState; service: TrafficServiceInfo; split: SplitState }) {
  const { client } = useCore();
  const generator = useGeneratorState((current) => current);
  const observed = service.name === OBSERVED;
  return (
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
        elapsedSeconds={elapsedSeconds(generator)}
        onChange={(settings) => setGenerator(generatorStore, settings)}
        onStart={() => void startGenerator(client, generatorStore)}
        onStop={() => void stopGenerator(client, generatorStore)}
      />
    </section>
  );
}
