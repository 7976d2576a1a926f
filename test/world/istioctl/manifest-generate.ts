// `istioctl manifest generate [-f OVERLAY]... [--set k=v]...`: prints the YAML `istioctl install`
// would apply with the same overlays, from the same renderComponents, as one multi-document
// stream on stdout. Like the real command it needs no cluster.
import { stringify } from 'yaml';
import type { FlagSpec, ParsedArgs } from '../kind/cli-io.js';
import { renderComponents } from './istio-manifests.js';
import { readOverlays } from './install.js';
import { resolveInstallSpec } from './install-spec.js';
import { EXIT_INCORRECT_USAGE, IstioctlError, type Io } from './istioctl-io.js';

export async function manifestGenerate(files: string[], sets: string[], version: string, io: Io): Promise<void> {
  const spec = resolveInstallSpec(await readOverlays(files), sets, version);
  const objects = renderComponents(spec, version).flatMap((component) => component.objects);
  io.out(objects.map((object) => stringify(object)).join('---\n'));
}

/** `istioctl manifest <sub>`: generate is the one the world has. */
export async function manifestCommand(args: string[], parse: (spec: FlagSpec, args: string[]) => ParsedArgs, version: string, io: Io): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'generate') throw new IstioctlError(`unknown command "${sub ?? ''}" for "istioctl manifest"`, EXIT_INCORRECT_USAGE);
  const p = parse({ filename: 'strings', set: 'strings', revision: 'string', manifests: 'string', 'dry-run': 'bool' }, rest);
  const list = (name: string): string[] => (Array.isArray(p.flags[name]) ? (p.flags[name] as string[]) : []);
  return manifestGenerate(list('filename'), list('set'), version, io);
}
