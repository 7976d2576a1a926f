// Pause and Follow in one button: pausing stops writing new lines (they are held), following
// writes what came meanwhile and keeps to the end again.

import { dispatchLogs, useLogsState } from '../../state/logs-store';
import { Icon } from '../Icon';

export function LogFollowButton() {
  const following = useLogsState((state) => state.paused === null);
  // Following means something only while lines can come (or wait, held, behind a pause).
  const canFollow = useLogsState((state) => state.stream.phase === 'open' || state.stream.phase === 'opening' || state.paused !== null);
  return (
    <button
      type="button"
      className={`log-tool log-follow${following ? '' : ' log-follow-paused'}`}
      onClick={() => dispatchLogs(following ? { type: 'paused', reason: 'user' } : { type: 'resumed' })}
      disabled={!canFollow}
      data-testid="logs-follow"
      data-state={following ? 'following' : 'paused'}
      aria-pressed={!following}
      title={following ? 'Stop writing new lines (scrolling up does this too)' : 'Write the lines that came meanwhile and follow again'}
    >
      <Icon name={following ? 'stop' : 'play'} size={13} />
      {following ? 'Pause' : 'Follow'}
    </button>
  );
}
