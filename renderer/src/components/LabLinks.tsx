// Where everything is: the Bookinfo product page and the four dashboards behind the monitor
// gateway. Links open outside the app (a new tab in browser mode; the desktop app hands them
// to the system browser) and never give the opened page a handle on this one.

import type { LabStatusInfo } from '../../../core/contract';
import { Icon } from './Icon';

const DASHBOARDS: { key: keyof LabStatusInfo['urls']['dashboards']; name: string; what: string }[] = [
  { key: 'kiali', name: 'Kiali', what: 'Mesh graph and config' },
  { key: 'grafana', name: 'Grafana', what: 'Istio dashboards' },
  { key: 'tracing', name: 'Jaeger', what: 'Request traces' },
  { key: 'prometheus', name: 'Prometheus', what: 'Raw metrics' },
];

function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

export function LabLinks({ urls }: { urls: LabStatusInfo['urls'] }) {
  return (
    <nav className="lab-links" aria-label="Open the lab" data-testid="lab-links">
      <a className="link-card link-card-main" href={urls.bookinfo} target="_blank" rel="noopener noreferrer" data-testid="lab-link-bookinfo">
        <span className="link-name">
          Bookinfo product page
          <Icon name="external" size={14} />
        </span>
        <span className="link-url" title={urls.bookinfo}>
          {shortUrl(urls.bookinfo)}
        </span>
      </a>
      <ul className="link-grid">
        {DASHBOARDS.map((dashboard) => (
          <li key={dashboard.key}>
            <a className="link-card" href={urls.dashboards[dashboard.key]} target="_blank" rel="noopener noreferrer" data-testid={`lab-link-${dashboard.key}`}>
              <span className="link-name">
                {dashboard.name}
                <Icon name="external" size={13} />
              </span>
              <span className="link-what">{dashboard.what}</span>
              <span className="link-url" title={urls.dashboards[dashboard.key]}>
                {shortUrl(urls.dashboards[dashboard.key])}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
