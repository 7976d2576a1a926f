import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl, isTrustedSender } from './sender-policy';

const fileApp = { entryUrl: 'file:///opt/MeshDeck/resources/app.asar/out/renderer/index.html', webContentsId: 1 };
const devApp = { entryUrl: 'http://localhost:5173/', webContentsId: 1 };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our page', () => {
    expect(isTrustedSender({ frameUrl: `${fileApp.entryUrl}#/setup`, isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5173/index.html', isMainFrame: true, webContentsId: 1 }, devApp)).toBe(true);
  });

  it('refuses subframes, other windows, other pages and missing frames', () => {
    expect(isTrustedSender({ frameUrl: fileApp.entryUrl, isMainFrame: false, webContentsId: 1 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: fileApp.entryUrl, isMainFrame: true, webContentsId: 2 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/evil.html', isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file://remote-host/opt/MeshDeck/resources/app.asar/out/renderer/index.html', isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'http://grafana.localhost:8080/', isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5174/', isMainFrame: true, webContentsId: 1 }, devApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'not a url', isMainFrame: true, webContentsId: 1 }, fileApp)).toBe(false);
  });
});

describe('navigation and external links', () => {
  it('keeps navigation on the app page', () => {
    expect(isAppUrl('https://example.com/', fileApp.entryUrl)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', devApp.entryUrl)).toBe(false);
  });

  it('opens only plain http(s) URLs externally', () => {
    expect(isSafeExternalUrl('https://istio.io/latest/docs/')).toBe(true);
    expect(isSafeExternalUrl('http://kiali.localhost:8080/kiali')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'nonsense']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
