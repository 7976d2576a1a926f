// A modal confirmation built on <dialog>.showModal(): the rest of the page is inert while it
// is open (so focus stays inside), Escape closes it, and focus returns to where it was.
// The safe choice (Cancel) has the initial focus.

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onDismiss, testId }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onDismiss: () => void; testId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => {
      if (element.open) element.close();
      previous?.focus();
    };
  }, []);

  // The page behind is inert, but Tab would still leave for the browser's own controls:
  // keep it cycling through the dialog's buttons.
  function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button:not(:disabled), [href], input:not(:disabled), [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      onKeyDown={trapTab}
      ref={dialog}
      className="dialog"
      aria-labelledby={`${testId}-title`}
      aria-describedby={`${testId}-body`}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: close through React state so the dialog unmounts cleanly.
        event.preventDefault();
        onDismiss();
      }}
    >
      <h2 className="dialog-title" id={`${testId}-title`}>
        {title}
      </h2>
      <div className="dialog-body" id={`${testId}-body`}>
        {children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" ref={cancel} onClick={onDismiss} data-testid={`${testId}-cancel`}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} data-testid={`${testId}-confirm`}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
