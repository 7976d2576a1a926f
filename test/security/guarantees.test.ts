// The security guarantees of issue "Trust" that had no test of their own yet, one test each.
// Others live beside their code (see the inventory in the report): verified and re-verified
// downloads in core/tools/ensure-kind.test.ts and ensure-istio.test.ts, the private cache in
// ensure-kind.test.ts, archive escapes in core/tools/safe-extract.test.ts, token/Origin/Host and
// traversal in core/rpc/browser-server.test.ts, credential-free contexts in core/kube/contexts.test.ts.
import { EventEmitter } from 'node:events';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
import { createDispatcher, EventHub, startBrowserServer, type BrowserServer } from '../../core/rpc';
import { checkLabOptions, defaultDraft } from '../../renderer/src/model/lab-options';
import { repoRoot } from '../support/built-cli';
import { handlersWith } from '../support/handlers';

// Electron's binary cannot run here: security.ts runs against a recording stand-in of the few
// Electron objects it touches.
const electron = vi.hoisted(() => ({
  permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  headers: undefined as undefined | ((details: { url: string; responseHeaders: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void),
  opened: [] as string[],
}));
vi.mock('electron', () => ({
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: typeof electron.headers) => (electron.headers = listener) },
      setPermissionRequestHandler: (handler: typeof electron.permissionRequest) => (electron.permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof electron.permissionCheck) => (electron.permissionCheck = handler),
    },
  },
  shell: { openExternal: (url: string) => electron.opened.push(url) },
}));
const { APP_CSP, installSessionPolicies, lockNavigation, secureWebPreferences } = await import('../../electron/main/security');

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
}

describe('Electron', () => {
  const entryUrl = 'file:///opt/MeshDeck/resources/app.asar/out/renderer/index.html';

  beforeEach(() => {
    electron.opened.length = 0;
  });

  it('packages with the fuses that stop the binary being used as a Node runtime or debugged', async () => {
    const builder = parseYaml(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as { asar: boolean; electronFuses: Record<string, boolean> };
    expect(builder.asar).toBe(true);
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('isolates and sandboxes the renderer with no Node integration', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
  });

  it('sends a CSP that allows only its own scripts: no eval, no inline script', async () => {
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
    installSessionPolicies(entryUrl);
    let sent: Record<string, string[]> = {};
    electron.headers!({ url: entryUrl, responseHeaders: {} }, (response) => (sent = response.responseHeaders));
    expect(sent['Content-Security-Policy']).toEqual([APP_CSP]);
  });

  it('denies every permission request and check', () => {
    installSessionPolicies(entryUrl);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      electron.permissionRequest!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(electron.permissionCheck!()).toBe(false);
  });

  it('keeps navigation on the app page and opens only http(s) links outside, in the system browser', () => {
    const contents = Object.assign(new EventEmitter(), {
      windowOpen: undefined as undefined | ((details: { url: string }) => { action: string }),
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        this.windowOpen = handler;
      },
    });
    lockNavigation(contents as never, entryUrl);
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', entryUrl)).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///opt/MeshDeck/resources/app.asar/out/renderer/other.html', 'javascript:alert(1)']) {
      expect(navigate('will-navigate', url), url).toBe(true);
      expect(navigate('will-redirect', url), url).toBe(true);
    }
    expect(navigate('will-attach-webview', 'https://evil.example/')).toBe(true);
    for (const url of ['https://istio.io/latest/docs/', 'http://localhost:8080/productpage', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@evil.example/']) {
      expect(contents.windowOpen!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(electron.opened).toEqual(['https://istio.io/latest/docs/', 'http://localhost:8080/productpage']);
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
        await writeFile(options.kubeconfigPath, 'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: secret}\n');
        await chmod(options.kubeconfigPath, 0o644);
      },
      deleteCluster: async () => undefined,
      getKubeconfig: async () => '',
      exportKubeconfig: async () => undefined,
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
    };
    const plan = labPlan(config, deps);
    const context: StepContext = { signal: new AbortController().signal, progress: () => undefined, log: () => undefined };
    try {
      for (const id of ['kind', 'cluster']) await plan.steps.find((step) => step.id === id)!.run(context);
    } finally {
      plan.close();
    }
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
