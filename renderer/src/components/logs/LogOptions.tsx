// How to read the log: keep following, how far back (tail, since), with timestamps, the
// previous instance of a restarted container, and how many lines the viewer keeps. Changing
// any of them opens the stream again; all but follow and previous are remembered.

import { SCROLLBACK_CHOICES, SINCE_CHOICES, TAIL_CHOICES, type SinceChoice, type TailChoice } from '../../model/log-settings';
import { canShowPrevious, logsStore, useLogsState } from '../../state/logs-store';

const TAIL_WORDS: Record<TailChoice, string> = { '100': 'Last 100 lines', '1000': 'Last 1,000 lines', all: 'All lines' };
const SINCE_WORDS: Record<SinceChoice, string> = { '5m': 'Last 5 minutes', '1h': 'Last hour', all: 'Any time' };

function dispatch(action: Parameters<ReturnType<typeof logsStore.getState>['dispatch']>[0]): void {
  logsStore.getState().dispatch(action);
}

export function LogOptions() {
  const follow = useLogsState((state) => state.follow);
  const previous = useLogsState((state) => state.previous);
  const previousAllowed = useLogsState(canShowPrevious);
  const settings = useLogsState((state) => state.settings);
  const scrollbackChoices: readonly number[] = SCROLLBACK_CHOICES.includes(settings.scrollback as (typeof SCROLLBACK_CHOICES)[number])
    ? SCROLLBACK_CHOICES
    : [...SCROLLBACK_CHOICES, settings.scrollback].sort((a, b) => a - b);
  return (
    <div className="log-options" role="group" aria-label="Log options">
      <label className="field-check" title="Keep the stream open and show new lines as they are written (kubectl logs -f)">
        <input type="checkbox" checked={follow} onChange={(event) => dispatch({ type: 'option-changed', follow: event.target.checked })} data-testid="logs-option-follow" />
        Follow new lines
      </label>
      <label className="log-inline-field">
        <span>From</span>
        <select
          className="input"
          value={settings.tail}
          onChange={(event) => dispatch({ type: 'settings-changed', settings: { tail: event.target.value as TailChoice } })}
          data-testid="logs-tail"
        >
          {TAIL_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {TAIL_WORDS[choice]}
            </option>
          ))}
        </select>
      </label>
      <label className="log-inline-field">
        <span>Since</span>
        <select
          className="input"
          value={settings.since}
          onChange={(event) => dispatch({ type: 'settings-changed', settings: { since: event.target.value as SinceChoice } })}
          data-testid="logs-since"
        >
          {SINCE_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {SINCE_WORDS[choice]}
            </option>
          ))}
        </select>
      </label>
      <label className="field-check">
        <input
          type="checkbox"
          checked={settings.timestamps}
          onChange={(event) => dispatch({ type: 'settings-changed', settings: { timestamps: event.target.checked } })}
          data-testid="logs-timestamps"
        />
        Timestamps
      </label>
      <label className="field-check" title={previousAllowed ? 'Show the log of the instance before the last restart' : 'This container has not restarted: there is no previous instance'}>
        <input
          type="checkbox"
          checked={previous}
          disabled={!previousAllowed}
          onChange={(event) => dispatch({ type: 'option-changed', previous: event.target.checked })}
          data-testid="logs-previous"
        />
        Previous instance
      </label>
      <label className="log-inline-field" title="Lines the viewer keeps; older ones are let go so memory stays flat">
        <span>Keep</span>
        <select
          className="input"
          value={settings.scrollback}
          onChange={(event) => dispatch({ type: 'settings-changed', settings: { scrollback: Number(event.target.value) } })}
          data-testid="logs-scrollback"
        >
          {scrollbackChoices.map((choice) => (
            <option key={choice} value={choice}>
              {choice.toLocaleString('en-US')} lines
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
