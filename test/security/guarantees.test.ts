// The security guarantees of issue "Trust" that had no test of their own yet, one test each.
// Others live beside their code (see the inventory in the report): verified and re-verified
// downloads in core/tools/ensure-kind.test.ts and ensure-istio.test.ts, the private cache in
// ensure-kind.test.ts, archive escapes in core/tools/safe-extract.test.ts, token/Origin/Host and
// traversal in core/rpc/browser-server.test.ts, credential-free contexts in core/kube/contexts.test.ts.
import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { parse as parseYaml } from 'yaml';
import { LAN_SHARING_WARNING, METHOD_PARAMS } from '../../core/contract';
import { labRequestFromFlags } from '../../core/cli/lab-commands';
import { kindClusterConfig } from '../../core/kind';
import type { KindCli } from '../../core/kind';
import { resolveLabConfig, type LabConfig, type StepContext } from '../../core/lab';
import { labPlan, type LabDeps } from '../../core/lab/lab-plan';
import { APP_CSP, RENDERER_ENTRY_URL, RENDERER_SCHEME_PRIVILEGES, rendererAnswer } from '../../electron/main/renderer-protocol';
import { createDispatcher, EventHub, startBrowserServer, type BrowserServer } from '../../core/rpc';
import { checkLabOptions, defaultDraft } from '../../renderer/src/model/lab-options';
import { repoRoot } from '../support/built-cli';
import { handlersWith } from '../support/handlers';

// Electron's binary cannot run here: security.ts runs against a recording stand-in of the few
// Electron objects it touches.
const electron = vi.hoisted(() => ({
  app: undefined as unknown as EventEmitter,
  headers: undefined as undefined | ((details: { url: string; responseHeaders: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void),
  opened: [] as string[],
}));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.app = new Emitter();
  return {
    app: electron.app,
    session: { defaultSession: { webRequest: { onHeadersReceived: (listener: typeof electron.headers) => (electron.headers = listener) } } },
    shell: { openExternal: async (url: string) => void electron.opened.push(url) },
  };
});
const { applyCspToDevServer, hardenEveryWebContents, lockDashboardNavigation, lockNavigation, secureWebPreferences } = await import('../../electron/main/security');

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
}

type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;

/** A WebContents as far as security.ts touches it: events, the window-open handler, its session's permission handlers. */
function standInContents() {
  const permissions = { request: undefined as undefined | PermissionRequest, check: undefined as undefined | (() => boolean) };
  return Object.assign(new EventEmitter(), {
    permissions,
    windowOpen: undefined as undefined | ((details: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpen = handler;
    },
    session: {
      setPermissionRequestHandler: (handler: PermissionRequest) => (permissions.request = handler),
      setPermissionCheckHandler: (handler: () => boolean) => (permissions.check = handler),
    },
  });
}

/** A WebContents as Electron makes it: announced to 'web-contents-created' before anyone else sees it. */
function createdContents(): ReturnType<typeof standInContents> {
  const contents = standInContents();
  electron.app.emit('web-contents-created', {}, contents);
  return contents;
}

function prevented(contents: EventEmitter, event: string, url: string): boolean {
  let wasPrevented = false;
  contents.emit(event, { preventDefault: () => (wasPrevented = true) }, url);
  return wasPrevented;
}

/** Settles the asynchronous allow-list reads behind window.open. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Electron', () => {
  const entryUrl = RENDERER_ENTRY_URL;
  const labUrls = async () => ({
    bookinfo: 'http://127.0.0.1:8080/productpage',
    dashboards: { grafana: 'http://grafana.localhost:8080/', kiali: 'http://kiali.localhost:8080/kiali/', tracing: 'http://tracing.localhost:8080/jaeger/', prometheus: 'http://prometheus.localhost:8080/' },
  });

  beforeAll(() => hardenEveryWebContents());

  beforeEach(() => {
    electron.opened.length = 0;
  });

  it('packages with the fuses that stop the binary being used as a Node runtime or debugged, and file:// unprivileged', async () => {
    const builder = parseYaml(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as { asar: boolean; electronFuses: Record<string, boolean> };
    expect(builder.asar).toBe(true);
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('isolates and sandboxes the renderer with no Node integration', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
  });

  it('serves the renderer from a secure standard scheme of its own, never from file://', () => {
    expect(RENDERER_ENTRY_URL).toBe('app://meshdeck/index.html');
    expect(RENDERER_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    // Privileges that would weaken the page are never granted to its scheme.
    expect(RENDERER_SCHEME_PRIVILEGES).not.toMatchObject({ bypassCSP: true });
    expect(RENDERER_SCHEME_PRIVILEGES).not.toMatchObject({ allowServiceWorkers: true });
  });

  it('answers the scheme only with files inside the renderer folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshdeck-scheme-guarantee-'));
    try {
      await mkdir(join(dir, 'renderer'));
      await writeFile(join(dir, 'renderer', 'index.html'), 'app');
      await writeFile(join(dir, 'secret.txt'), 'do not serve');
      expect((await rendererAnswer(join(dir, 'renderer'), { method: 'GET', url: entryUrl })).file).toBe(join(dir, 'renderer', 'index.html'));
      for (const url of ['app://meshdeck/../secret.txt', 'app://meshdeck/%2e%2e/secret.txt', 'app://meshdeck/..%2fsecret.txt', `app://meshdeck/${join(dir, 'secret.txt')}`]) {
        const answer = await rendererAnswer(join(dir, 'renderer'), { method: 'GET', url });
        expect([answer.status, answer.file], url).toEqual([404, undefined]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends a CSP that allows only its own scripts: no eval, no inline script, on the scheme and from the dev server', async () => {
    const html = await readFile(join(repoRoot, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeDefined();
    for (const csp of [APP_CSP, meta!]) {
      const policy = directives(csp);
      expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
    }
    const served = await rendererAnswer(join(repoRoot, 'renderer'), { method: 'GET', url: entryUrl });
    expect(served.headers['Content-Security-Policy']).toBe(APP_CSP);
    const devServer = 'http://localhost:5173/';
    applyCspToDevServer(devServer);
    const sent = (url: string) => {
      let headers: Record<string, string[]> = {};
      electron.headers!({ url, responseHeaders: {} }, (response) => (headers = response.responseHeaders));
      return headers['Content-Security-Policy'];
    };
    expect(sent(`${devServer}src/main.tsx`)).toEqual([APP_CSP]);
    expect(sent('http://grafana.localhost:8080/')).toBeUndefined();
  });

  it('denies every permission request and check, for every WebContents', () => {
    for (const contents of [createdContents(), createdContents()]) {
      for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
        let granted: boolean | undefined;
        contents.permissions.request!({}, permission, (answer) => (granted = answer));
        expect(granted, permission).toBe(false);
      }
      expect(contents.permissions.check!()).toBe(false);
    }
  });

  it('lets a WebContents nobody claimed go nowhere: no navigation, no window, no webview, nothing opened', async () => {
    const contents = createdContents();
    for (const url of ['https://istio.io/', entryUrl, 'http://127.0.0.1:8080/productpage']) {
      expect(prevented(contents, 'will-navigate', url), url).toBe(true);
      expect(prevented(contents, 'will-redirect', url), url).toBe(true);
      expect(contents.windowOpen!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(prevented(contents, 'will-attach-webview', 'https://evil.example/')).toBe(true);
    await settled();
    expect(electron.opened).toEqual([]);
  });

  it('refuses to claim a WebContents the hook never saw', () => {
    expect(() => lockNavigation(standInContents() as never, entryUrl, labUrls)).toThrow(/hardenEveryWebContents/);
  });

  it('keeps the app window on its origin and opens only the lab URLs it built, in the system browser', async () => {
    const contents = createdContents();
    lockNavigation(contents as never, entryUrl, labUrls);
    expect(prevented(contents, 'will-navigate', `${entryUrl}#/traffic`)).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///opt/MeshDeck/resources/app.asar/out/renderer/index.html', 'app://evil/index.html', 'javascript:alert(1)']) {
      expect(prevented(contents, 'will-navigate', url), url).toBe(true);
      expect(prevented(contents, 'will-redirect', url), url).toBe(true);
    }
    expect(prevented(contents, 'will-attach-webview', 'https://evil.example/')).toBe(true);
    const links = ['http://127.0.0.1:8080/productpage', 'http://kiali.localhost:8080/kiali/', 'https://istio.io/latest/docs/', 'http://127.0.0.1:9999/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@evil.example/'];
    for (const url of links) expect(contents.windowOpen!({ url }), url).toEqual({ action: 'deny' });
    await settled();
    expect(electron.opened).toEqual(['http://127.0.0.1:8080/productpage', 'http://kiali.localhost:8080/kiali/']);
  });

  it('opens nothing when the lab cannot say where it is', async () => {
    const contents = createdContents();
    lockNavigation(contents as never, entryUrl, () => Promise.reject(new Error('no lab')));
    expect(contents.windowOpen!({ url: 'http://127.0.0.1:8080/productpage' })).toEqual({ action: 'deny' });
    await settled();
    expect(electron.opened).toEqual([]);
  });

  it('keeps a dashboard pane on its dashboard through the same hook', async () => {
    const contents = createdContents();
    lockDashboardNavigation(contents as never, 'http://kiali.localhost:8080', ['kiali.localhost', 'istio.io']);
    expect(prevented(contents, 'will-navigate', 'http://kiali.localhost:8080/kiali/console')).toBe(false);
    expect(prevented(contents, 'will-navigate', 'https://istio.io/latest/docs/')).toBe(true);
    expect(prevented(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.windowOpen!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await settled();
    // Sent outside: the help link followed in the pane; the redirect and the unknown site were not.
    expect(electron.opened).toEqual(['https://istio.io/latest/docs/']);
  });
});

describe('browser mode', () => {
  let server: BrowserServer;
  let dir: string;
  const token = 'guarantees-token';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-guarantees-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>MeshDeck</title>');
    server = await startBrowserServer({ dispatcher: createDispatcher(handlersWith({})), events: new EventHub(), staticDir: dir, token });
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only: another address of this machine gets no answer', async () => {
    // All of 127/8 reaches this host on Linux; a server bound to every interface would answer on 127.0.0.2.
    const reached = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: server.port });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
    expect(await reached('127.0.0.1')).toBe(true);
    expect(await reached('127.0.0.2')).toBe(false);
  });

  it('closes a WebSocket that sends a frame over the size limit', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${token}`, { headers: { origin: `http://127.0.0.1:${server.port}` } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, method: 'app.status', params: { pad: 'x'.repeat(1024 * 1024) } }));
    expect(await closed).toBe(1009);
  });
});

describe('cluster exposure and the app kubeconfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-exposure-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the plan's kind and cluster steps with a kind that leaves the kubeconfig world-readable. */
  async function createCluster(config: LabConfig): Promise<{ kindYaml: string; kubeconfigMode: number }> {
    const kind: KindCli = {
      version: async () => '0.32.0',
      getClusters: async () => [],
      createCluster: async (options) => {
        const key = `kind-${options.name}`;
        await writeFile(options.kubeconfigPath, `apiVersion: v1\nkind: Config\nclusters:\n- name: ${key}\n  cluster: {server: 'https://127.0.0.1:40001', certificate-authority-data: Q0E=}\nusers:\n- name: ${key}\n  user: {token: secret}\ncontexts:\n- name: ${key}\n  context: {cluster: ${key}, user: ${key}}\n`);
        await chmod(options.kubeconfigPath, 0o644);
      },
      deleteCluster: async () => undefined,
      getKubeconfig: async () => '',
      exportKubeconfig: async () => undefined,
      loadImageArchive: async () => undefined,
    };
    const deps: LabDeps = {
      preflight: async () => undefined,
      ensureKind: async () => '/usr/bin/kind',
      ensureIstio: async () => {
        throw new Error('not part of this test');
      },
      kind: () => kind,
      istioctl: () => {
        throw new Error('not part of this test');
      },
      images: () => {
        throw new Error('not part of this test');
      },
    };
    const plan = labPlan(config, deps);
    const context: StepContext = { signal: new AbortController().signal, progress: () => undefined, log: () => undefined };
    try {
      for (const id of ['kind', 'cluster']) await plan.steps.find((step) => step.id === id)!.run(context);
    } finally {
      plan.close();
    }
    // kind's own copy of the credentials does not outlive the merge into MeshDeck's file.
    expect(existsSync(join(config.labDir, 'kind-kubeconfig'))).toBe(false);
    return { kindYaml: await readFile(join(config.labDir, 'kind.yaml'), 'utf8'), kubeconfigMode: (await stat(config.kubeconfigPath)).mode & 0o777 };
  }

  const listenAddresses = (kindYaml: string) =>
    (parseYaml(kindYaml) as { nodes: { extraPortMappings: { listenAddress: string }[] }[] }).nodes.flatMap((node) => node.extraPortMappings.map((mapping) => mapping.listenAddress));

  it('publishes the host ports on 127.0.0.1 by default and writes the app kubeconfig 0600', async () => {
    const config = resolveLabConfig({ name: 'private' }, { dataDir: join(dir, 'a'), userKubeconfig: join(dir, 'user-config') });
    expect(config.lanSharing).toBe(false);
    const { kindYaml, kubeconfigMode } = await createCluster(config);
    expect(listenAddresses(kindYaml)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(kubeconfigMode).toBe(0o600);
  });

  it('publishes on every interface only when LAN sharing is opted in, for kind clusters only', async () => {
    const config = resolveLabConfig({ name: 'shared', lanSharing: true }, { dataDir: join(dir, 'b'), userKubeconfig: join(dir, 'user-config') });
    const { kindYaml, kubeconfigMode } = await createCluster(config);
    expect(listenAddresses(kindYaml)).toEqual(['0.0.0.0', '0.0.0.0']);
    expect(kubeconfigMode).toBe(0o600);
    expect(resolveLabConfig({ context: 'team', lanSharing: true }, { dataDir: join(dir, 'c'), userKubeconfig: join(dir, 'user-config') }).lanSharing).toBe(false);
    expect(kindClusterConfig({ name: 'x', httpHostPort: 8080, httpsHostPort: 8443, httpNodePort: 30080, httpsNodePort: 30443 }).nodes[0]!.extraPortMappings[0]!.listenAddress).toBe('127.0.0.1');
  });

  it('offers LAN sharing in every face, off by default, with a warning naming Grafana’s anonymous Admin', () => {
    expect(LAN_SHARING_WARNING).toMatch(/Grafana's anonymous Admin/);
    expect(LAN_SHARING_WARNING).toMatch(/127\.0\.0\.1/);
    // Contract: a boolean, nothing else.
    expect(() => METHOD_PARAMS['lab.up'].parse({ lanSharing: true }, '')).not.toThrow();
    expect(() => METHOD_PARAMS['lab.up'].parse({ lanSharing: 'yes' }, '')).toThrow(/lanSharing/);
    // CLI: --lan, refused beside --context.
    expect(labRequestFromFlags({}).lanSharing).toBeUndefined();
    expect(labRequestFromFlags({ lan: true }).lanSharing).toBe(true);
    expect(() => labRequestFromFlags({ lan: true, context: 'team' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // Setup form: unticked by default; ticked sends lanSharing for a kind cluster only.
    expect(checkLabOptions(defaultDraft)).toEqual({ ok: true, options: {} });
    expect(checkLabOptions({ ...defaultDraft, lanSharing: true })).toEqual({ ok: true, options: { lanSharing: true } });
    expect(checkLabOptions({ ...defaultDraft, lanSharing: true, context: 'team' })).toEqual({ ok: true, options: { context: 'team' } });
  });
});
