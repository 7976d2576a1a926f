// The Deployments a ready lab runs: Istio's control plane and gateways, the four dashboards and
// Bookinfo's six. The plan's steps wait for them and the status reads them; their names live here
// and nowhere else in core/lab.

export const ISTIOD_DEPLOYMENT = 'istiod';
export const ISTIO_GATEWAY_DEPLOYMENTS = ['istio-ingressgateway', 'istio-egressgateway'];
export const ISTIO_DEPLOYMENTS = [ISTIOD_DEPLOYMENT, ...ISTIO_GATEWAY_DEPLOYMENTS];
export const ADDON_DEPLOYMENTS = ['prometheus', 'grafana', 'kiali', 'jaeger'];
export const BOOKINFO_DEPLOYMENTS = ['productpage-v1', 'details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3'];
