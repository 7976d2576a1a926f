// What MeshDeck would write for the current split: the changes against the live objects, and
// the whole YAML (ready for kubectl apply -f). Before the first apply of a service this is where
// the user applies (or takes over); afterwards it follows each change.

import { useState } from 'react';
import type { PreviewView, RoutingMode } from '../../state/routing-state';
import { CopyButton } from '../CopyButton';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { DiffView } from './DiffView';

export function RoutingDrawer({
  preview,
  mode,
  dirty,
  busy,
  onClose,
  onRetry,
  onApply,
  onDiscard,
  onTakeOver,
}: {
  preview: PreviewView;
  mode: RoutingMode;
  dirty: boolean;
  busy: boolean;
  onClose: () => void;
  onRetry: () => void;
  onApply: () => void;
  onDiscard: () => void;
  onTakeOver: () => void;
}) {
  const [tab, setTab] = useState<'changes' | 'yaml'>('changes');
  if (preview.kind === 'closed') return null;
  const shown = preview.kind === 'loaded' ? preview.preview : preview.kind === 'loading' ? preview.last : null;
  return (
    <section className="drawer" aria-label="Preview of the routing objects" data-testid="traffic-drawer" aria-busy={preview.kind === 'loading'}>
      <header className="drawer-head">
        <h3 className="drawer-title">What MeshDeck writes</h3>
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" className="segment" aria-pressed={tab === 'changes'} onClick={() => setTab('changes')} data-testid="traffic-drawer-changes">
            Changes
          </button>
          <button type="button" className="segment" aria-pressed={tab === 'yaml'} onClick={() => setTab('yaml')} data-testid="traffic-drawer-yaml">
            YAML
          </button>
        </div>
        {shown ? <CopyButton text={shown.yaml} label="Copy the YAML" /> : null}
        <button type="button" className="button button-quiet button-small" onClick={onClose} data-testid="traffic-drawer-close">
          Close
        </button>
      </header>
      {preview.kind === 'error' ? (
        <ErrorNotice
          error={preview.error}
          action={
            <button type="button" className="button button-secondary" onClick={onRetry}>
              <Icon name="refresh" size={16} />
              Try again
            </button>
          }
        />
      ) : null}
      {shown === null && preview.kind === 'loading' ? (
        <p className="drawer-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Reading the live objects…
        </p>
      ) : null}
      {shown ? (
        <div className={`drawer-body${preview.kind === 'loading' ? ' drawer-stale' : ''}`}>
          {tab === 'changes' ? (
            <div className="diff-list">
              {shown.diff.map((diff) => (
                <DiffView key={`${diff.kind}/${diff.name}`} diff={diff} />
              ))}
            </div>
          ) : (
            <pre className="yaml" data-testid="traffic-yaml">
              {shown.yaml}
            </pre>
          )}
        </div>
      ) : null}
      {mode !== 'live' ? (
        <footer className="drawer-foot">
          <p className="drawer-note">
            {mode === 'draft'
              ? 'Nothing is written until you apply. After that, slider moves and presets apply as you make them.'
              : 'These objects belong to someone else. Taking over replaces them with MeshDeck’s routing.'}
          </p>
          <button type="button" className="button button-quiet" onClick={onDiscard} disabled={busy || !dirty}>
            Discard changes
          </button>
          {mode === 'draft' ? (
            <button type="button" className="button button-primary" onClick={onApply} disabled={busy} data-testid="traffic-apply-draft">
              <Icon name="check" size={16} />
              Apply
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={onTakeOver} disabled={busy} data-testid="traffic-drawer-takeover">
              Take over…
            </button>
          )}
        </footer>
      ) : null}
    </section>
  );
}
