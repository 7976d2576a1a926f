// Asks before the work that changes the lab for someone: solving applies the answer (the attendee
// skips the exercise), resetting removes what they built.

import { ConfirmDialog } from '../ConfirmDialog';

export type ConfirmedWork = 'solve' | 'reset' | 'reset-all';

const WORDS: Record<ConfirmedWork, { title: string; body: string; confirm: string }> = {
  solve: { title: 'Solve this lesson for you?', body: 'MeshDeck applies the solution of every task not passed yet. You can still read it first with “Show solution”.', confirm: 'Solve for me' },
  reset: { title: 'Reset this lesson?', body: 'MeshDeck removes the routing and security objects created in the lesson’s namespaces since it started, applies its setup again and clears its progress.', confirm: 'Reset lesson' },
  'reset-all': { title: 'Reset the whole workshop?', body: 'Every lesson’s objects are removed, Bookinfo’s routing goes back to the start and all progress is cleared. The cluster stays.', confirm: 'Reset workshop' },
};

export function WorkConfirm({ work, onConfirm, onDismiss }: { work: ConfirmedWork; onConfirm: () => void; onDismiss: () => void }) {
  const words = WORDS[work];
  return (
    <ConfirmDialog title={words.title} confirmLabel={words.confirm} onConfirm={onConfirm} onDismiss={onDismiss} testId={`workshop-confirm-${work}`}>
      <p>{words.body}</p>
    </ConfirmDialog>
  );
}
