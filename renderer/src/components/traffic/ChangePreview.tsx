// "What MeshDeck writes" for one policy or security change: the diff against the live objects
// and the whole YAML (the same body the split's drawer shows), with the core's warnings about
// what the change will run into.

import { useState } from 'react';
import type { PolicyPreviewInfo } from '../../../../core/contract';
import { CopyButton } from '../CopyButton';
import { PreviewBody, type PreviewTab } from './PreviewBody';

export function ChangePreview({ preview, testId, onClose }: { preview: PolicyPreviewInfo; testId: string; onClose: () => void }) {
  const [tab, setTab] = useState<PreviewTab>('changes');
  return (
    <section className="drawer" aria-label="Preview of the change" data-testid={testId}>
      <header className="drawer-head">
        <h3 className="drawer-title">What MeshDeck writes</h3>
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" className="segment" aria-pressed={tab === 'changes'} onClick={() => setTab('changes')} data-testid={`${testId}-changes`}>
            Changes
          </button>
          <button type="button" className="segment" aria-pressed={tab === 'yaml'} onClick={() => setTab('yaml')} data-testid={`${testId}-yaml`}>
            YAML
          </button>
        </div>
        <CopyButton text={preview.yaml} label="Copy the YAML" />
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Close
        </button>
      </header>
      {preview.warnings?.length ? (
        <ul className="policy-warnings" data-testid={`${testId}-warnings`}>
          {preview.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      <PreviewBody preview={preview} tab={tab} stale={false} testId={`${testId}-yaml-text`} />
    </section>
  );
}
