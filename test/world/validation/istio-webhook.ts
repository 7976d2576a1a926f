// istiod's validating webhook as the API server calls it: only while a
// ValidatingWebhookConfiguration with a rule for the object's group exists (istioctl install
// creates istio-validator-istio-system), on CREATE and UPDATE. A denial reads like the real one
// (webhook/errors.ToStatusErr around istiod's "configuration is invalid: …"): HTTP 400, no reason.
import type { Admission, AdmissionContext } from '../resource-api.js';
import { ApiError } from '../status.js';
import type { KubeObject } from '../store.js';
import { validateDestinationRule, validateGateway, validateVirtualService } from './istio-checks.js';
import { errorText, type IstioError } from './istio-errors.js';

interface WebhookRule {
  apiGroups?: string[];
  operations?: string[];
}

/** The name of the first installed validating webhook whose rules cover this write. */
function matchingWebhook(ctx: AdmissionContext): string | undefined {
  for (const config of ctx.api.store.list('admissionregistration.k8s.io/validatingwebhookconfigurations')) {
    for (const webhook of (config['webhooks'] ?? []) as { name?: string; rules?: WebhookRule[] }[]) {
      const covers = (webhook.rules ?? []).some(
        (r) => (r.apiGroups ?? []).some((g) => g === '*' || g === ctx.type.group) && (r.operations ?? []).some((o) => o === '*' || o === ctx.operation),
      );
      if (covers && webhook.name?.endsWith('validation.istio.io')) return webhook.name;
    }
  }
  return undefined;
}

function validate(kind: string, object: KubeObject): IstioError {
  const spec = (object['spec'] ?? {}) as Record<string, unknown>;
  if (kind === 'VirtualService') return validateVirtualService(spec);
  if (kind === 'DestinationRule') return validateDestinationRule(spec);
  if (kind === 'Gateway') return validateGateway(object.metadata.name ?? '', spec);
  return undefined;
}

export function istioValidationWebhook(): Admission {
  return (ctx) => {
    if (ctx.type.group !== 'networking.istio.io' || ctx.subresource === 'status') return;
    const error = validate(ctx.type.kind, ctx.object);
    if (!error) return;
    const webhook = matchingWebhook(ctx);
    if (!webhook) return;
    // server.go answers Result{Message} only; the API server fills in code 400 and the prefix.
    const message = `configuration is invalid: ${errorText(error)}`;
    throw new ApiError(400, '', `admission webhook "${webhook}" denied the request: ${message}`);
  };
}
