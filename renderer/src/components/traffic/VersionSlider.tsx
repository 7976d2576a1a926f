// One version's weight: a native range input (keyboard accessible: arrows, Page Up/Down,
// Home/End), labelled with the version and its weight. Dragging or holding a key reports moves;
// letting go reports one release (use-slider-gesture.ts), which is when the final value is applied.

import type { TrafficVersionInfo } from '../../../../core/contract';
import { OpenLogsButton } from '../logs/OpenLogsButton';
import { LockToggle } from './LockToggle';
import { useSliderGesture } from './use-slider-gesture';

export function VersionSlider({
  namespace,
  version,
  weight,
  slot,
  locked,
  showLock,
  onMove,
  onRelease,
  onLock,
}: {
  /** The service's namespace, for the workloads' log buttons. */
  namespace: string;
  version: TrafficVersionInfo;
  weight: number;
  slot: string;
  locked: boolean;
  showLock: boolean;
  onMove: (value: number) => void;
  onRelease: () => void;
  onLock: (locked: boolean) => void;
}) {
  const id = `traffic-slider-${version.name}`;
  const gesture = useSliderGesture(onRelease);

  const ready = `${version.ready}/${version.pods} ready`;
  return (
    <div className={`version-row series-${slot}${locked ? ' version-locked' : ''}`} data-testid={`traffic-version-${version.name}`}>
      <label className="version-name" htmlFor={id}>
        <span className="legend-swatch" aria-hidden="true" />
        {version.name}
      </label>
      <span className="version-meta">
        {version.workloads.length === 0 ? 'no workload' : version.workloads.map((workload) => <OpenLogsButton key={workload} request={{ namespace, target: `deploy/${workload}` }} testId={`traffic-logs-${workload}`} />)} · {ready}
      </span>
      <input
        id={id}
        className="version-slider"
        type="range"
        min={0}
        max={100}
        step={1}
        value={weight}
        disabled={locked}
        aria-valuetext={`${version.name}: ${weight} percent${locked ? ', locked' : ''}`}
        data-testid={id}
        onPointerDown={gesture.onPointerDown}
        onKeyDown={gesture.onKeyDown}
        onKeyUp={gesture.onKeyUp}
        onBlur={gesture.onBlur}
        onChange={(event) => {
          onMove(Number(event.currentTarget.value));
          gesture.changed();
        }}
      />
      <output className="version-weight" htmlFor={id} data-testid={`traffic-weight-${version.name}`}>
        {weight}%
      </output>
      {showLock ? <LockToggle version={version.name} locked={locked} onChange={onLock} /> : <span className="lock-placeholder" aria-hidden="true" />}
    </div>
  );
}
