#!/usr/bin/env bash
# Figure 1's baseline: the seed guide's steps in order, as a user scripts them today: download
# kind and Istio, create the cluster, istioctl install, label the namespace, apply Bookinfo and
# `kubectl wait` for it, apply the gateways, apply the addons and wait for them, then check that
# Bookinfo and the dashboards answer through the gateway. Real kubectl; kind and istioctl are
# whatever the mirror serves. Run by bench/orchestration.ts, which sets every variable below;
# the "step: NAME" lines mark where each step starts, for its breakdown.
set -euo pipefail
: "${MIRROR:?}" "${WORK:?}" "${CLUSTER:?}" "${HTTP_PORT:?}" "${ISTIO_VERSION:?}" "${KUBECTL:?}"
: "${KIND_CONFIG:?}" "${ISTIO_OVERLAY:?}" "${MONITOR_GATEWAY:?}" "${KIND_ASSET:?}" "${ISTIO_PLATFORM:?}"
cd "$WORK"
export KUBECONFIG="$WORK/kubeconfig"
kubectl() { "$KUBECTL" "$@"; }

# 1. kind and Istio (the guide's curl | tar)
echo 'step: downloads'
curl -fsSL -o kind "$MIRROR/kubernetes-sigs/kind/releases/download/v0.32.0/$KIND_ASSET"
chmod +x kind
curl -fsSL "$MIRROR/istio/istio/releases/download/$ISTIO_VERSION/istio-$ISTIO_VERSION-$ISTIO_PLATFORM.tar.gz" | tar xz
ISTIO="$WORK/istio-$ISTIO_VERSION"

# 2. the cluster, with the gateway's node ports mapped to the host
echo 'step: cluster'
./kind create cluster --name "$CLUSTER" --config "$KIND_CONFIG"

# 3. Istio's demo profile (istioctl waits for istiod, then the gateways)
echo 'step: istio'
"$ISTIO/bin/istioctl" install -y -f "$ISTIO_OVERLAY"

# 4. sidecar injection, Bookinfo, and wait for it
echo 'step: bookinfo'
kubectl label namespace default istio-injection=enabled --overwrite
kubectl apply -f "$ISTIO/samples/bookinfo/platform/kube/bookinfo.yaml"
kubectl wait --for=condition=available --timeout=30m deployment --all -n default

# 5. the Bookinfo gateway and the dashboards' gateway
echo 'step: gateways'
kubectl apply -f "$ISTIO/samples/bookinfo/networking/bookinfo-gateway.yaml"
kubectl apply -f "$MONITOR_GATEWAY"

# 6. the addons, and wait for them
echo 'step: addons'
kubectl apply -f "$ISTIO/samples/addons/prometheus.yaml" -f "$ISTIO/samples/addons/grafana.yaml" -f "$ISTIO/samples/addons/kiali.yaml" -f "$ISTIO/samples/addons/jaeger.yaml"
kubectl wait --for=condition=available --timeout=30m -n istio-system deployment/prometheus deployment/grafana deployment/kiali deployment/jaeger

# 7. Bookinfo and each dashboard answer through the gateway (the gateway needs a moment for new routes)
echo 'step: verify'
check() {
  until curl -fsS -o /dev/null -H "Host: $1" "http://127.0.0.1:$HTTP_PORT$2" 2>/dev/null; do sleep 0.1; done
}
check bookinfo.localhost /productpage
check grafana.localhost /
check kiali.localhost /kiali/
check tracing.localhost /jaeger/
check prometheus.localhost /
echo 'step: done'
