// Small line icons drawn inline (the CSP allows no external or inline-styled SVG files).
// Shapes differ per status so status never depends on colour alone.

import type { FindingStatus } from '../../../core/contract';
import type { SectionId } from '../model/sections';

export type IconName =
  | SectionId
  | FindingStatus
  | 'copy'
  | 'check'
  | 'refresh'
  | 'stop'
  | 'plug'
  | 'info'
  | 'logo'
  | 'pending'
  | 'reused'
  | 'cancelled'
  | 'external'
  | 'chevron'
  | 'trash'
  | 'play'
  | 'lock'
  | 'unlock'
  | 'undo';

const PATHS: Record<IconName, string[]> = {
  logo: ['M12 3l7.8 4.5v9L12 21l-7.8-4.5v-9z', 'M12 8.2v7.6', 'M8.7 10.1l6.6 3.8', 'M15.3 10.1l-6.6 3.8'],
  setup: ['M9 6h11', 'M9 12h11', 'M9 18h11', 'M3.5 6l1.2 1.2L7 5', 'M3.5 12l1.2 1.2L7 11', 'M3.5 18l1.2 1.2L7 17'],
  traffic: ['M3 12h6', 'M9 12c3 0 4-5 8-5h4', 'M9 12c3 0 4 5 8 5h4', 'M18 4l3 3-3 3', 'M18 14l3 3-3 3'],
  dashboards: ['M4 4h16v16H4z', 'M4 10h16', 'M10 10v10'],
  logs: ['M4 5h16v14H4z', 'M7.5 10l3 2.5-3 2.5', 'M12.5 15H16'],
  workshop: ['M2.5 9L12 4.5 21.5 9 12 13.5z', 'M6.5 11v5c3 2.4 8 2.4 11 0v-5', 'M21.5 9v5.5'],
  ok: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M7.8 12.3l2.8 2.8 5.6-5.8'],
  warn: ['M12 3.5L22 20.5H2z', 'M12 10v4.5', 'M12 17.3v.2'],
  fail: ['M8.3 3h7.4L21 8.3v7.4L15.7 21H8.3L3 15.7V8.3z', 'M9 9l6 6', 'M15 9l-6 6'],
  skipped: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M8 12h8'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  refresh: ['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4.5V11h-6.5'],
  stop: ['M6 6h12v12H6z'],
  plug: ['M9 3v5', 'M15 3v5', 'M6 8h12v3a6 6 0 0 1-12 0z', 'M12 17v4'],
  info: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 11v5.5', 'M12 7.7v.2'],
  pending: ['M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16z'],
  reused: ['M2.5 12.5l4 4L15 8', 'M10.5 15.5l1 1L21 8'],
  cancelled: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M5.6 18.4L18.4 5.6'],
  external: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'],
  chevron: ['M9 6l6 6-6 6'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13', 'M10 11v5.5', 'M14 11v5.5'],
  play: ['M7 4.5v15L19.5 12z'],
  lock: ['M5.5 11h13v9.5h-13z', 'M8.5 11V7.5a3.5 3.5 0 0 1 7 0V11'],
  unlock: ['M5.5 11h13v9.5h-13z', 'M8.5 11V7.5a3.5 3.5 0 0 1 6.8-1.2'],
  undo: ['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
};

export function Icon({ name, size = 18, label }: { name: IconName; size?: number; label?: string }) {
  return (
    <svg
      className={`icon icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
