// The presenter's keys, shown on "?".

import { PRESENTER_KEYS } from '../../model/workshop-view';

export function PresenterKeys({ onClose }: { onClose: () => void }) {
  return (
    <div className="pv-keys" role="dialog" aria-label="Presenter keys" data-testid="presenter-keys">
      <h2>Keys</h2>
      <dl>
        {PRESENTER_KEYS.map((entry) => (
          <div key={entry.action} className="pv-key-row">
            <dt>
              <kbd>{entry.keys}</kbd>
            </dt>
            <dd>{entry.label}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button button-secondary" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
