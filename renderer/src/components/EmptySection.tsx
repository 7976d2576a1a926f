// The honest screen of a section that is not built yet: what it will do, and that it needs a
// running lab. No sample data, no placeholder charts.

import type { Section } from '../model/sections';
import { Icon } from './Icon';

export function EmptySection({ section, onOpenSetup }: { section: Section; onOpenSetup: () => void }) {
  return (
    <div className="page" data-testid={`section-${section.id}`}>
      <header className="page-header">
        <div>
          <h1 className="page-title">{section.label}</h1>
          <p className="page-subtitle">{section.tagline}</p>
        </div>
      </header>
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name={section.id} size={32} />
        </span>
        <h2 className="empty-title">Coming in a later version</h2>
        <p className="empty-lead">
          This section will work on your lab (the kind cluster with Istio and Bookinfo that Setup creates). It is not part of this version of
          MeshDeck yet. When it is, it will:
        </p>
        <ul className="empty-list">
          {section.purpose.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <button type="button" className="button button-secondary" onClick={onOpenSetup}>
          Check this machine in Setup
        </button>
      </div>
    </div>
  );
}
