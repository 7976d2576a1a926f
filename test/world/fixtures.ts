// Manifests written for the world's own tests: a Bookinfo-shaped app (Services,
// ServiceAccounts, Deployments with app/version labels) in an injected namespace, and a small
// CRD with a custom resource. Upstream Istio YAML is read from the reference files
// (test/support/istio-reference.ts), never copied here.

function workload(app: string, version: string, namespace: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-${version}
  namespace: ${namespace}
  labels: {app: ${app}, version: ${version}}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${app}, version: ${version}}
  template:
    metadata:
      labels: {app: ${app}, version: ${version}}
    spec:
      serviceAccountName: shop-${app}
      containers:
      - name: ${app}
        image: ${image}
        ports:
        - containerPort: 9080
`;
}

function service(app: string, namespace: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${namespace}
  labels: {app: ${app}, service: ${app}}
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: ${app}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop-${app}
  namespace: ${namespace}
`;
}

/** A Bookinfo-shaped application in `namespace` (labelled for sidecar injection when asked). */
export function shopManifest(namespace: string, injected = true): string {
  return [
    `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
  labels:
${injected ? '    istio-injection: enabled' : '    team: shop'}
`,
    service('catalog', namespace),
    workload('catalog', 'v1', namespace, 'example.test/shop/catalog:1.0'),
    service('reviews', namespace),
    workload('reviews', 'v1', namespace, 'example.test/shop/reviews-v1:1.0'),
    workload('reviews', 'v2', namespace, 'example.test/shop/reviews-v2:1.0'),
    service('productpage', namespace),
    workload('productpage', 'v1', namespace, 'example.test/shop/productpage:1.0'),
  ].join('---\n');
}

export const routeCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: routes.shop.example.test
spec:
  group: shop.example.test
  names:
    kind: Route
    listKind: RouteList
    plural: routes
    singular: route
    shortNames: [rt]
    categories: [shop]
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - name: Hosts
      type: string
      jsonPath: .spec.hosts
    - name: Weight
      type: integer
      jsonPath: .spec.weight
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    subresources:
      status: {}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              hosts: {type: array, items: {type: string}}
              weight: {type: integer}
              backends:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  properties:
                    name: {type: string}
                    weight: {type: integer}
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

export function routeManifest(namespace: string, weight = 90): string {
  return `apiVersion: shop.example.test/v1
kind: Route
metadata:
  name: reviews
  namespace: ${namespace}
spec:
  hosts: [reviews]
  weight: ${weight}
  backends:
  - name: v1
    weight: ${weight}
  - name: v2
    weight: ${100 - weight}
`;
}
