// The log terminal's toolbar: follow/pause, find with next/previous (xterm's search addon,
// matches highlighted and counted), copy the selection, clear, download, wrap, access-log
// highlighting and font size. Each group is its own component; this lays them out.

import type { RefObject } from 'react';
import { Icon } from '../Icon';
import { LogCopyButton } from './LogCopyButton';
import { LogDisplaySettings } from './LogDisplaySettings';
import { LogFollowButton } from './LogFollowButton';
import { LogSearchBox } from './LogSearchBox';
import type { XtermHandle } from './XtermView';

export function LogToolbar({
  xterm,
  searchInput,
  hasSelection,
  onDownload,
  onClear,
}: {
  xterm: XtermHandle | null;
  searchInput: RefObject<HTMLInputElement | null>;
  hasSelection: boolean;
  onDownload: () => void;
  onClear: () => void;
}) {
  return (
    <div className="log-toolbar" role="toolbar" aria-label="Log tools">
      <LogFollowButton />
      <LogSearchBox xterm={xterm} searchInput={searchInput} />

      <span className="log-toolbar-spacer" />

      <LogCopyButton xterm={xterm} hasSelection={hasSelection} />
      <button type="button" className="log-tool" onClick={onClear} title="Clear the terminal (the stream goes on)" data-testid="logs-clear">
        <Icon name="trash" size={13} />
        Clear
      </button>
      <button type="button" className="log-tool" onClick={onDownload} title="Save what the terminal holds as a text file" data-testid="logs-download">
        <span aria-hidden="true">⤓</span>
        Download
      </button>

      <span className="log-toolbar-divider" aria-hidden="true" />

      <LogDisplaySettings />
    </div>
  );
}
