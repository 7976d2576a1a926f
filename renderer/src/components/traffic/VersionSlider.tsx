// One version's weight: a native range input (keyboard accessible: arrows, Page Up/Down,
// Home/End), labelled with the version and its weight. Dragging or holding a key reports moves;
// letting go reports one release, which is when the final value is applied.

import { useEffect, useRef } from 'react';
import type { TrafficVersionInfo } from '../../../../core/contract';
import { OpenLogsButton } from '../logs/OpenLogsButton';
import { LockToggle } from './LockToggle';

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
  // While a pointer or a key is down, changes are moves; the release comes when it goes up.
  const held = useRef<'pointer' | 'key' | null>(null);
  const stopListening = useRef<(() => void) | null>(null);
  useEffect(() => () => stopListening.current?.(), []);

  function release() {
    if (held.current === null) return;
    held.current = null;
    stopListening.current?.();
    stopListening.current = null;
    onRelease();
  }

  function startPointer() {
    held.current = 'pointer';
    // The pointer may be let go outside the slider: listen on the window for this one drag.
    const end = () => release();
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    stopListening.current = () => {
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
  }

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
        onPointerDown={startPointer}
        onKeyDown={(event) => {
          if (event.key.startsWith('Arrow') || event.key.startsWith('Page') || event.key === 'Home' || event.key === 'End') held.current = 'key';
        }}
        onKeyUp={release}
        onBlur={release}
        onChange={(event) => {
          onMove(Number(event.currentTarget.value));
          // A change with nothing held (assistive technology setting the value) is a whole gesture.
          if (held.current === null) onRelease();
        }}
      />
      <output className="version-weight" htmlFor={id} data-testid={`traffic-weight-${version.name}`}>
        {weight}%
      </output>
      {showLock ? <LockToggle version={version.name} locked={locked} onChange={onLock} /> : <span className="lock-placeholder" aria-hidden="true" />}
    </div>
  );
}
