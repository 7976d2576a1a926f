// Keeps one version's weight while the others move (offered with more than two versions,
// where "the rest" is ambiguous). A toggle button: aria-pressed says whether it is locked.

import { Icon } from '../Icon';

export function LockToggle({ version, locked, onChange }: { version: string; locked: boolean; onChange: (locked: boolean) => void }) {
  return (
    <button
      type="button"
      className={`lock-toggle${locked ? ' lock-toggle-on' : ''}`}
      aria-pressed={locked}
      aria-label={`Lock ${version}'s weight`}
      title={locked ? `${version} is locked: moving other sliders keeps its weight` : `Lock ${version}: keep its weight while others move`}
      onClick={() => onChange(!locked)}
      data-testid={`traffic-lock-${version}`}
    >
      <Icon name={locked ? 'lock' : 'unlock'} size={15} />
    </button>
  );
}
