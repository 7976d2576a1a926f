// The kube context to use instead of a new kind cluster: typed, or picked from the user's
// kubeconfig through a datalist that names each context's server and the current one.

import type { KubeContextsView } from '../model/lab-options';

export function LabContextInput({
  id,
  value,
  contexts,
  invalid,
  describedBy,
  onChange,
}: {
  id: string;
  value: string;
  contexts: KubeContextsView;
  invalid: boolean;
  describedBy: string;
  onChange: (value: string) => void;
}) {
  const known = contexts.kind === 'loaded' || contexts.kind === 'loading' ? contexts.contexts : [];
  const listId = `${id}-list`;
  return (
    <>
      <input
        id={id}
        className="input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        list={listId}
        placeholder={known.length > 0 ? 'Empty: create a kind cluster. Or pick or type a context' : 'e.g. kind-workshop or my-dev-cluster'}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        aria-busy={contexts.kind === 'loading' ? true : undefined}
        data-testid="lab-option-context"
      />
      <datalist id={listId} data-testid="lab-option-context-list">
        {known.map((context) => (
          <option key={context.name} value={context.name} label={`${context.server || 'no server'}${context.current ? ' (current)' : ''}`} />
        ))}
      </datalist>
    </>
  );
}
