// The advice the Bookinfo step gives when pods run without istio-proxy, from what
// `istioctl x check-inject` answered: no injector, a label that prevents injection, or pods
// that predate the label; every command in it can be pasted as is.
import { describe, expect, it } from 'vitest';
import { sidecarAdvice } from './bookinfo';

const cluster = { kubeconfigPath: '/home/ann/.local/share/MeshDeck/kube/config', context: 'kind-meshdeck' };
const check = "'/home/ann/My Tools/istioctl' x check-inject -n default deployment/reviews-v1";

describe('sidecar advice from check-inject', () => {
  it('says the injector is missing when istioctl finds no injection webhook', () => {
    expect(sidecarAdvice('reviews-v1', { hooksPresent: false, rows: [] }, cluster, check)).toBe(`Istio's sidecar injector is not installed (\`${check}\` finds no injection webhook): run this again so that Istio is installed first.`);
  });

  it('says to restart pods that predate injection, with a kubectl command for MeshDeck\'s kubeconfig', () => {
    const advice = sidecarAdvice('reviews-v1', { hooksPresent: true, rows: [{ webhook: 'istio-sidecar-injector', revision: 'default', injected: true, reason: 'Namespace label istio-injection=enabled matches' }] }, cluster, check);
    expect(advice).toBe('New pods would get it (Namespace label istio-injection=enabled matches), so these pods were created before injection was on: restart them (`kubectl rollout restart deployment/reviews-v1 -n default --kubeconfig /home/ann/.local/share/MeshDeck/kube/config --context kind-meshdeck`) and run this again.');
  });

  it('quotes istioctl\'s reason when the webhooks would not inject', () => {
    const reason = 'Namespace has istio-injection=disabled label, preventing injection';
    const advice = sidecarAdvice('reviews-v1', { hooksPresent: true, rows: [{ webhook: 'istio-sidecar-injector', revision: 'default', injected: false, reason }] }, cluster, check);
    expect(advice).toContain(`istioctl x check-inject says: ${reason}.`);
    expect(advice).toContain('`kubectl label namespace default istio-injection=enabled --overwrite --kubeconfig');
  });

  it('sends a workload that opted out to its pod template, not to the namespace label', () => {
    const reason = 'Pod has sidecar.istio.io/inject=false label, preventing injection';
    const advice = sidecarAdvice('reviews-v1', { hooksPresent: true, rows: [{ webhook: 'istio-sidecar-injector', revision: 'default', injected: false, reason }] }, cluster, check);
    expect(advice).toBe(`istioctl x check-inject says: ${reason}. Take that label off the pod template of deployment reviews-v1 (\`kubectl edit deployment/reviews-v1 -n default --kubeconfig /home/ann/.local/share/MeshDeck/kube/config --context kind-meshdeck\`) and run this again.`);
  });

  it('names the check-inject command when istioctl could not answer', () => {
    expect(sidecarAdvice('reviews-v1', undefined, cluster, check)).toBe(`\`${check}\` shows why.`);
  });
});
