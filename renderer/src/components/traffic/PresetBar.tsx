// The splits from Istio's traffic-shifting tasks that fit this service's versions, one click each.

import type { TrafficPreset } from '../../../../core/contract';

export function PresetBar({ presets, disabled, onChoose }: { presets: readonly TrafficPreset[]; disabled: boolean; onChoose: (id: string) => void }) {
  if (presets.length === 0) return null;
  return (
    <div className="preset-bar" role="group" aria-label="Presets from the Istio tasks">
      <span className="preset-label">Presets</span>
      {presets.map((preset) => (
        <button key={preset.id} type="button" className="chip" disabled={disabled} onClick={() => onChoose(preset.id)} data-testid={`traffic-preset-${preset.id}`}>
          {preset.label}
        </button>
      ))}
    </div>
  );
}
