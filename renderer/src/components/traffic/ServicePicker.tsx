// Which service to steer: the services of the lab's namespace that have versioned workloads,
// the ones with more than one version first.

import type { TrafficServiceInfo } from '../../../../core/contract';
import { serviceKey, type ServiceKey } from '../../model/service-routing';

function describe(service: TrafficServiceInfo): string {
  const count = service.versions.length;
  return `${service.name} — ${count} version${count === 1 ? '' : 's'} (${service.versions.map((v) => v.name).join(', ')})`;
}

export function ServicePicker({ services, selected, onSelect }: { services: readonly TrafficServiceInfo[]; selected: ServiceKey | null; onSelect: (key: ServiceKey) => void }) {
  const current = services.find((service) => serviceKey(service) === selected);
  return (
    <div className="service-picker field">
      <label className="field-label" htmlFor="traffic-service">
        Service
      </label>
      <select id="traffic-service" className="input" value={selected ?? ''} onChange={(event) => onSelect(event.currentTarget.value)} data-testid="traffic-service">
        {services.map((service) => (
          <option key={serviceKey(service)} value={serviceKey(service)}>
            {describe(service)}
          </option>
        ))}
      </select>
      {current ? (
        <span className="field-hint">
          Host <code>{current.host}</code>
        </span>
      ) : null}
    </div>
  );
}
