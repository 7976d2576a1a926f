// Asks before closing a shell tab in which a command looks like it is running (how that is
// told: model/shell-activity.ts). Closing ends the shell, and with it the command.

import { shellTabs } from '../../state/shell-tabs';
import { shellsStore, useShellsState } from '../../state/shells-store';
import { ConfirmDialog } from '../ConfirmDialog';

export function ShellCloseDialog() {
  const tab = useShellsState((state) => state.tabs.find((each) => each.id === state.confirming) ?? null);
  if (!tab) return null;
  return (
    <ConfirmDialog
      title="Close this shell?"
      confirmLabel="Close shell"
      testId="shell-close-dialog"
      onConfirm={() => shellTabs.close(tab.id)}
      onDismiss={() => shellsStore.getState().dispatch({ type: 'close-dismissed' })}
    >
      <p>
        A command looks like it is still running in{' '}
        <code>
          {tab.pod}/{tab.container}
        </code>
        . Closing the tab ends the shell and stops the command.
      </p>
    </ConfirmDialog>
  );
}
