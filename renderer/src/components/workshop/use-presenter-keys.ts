// The presenter's keyboard: one listener on the window while the view is shown; typing in a
// field or a dialog being open leaves the keys to them.

import { useEffect, useRef } from 'react';
import { presenterAction, type PresenterAction } from '../../model/workshop-view';

export function usePresenterKeys(onAction: (action: PresenterAction) => void): void {
  const latest = useRef(onAction);
  useEffect(() => {
    latest.current = onAction;
  });
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, dialog[open]')) return;
      const action = presenterAction(event);
      if (!action) return;
      event.preventDefault();
      latest.current(action);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
