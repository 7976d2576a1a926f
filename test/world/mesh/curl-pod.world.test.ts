// The upstream curl client pod in the world, used the way istio.io's tasks use it: the real
// kubectl runs `kubectl exec deploy/curl -- curl …` in an injected namespace (through its
// sidecar: VirtualService faults apply) and in a namespace without injection (plaintext through
// kube-proxy: no mesh routing), with curl's own exit codes and messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from '../../../core/kube';
import { startWorldLab, type WorldLab } from '../../support/world-lab';
import { deployCurl, type CurlClient } from '../../support/world-lab-curl';

const abortDetails = {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'details', namespace: 'default' },
  spec: { hosts: ['details'], http: [{ fault: { abort: { httpStatus: 418, percentage: { value: 100 } } }, route: [{ destination: { host: 'details' } }] }] },
};

describe('the curl client pod (samples/curl/curl.yaml)', () => {
  let lab: WorldLab;
  let inMesh: CurlClient;
  let outside: CurlClient;

  beforeAll(async () => {
    lab = await startWorldLab({ seed: 17 });
    inMesh = await deployCurl(lab, 'default', true);
    outside = await deployCurl(lab, 'legacy', false);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  it("prints productpage's status with the task's command, from both namespaces", async () => {
    const mesh = await inMesh.curl('-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://productpage:9080/productpage');
    expect(mesh).toMatchObject({ code: 0, stdout: '200', stderr: '' });
    const plain = await outside.curl('-s', '-o', '/dev/null', '-w', '%{http_code}\\n', 'http://productpage.default:9080/productpage');
    expect(plain).toMatchObject({ code: 0, stdout: '200\n', stderr: '' });
    const fqdn = await outside.curl('-sS', 'http://details.default.svc.cluster.local:9080/details/0');
    expect(JSON.parse(fqdn.stdout)).toMatchObject({ id: 0, author: 'William Shakespeare' });
  });

  it('goes through the sidecar only when injected: a fault applies in the mesh, not to plaintext kube-proxy traffic', async () => {
    await applyObjects(lab.clients, [abortDetails]);
    await lab.mesh.until((s) => s.virtualServices.some((v) => v.name === 'details'), AbortSignal.timeout(10_000));
    const mesh = await inMesh.curl('-s', '-i', 'http://details:9080/details/0');
    expect(mesh.code).toBe(0);
    expect(mesh.stdout).toMatch(/^HTTP\/1\.1 418 I'm a Teapot\r\n/);
    expect(mesh.stdout).toMatch(/\r\n\r\nfault filter abort$/);
    const failing = await inMesh.curl('-sS', '-f', '-o', '/dev/null', 'http://details:9080/details/0');
    // kubectl adds its own last line for a non-zero exit.
    expect(failing).toMatchObject({ code: 22, stderr: 'curl: (22) The requested URL returned error: 418\ncommand terminated with exit code 22\n' });
    const plain = await outside.curl('-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://details.default:9080/details/0');
    expect(plain.stdout).toBe('200');
    await lab.clients.http.request('DELETE', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/details');
  });

  it("fails like curl: exit 6 for an unknown host, 7 for a Service without endpoints, 28 for a port it lacks, 2 for bad usage; -s hides messages unless -S", async () => {
    expect(await outside.curl('-sS', 'http://nosuch:9080/')).toMatchObject({ code: 6, stdout: '', stderr: 'curl: (6) Could not resolve host: nosuch\ncommand terminated with exit code 6\n' });
    expect(await outside.curl('-s', 'http://nosuch:9080/')).toMatchObject({ code: 6, stderr: 'command terminated with exit code 6\n' });
    // `productpage` is a Service of `default`: from `legacy` the short name does not resolve.
    expect((await outside.curl('-s', '-w', '%{http_code}', 'http://productpage:9080/')).stdout).toBe('000');
    await applyObjects(lab.clients, [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'legacy' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } }]);
    await lab.mesh.until((s) => s.services.some((x) => x.name === 'empty'), AbortSignal.timeout(10_000));
    const refused = await outside.curl('-sS', 'http://empty/');
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/^curl: \(7\) Failed to connect to empty port 80 after \d+ ms: Couldn't connect to server\n/);
    // Port 80 is not productpage's (9080): kube-proxy has no rule, nothing answers the SYN.
    const unanswered = await outside.curl('-sS', '--connect-timeout', '0.5', 'http://productpage.default/productpage');
    expect(unanswered.code).toBe(28);
    expect(unanswered.stderr).toMatch(/^curl: \(28\) Failed to connect to productpage.default port 80 after \d+ ms: Timeout was reached\n/);
    const usage = await outside.curl('--bogus', 'http://empty/');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('curl: option --bogus: is unknown');
  });

  it('sends -X, -H and -d, and shows the request with -v', async () => {
    // Pods of an unknown app answer like httpbin's /anything: the request as received.
    await applyObjects(lab.clients, [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'legacy' }, spec: { selector: { app: 'echo' }, ports: [{ port: 8000 }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'echo', namespace: 'legacy', labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'docker.io/mccutchen/go-httpbin', ports: [{ containerPort: 8000 }] }] } },
    ]);
    await lab.mesh.until((s) => s.pods.some((p) => p.name === 'echo' && p.ready && p.podIP !== ''), AbortSignal.timeout(10_000));
    const sent = await outside.curl('-s', '-v', '-X', 'PUT', '-H', 'end-user: jason', '-d', 'a=1', 'http://echo:8000/anything?x=1');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ method: 'PUT', path: '/anything?x=1', headers: { 'end-user': 'jason', 'user-agent': 'curl/8.16.0', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(sent.stderr).toContain('> PUT /anything?x=1 HTTP/1.1\r\n');
    expect(sent.stderr).toContain('< HTTP/1.1 200 OK\r\n');
  });
});
