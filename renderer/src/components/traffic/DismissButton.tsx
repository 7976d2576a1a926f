// The action beside an error notice that only puts it away (the next try says again what is wrong).

export function DismissButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="button button-secondary" onClick={onClick}>
      Dismiss
    </button>
  );
}
