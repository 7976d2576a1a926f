// One slider per version of the selected service; with more than two versions each can be
// locked, so moving one slider only shifts weight among the unlocked others.

import type { SplitState, TrafficServiceInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import * as routing from '../../state/routing-store';
import { seriesSlot } from './chart-colors';
import { VersionSlider } from './VersionSlider';

export function VersionSliders({ service, split }: { service: TrafficServiceInfo; split: SplitState }) {
  const { client } = useCore();
  const store = routing.routingStore;
  const showLocks = split.versions.length > 2;
  return (
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
  );
}
