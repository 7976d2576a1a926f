// One line under the log terminal: what is streaming (or why not), from how many sources, how
// many lines were written and how many the core had to drop because the viewer fell behind.

import { logsStore, useLogsState } from '../../state/logs-store';

function describePhase(phase: string, ended: { reason: string; message?: string } | null, follow: boolean): string {
  switch (phase) {
    case 'idle':
      return 'Not streaming';
    case 'opening':
      return 'Opening…';
    case 'open':
      return follow ? 'Streaming' : 'Reading';
    case 'ended':
      if (ended?.reason === 'complete') return 'End of log';
      if (ended?.reason === 'error') return 'Stopped';
      return 'Closed';
    default:
      return 'Could not open';
  }
}

export function LogStatusLine() {
  const stream = useLogsState((state) => state.stream);
  const target = useLogsState((state) => state.target);
  const container = useLogsState((state) => state.container);
  const follow = useLogsState((state) => state.follow);
  const previous = useLogsState((state) => state.previous);
  const paused = useLogsState((state) => state.paused);
  const phase = describePhase(stream.phase, stream.ended, follow);
  const live = stream.phase === 'open' && paused === null;
  return (
    <p className="log-status" data-testid="logs-status" data-phase={stream.phase}>
      <span className={`log-status-dot log-status-${live ? 'live' : stream.phase}`} aria-hidden="true" />
      <span className="log-status-phase">{paused && stream.phase === 'open' ? 'Paused' : phase}</span>
      {target ? (
        <span className="log-status-target">
          {target}
          {container ? ` · ${container}` : ''}
          {previous ? ' · previous instance' : ''}
        </span>
      ) : null}
      {stream.sources > 1 ? <span>{stream.sources} sources</span> : null}
      <span className="log-status-spacer" />
      <span data-testid="logs-line-count">{stream.lines.toLocaleString('en-US')} lines</span>
      <span className={stream.dropped > 0 ? 'log-status-dropped' : 'log-status-quiet'} data-testid="logs-dropped" data-count={stream.dropped} title="Lines the core dropped because the viewer fell behind">
        {stream.dropped.toLocaleString('en-US')} dropped
      </span>
      {stream.ended?.reason === 'error' && stream.ended.message ? <span className="log-status-error">{stream.ended.message}</span> : null}
      {stream.phase === 'ended' ? (
        <button type="button" className="log-status-action" onClick={() => logsStore.getState().dispatch({ type: 'reopen' })} data-testid="logs-read-again">
          Read again
        </button>
      ) : null}
    </p>
  );
}
