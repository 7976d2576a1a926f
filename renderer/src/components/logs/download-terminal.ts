// Saves what the log terminal holds as a text file: xterm's scrollback is the only copy of the
// lines, so the download reads it (wrapped rows joined back into their lines).

import { bufferText, downloadFileName } from '../../model/log-download';
import { logsStore } from '../../state/logs-store';
import type { XtermHandle } from './XtermView';

export function downloadTerminal(xterm: XtermHandle): void {
  const buffer = xterm.terminal.buffer.active;
  const text = bufferText(buffer.length, (index) => {
    const line = buffer.getLine(index);
    return line ? { text: line.translateToString(false), isWrapped: line.isWrapped } : undefined;
  });
  const { namespace, target, container } = logsStore.getState().state;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = downloadFileName({ namespace: namespace ?? '', target: target ?? 'logs', container }, new Date());
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
