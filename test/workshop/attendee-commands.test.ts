import { describe, expect, it } from 'vitest';
import { parseKubectlInstructions } from './attendee-commands';

describe("a lesson's kubectl instructions", () => {
  it('splits lines into kubectl arguments, quotes included', () => {
    expect(parseKubectlInstructions('kubectl label namespace lesson-mesh istio-injection=enabled --overwrite\n\nkubectl exec deploy/curl -- curl -s "http://httpbin:8000/status/200:3,500:1"\n')).toEqual([
      { args: ['label', 'namespace', 'lesson-mesh', 'istio-injection=enabled', '--overwrite'], line: 'kubectl label namespace lesson-mesh istio-injection=enabled --overwrite' },
      { args: ['exec', 'deploy/curl', '--', 'curl', '-s', 'http://httpbin:8000/status/200:3,500:1'], line: 'kubectl exec deploy/curl -- curl -s "http://httpbin:8000/status/200:3,500:1"' },
    ]);
  });

  it('feeds a here-document to stdin and goes on after it', () => {
    const commands = parseKubectlInstructions('kubectl apply -n default -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\nEOF\nkubectl get ns legacy');
    expect(commands).toEqual([
      { args: ['apply', '-n', 'default', '-f', '-'], line: 'kubectl apply -n default -f - <<EOF', stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n' },
      { args: ['get', 'ns', 'legacy'], line: 'kubectl get ns legacy' },
    ]);
  });

  it('refuses what is not kubectl, and a here-document without its end', () => {
    expect(() => parseKubectlInstructions('curl http://127.0.0.1:8080/productpage')).toThrow('Not a kubectl command');
    expect(() => parseKubectlInstructions('kubectl apply -f - <<EOF\nkind: X')).toThrow('has no closing EOF');
  });
});
