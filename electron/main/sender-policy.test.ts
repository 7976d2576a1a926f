import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl, isTrustedSender, type LabUrls } from './sender-policy';

const builtApp = { entryUrl: 'app://meshdeck/index.html', webContentsId: 1 };
const devApp = { entryUrl: 'http://localhost:5173/', webContentsId: 1 };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our page', () => {
    expect(isTrustedSender({ frameUrl: `${builtApp.entryUrl}#/setup`, isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5173/index.html', isMainFrame: true, webContentsId: 1 }, devApp)).toBe(true);
  });

  it('refuses subframes, other windows, other origins and missing frames', () => {
    expect(isTrustedSender({ frameUrl: builtApp.entryUrl, isMainFrame: false, webContentsId: 1 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: builtApp.entryUrl, isMainFrame: true, webContentsId: 2 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///opt/MeshDeck/resources/app.asar/out/renderer/index.html', isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'app://other/index.html', isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'http://grafana.localhost:8080/', isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5174/', isMainFrame: true, webContentsId: 1 }, devApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'not a url', isMainFrame: true, webContentsId: 1 }, builtApp)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('is the entry origin: app://meshdeck, or the dev server', () => {
    expect(isAppUrl('app://meshdeck/index.html#/traffic', builtApp.entryUrl)).toBe(true);
    expect(isAppUrl('app://meshdeck/assets/index-abc.js', builtApp.entryUrl)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', devApp.entryUrl)).toBe(true);
  });

  it('is nothing else: other hosts, ports, schemes, credentials', () => {
    for (const url of ['app://meshdeck:8080/index.html', 'app://user@meshdeck/index.html', 'app://evil/index.html', 'file:///index.html', 'https://meshdeck/index.html', 'https://example.com/', 'javascript:alert(1)']) {
      expect(isAppUrl(url, builtApp.entryUrl), url).toBe(false);
    }
    expect(isAppUrl('javascript:alert(1)', devApp.entryUrl)).toBe(false);
    // An entry on a scheme the app never serves from makes nothing an app page.
    expect(isAppUrl('file:///opt/index.html', 'file:///opt/index.html')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  const lab: LabUrls = {
    bookinfo: 'http://127.0.0.1:8080/productpage',
    dashboards: { grafana: 'http://grafana.localhost:8080/', kiali: 'http://kiali.localhost:8080/kiali/', tracing: 'http://tracing.localhost:8080/jaeger/', prometheus: 'http://prometheus.localhost:8080/' },
  };

  it('opens the URLs the app built for the lab, and *.localhost on the lab port', () => {
    for (const url of [
      'http://127.0.0.1:8080/productpage?u=normal',
      'http://kiali.localhost:8080/kiali/console/graph',
      'http://grafana.localhost:8080/d/istio-mesh',
      'http://localhost:8080/productpage',
      'http://reviews.localhost:8080/',
    ]) {
      expect(isSafeExternalUrl(url, lab), url).toBe(true);
    }
  });

  it('refuses everything else: other sites, ports, schemes, credentials', () => {
    for (const url of [
      'https://istio.io/latest/docs/',
      'https://evil.example/',
      'http://127.0.0.1:9090/',
      'http://kiali.localhost:8081/kiali/',
      'https://kiali.localhost:8080/kiali/',
      'http://localhost.evil.example:8080/',
      'http://user:pw@kiali.localhost:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'nonsense',
    ]) {
      expect(isSafeExternalUrl(url, lab), url).toBe(false);
    }
  });

  it('follows the lab to another port and domain', () => {
    const moved: LabUrls = { bookinfo: 'http://127.0.0.1:9080/productpage', dashboards: { ...lab.dashboards, kiali: 'http://kiali.mesh.example.com:9080/kiali/' } };
    expect(isSafeExternalUrl('http://kiali.mesh.example.com:9080/kiali/', moved)).toBe(true);
    expect(isSafeExternalUrl('http://grafana.localhost:9080/', moved)).toBe(true);
    expect(isSafeExternalUrl('http://other.mesh.example.com:9080/', moved)).toBe(false);
  });
});
