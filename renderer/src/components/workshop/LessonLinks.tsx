// A lesson's deep links: Kiali's graph, Traffic for a service, the Logs of a workload — one click.

import type { WorkshopLinkInfo } from '../../../../core/contract';
import { useCore } from '../../client-context';
import { linkDestination } from '../../model/workshop-view';
import { followLessonLink } from '../../state/workshop-links';
import { Icon } from '../Icon';

const ICONS = { dashboards: 'dashboards', traffic: 'traffic', logs: 'logs' } as const;

export function LessonLinks({ links, namespace }: { links: WorkshopLinkInfo[]; namespace: string }) {
  const { client } = useCore();
  const usable = links.flatMap((link) => {
    const destination = linkDestination(link);
    return destination ? [{ link, icon: ICONS[destination.section] }] : [];
  });
  if (usable.length === 0) return null;
  return (
    <nav className="ws-links" aria-label="Open in MeshDeck">
      {usable.map(({ link, icon }, index) => (
        <button key={index} type="button" className="ws-link" onClick={() => followLessonLink(client, link, namespace)} data-testid={`workshop-link-${index}`}>
          <Icon name={icon} size={14} /> {link.label}
        </button>
      ))}
    </nav>
  );
}
