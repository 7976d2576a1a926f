// The webhook checks mirrored from Istio 1.30's pkg/config/validation: the upstream Bookinfo
// samples pass (istiod accepts them), broken objects get istiod's words, and several errors
// print in go-multierror's format.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../../support/reference-suite';
import { validateDestinationRule, validateGateway, validateVirtualService } from './istio-checks.js';
import { errorText, type IstioError } from './istio-errors.js';

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };

function check(doc: Doc): IstioError {
  if (doc.kind === 'VirtualService') return validateVirtualService(doc.spec);
  if (doc.kind === 'DestinationRule') return validateDestinationRule(doc.spec);
  if (doc.kind === 'Gateway') return validateGateway(doc.metadata.name, doc.spec);
  return undefined;
}

describeWithIstioReference('webhook checks on the upstream samples', (reference) => {
  it('accepts every Bookinfo networking sample', () => {
    const dir = join(reference, 'samples', 'bookinfo', 'networking');
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Doc | null)) {
        if (!doc) continue;
        expect(errorText(check(doc)), `${file} ${doc.kind}`).toBe('');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

const route = (destinations: unknown[], more: Record<string, unknown> = {}) => ({ hosts: ['reviews'], http: [{ route: destinations, ...more }] });

describe('webhook checks', () => {
  it('refuses negative weights and an all-zero split, as validateHTTPRouteDestinations does', () => {
    expect(errorText(validateVirtualService(route([{ destination: { host: 'reviews' }, weight: -1 }])))).toBe('weight -1 < 0');
    const zero = route([{ destination: { host: 'reviews', subset: 'v1' }, weight: 0 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 0 }]);
    expect(errorText(validateVirtualService(zero))).toBe('total destination weight = 0');
    // A split that does not add up to 100 is istioctl analyze's business, not the webhook's.
    expect(validateVirtualService(route([{ destination: { host: 'reviews' }, weight: 30 }, { destination: { host: 'ratings' }, weight: 30 }]))).toBeUndefined();
  });

  it('wraps errors that Istio appends with multierror.Append directly, even a single one', () => {
    expect(errorText(validateVirtualService(route([{ weight: 100 }])))).toBe('1 error occurred:\n\t* destination is required\n\n');
    const two = validateVirtualService(route([{ destination: { host: 'reviews', subset: 'V1' }, weight: -5 }]));
    expect(errorText(two)).toBe('2 errors occurred:\n\t* subset name is invalid: V1\n\t* weight -5 < 0\n\n');
  });

  it('checks fault percentages, abort codes and durations', () => {
    const fault = route([{ destination: { host: 'ratings' } }], { fault: { abort: { percentage: { value: 150 }, httpStatus: 700 } }, timeout: '0.0005s' });
    expect(errorText(validateVirtualService(fault))).toBe(
      '3 errors occurred:\n\t* percentage 150 is neither 0.0, nor in range [0.0001, 100.0]\n\t* HTTP status 700 is not in range 200-599\n\t* duration must be greater than 1ms\n\n',
    );
    const retries = route([{ destination: { host: 'ratings' } }], { retries: { attempts: 0, perTryTimeout: '2s' } });
    expect(errorText(validateVirtualService(retries))).toBe('http retry policy configured when attempts are set to 0 (disabled)');
  });

  it('checks hosts, gateways and the mesh wildcard', () => {
    expect(errorText(validateVirtualService({ hosts: ['*'], http: [{ route: [{ destination: { host: 'r' } }] }] }))).toBe('wildcard host * is not allowed for virtual services bound to the mesh gateway');
    expect(errorText(validateVirtualService({ hosts: ['grafana.localhost'], gateways: ['istio-system/Monitor'], http: [{ route: [{ destination: { host: 'grafana' } }] }] }))).toBe('invalid value for gateway name: "Monitor"');
    expect(errorText(validateVirtualService({ hosts: ['reviews'] }))).toBe('http, tcp or tls must be provided in virtual service');
  });

  it('refuses duplicate and malformed subset names in a DestinationRule', () => {
    const dr = { host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v1' }, { name: 'v_2' }] };
    expect(errorText(validateDestinationRule(dr))).toBe('2 errors occurred:\n\t* duplicate subset names: v1\n\t* subset name is invalid: v_2\n\n');
  });

  it('checks gateway servers: hosts, port numbers and unique port names', () => {
    const gw = { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [] }, { port: { number: 70000, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] };
    expect(errorText(validateGateway('monitor-gateway', gw))).toBe(
      '3 errors occurred:\n\t* server config must contain at least one host\n\t* port number 70000 must be in the range 1..65535\n\t* port names in servers must be unique: duplicate name http\n\n',
    );
    expect(errorText(validateGateway('monitor-gateway', { servers: [] }))).toBe('gateway must have at least one server');
  });
});
