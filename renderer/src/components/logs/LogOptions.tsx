// How to read the log: keep following, how far back (tail, since), with timestamps, the
// previous instance of a restarted container, and how many lines the viewer keeps. Changing
// any of them opens the stream again; all but follow and previous are remembered.

import { SCROLLBACK_CHOICES, SINCE_CHOICES, TAIL_CHOICES, type LogSettings, type SinceChoice, type TailChoice } from '../../model/log-settings';
import { canShowPrevious, dispatchLogs, useLogsState } from '../../state/logs-store';
import { LogInlineSelect } from './LogInlineSelect';

const TAIL_WORDS: Record<TailChoice, string> = { '100': 'Last 100 lines', '1000': 'Last 1,000 lines', all: 'All lines' };
const SINCE_WORDS: Record<SinceChoice, string> = { '5m': 'Last 5 minutes', '1h': 'Last hour', all: 'Any time' };

function changeSettings(settings: Partial<LogSettings>): void {
  dispatchLogs({ type: 'settings-changed', settings });
}

/** The scrollback sizes to offer: the usual ones, and a remembered size that is not one of them. */
function scrollbackChoices(current: number): readonly number[] {
  return SCROLLBACK_CHOICES.includes(current as (typeof SCROLLBACK_CHOICES)[number]) ? SCROLLBACK_CHOICES : [...SCROLLBACK_CHOICES, current].sort((a, b) => a - b);
}

export function LogOptions() {
  const follow = useLogsState((state) => state.follow);
  const previous = useLogsState((state) => state.previous);
  const previousAllowed = useLogsState(canShowPrevious);
  const settings = useLogsState((state) => state.settings);
  return (
    <div className="log-options" role="group" aria-label="Log options">
      <label className="field-check" title="Keep the stream open and show new lines as they are written (kubectl logs -f)">
        <input type="checkbox" checked={follow} onChange={(event) => dispatchLogs({ type: 'option-changed', follow: event.target.checked })} data-testid="logs-option-follow" />
        Follow new lines
      </label>
      <LogInlineSelect label="From" value={settings.tail} choices={TAIL_CHOICES} words={(choice) => TAIL_WORDS[choice]} onChoose={(tail) => changeSettings({ tail: tail as TailChoice })} testId="logs-tail" />
      <LogInlineSelect label="Since" value={settings.since} choices={SINCE_CHOICES} words={(choice) => SINCE_WORDS[choice]} onChoose={(since) => changeSettings({ since: since as SinceChoice })} testId="logs-since" />
      <label className="field-check">
        <input type="checkbox" checked={settings.timestamps} onChange={(event) => changeSettings({ timestamps: event.target.checked })} data-testid="logs-timestamps" />
        Timestamps
      </label>
      <label className="field-check" title={previousAllowed ? 'Show the log of the instance before the last restart' : 'This container has not restarted: there is no previous instance'}>
        <input
          type="checkbox"
          checked={previous}
          disabled={!previousAllowed}
          onChange={(event) => dispatchLogs({ type: 'option-changed', previous: event.target.checked })}
          data-testid="logs-previous"
        />
        Previous instance
      </label>
      <LogInlineSelect
        label="Keep"
        title="Lines the viewer keeps; older ones are let go so memory stays flat"
        value={settings.scrollback}
        choices={scrollbackChoices(settings.scrollback)}
        words={(choice) => `${choice.toLocaleString('en-US')} lines`}
        onChoose={(scrollback) => changeSettings({ scrollback: Number(scrollback) })}
        testId="logs-scrollback"
      />
    </div>
  );
}
