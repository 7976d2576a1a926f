// What MeshDeck would write for the current split: the changes against the live objects, and
// the whole YAML (ready for kubectl apply -f). Before the first apply of a service this is where
// the user applies (or takes over); afterwards it follows each change.

import { useState } from 'react';
import type { PreviewView, RoutingMode } from '../../state/routing-state';
import { CopyButton } from '../CopyButton';
import { ErrorNotice } from '../ErrorNotice';
import { Icon } from '../Icon';
import { PreviewBody, type PreviewTab } from './PreviewBody';
import { RoutingDrawerFooter } from './RoutingDrawerFooter';

export function RoutingDrawer({
  preview,
  mode,
  dirty,
  busy,
  stale = false,
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
  /** The split was made from a version of the routing the cluster no longer holds. */
  stale?: boolean;
  onClose: () => void;
  onRetry: () => void;
  onApply: () => void;
  onDiscard: () => void;
  onTakeOver: () => void;
}) {
  const [tab, setTab] = useState<PreviewTab>('changes');
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
      {shown ? <PreviewBody preview={shown} tab={tab} stale={preview.kind === 'loading'} /> : null}
      {mode !== 'live' ? <RoutingDrawerFooter mode={mode} dirty={dirty} busy={busy} stale={stale} onApply={onApply} onDiscard={onDiscard} onTakeOver={onTakeOver} /> : null}
    </section>
  );
}
