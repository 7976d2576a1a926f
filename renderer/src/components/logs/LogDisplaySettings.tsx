// How the terminal shows lines: wrapped or cut, access-log highlighting, and the font size.
// The logs store remembers each change.

import { stepFontSize } from '../../model/log-settings';
import { dispatchLogs, useLogsState } from '../../state/logs-store';

export function LogDisplaySettings() {
  const settings = useLogsState((state) => state.settings);
  return (
    <>
      <label className="log-toggle" title="Off: long lines are cut at the terminal's width (…) as they arrive">
        <input type="checkbox" checked={settings.wrap} onChange={(event) => dispatchLogs({ type: 'settings-changed', settings: { wrap: event.target.checked } })} data-testid="logs-wrap" />
        Wrap
      </label>
      <label className="log-toggle" title="Colour the status code and duration of istio-proxy access-log lines">
        <input
          type="checkbox"
          checked={settings.highlight}
          onChange={(event) => dispatchLogs({ type: 'settings-changed', settings: { highlight: event.target.checked } })}
          data-testid="logs-highlight"
        />
        Highlight
      </label>

      <span className="log-font" role="group" aria-label="Font size">
        <button
          type="button"
          className="log-tool log-tool-icon"
          onClick={() => dispatchLogs({ type: 'settings-changed', settings: { fontSize: stepFontSize(settings.fontSize, -1) } })}
          aria-label="Smaller text"
          title="Smaller text"
          data-testid="logs-font-smaller"
        >
          A−
        </button>
        <span className="log-font-size" aria-live="polite">
          {settings.fontSize}
        </span>
        <button
          type="button"
          className="log-tool log-tool-icon"
          onClick={() => dispatchLogs({ type: 'settings-changed', settings: { fontSize: stepFontSize(settings.fontSize, 1) } })}
          aria-label="Larger text"
          title="Larger text"
          data-testid="logs-font-larger"
        >
          A+
        </button>
      </span>
    </>
  );
}
