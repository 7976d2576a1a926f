// `meshdeck images [--json] [--name NAME | --context CTX] [--istio-version V]`: every image the
// lab needs, from what it applies, with its size and whether the host's Docker and the lab's
// kind node have it (images.list).

import { AppError, type ImagesReportInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { formatTable } from './cli-table';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';

const yesNo = (value: boolean | null): string => (value === null ? '-' : value ? 'yes' : 'no');

function size(bytes: number | null): string {
  if (bytes === null) return '-';
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6)).toLocaleString('en-US')} MB`;
}

/** IMAGE, SOURCE, SIZE, HOST and NODE columns, then what a pull would still fetch. */
export function formatImages(report: ImagesReportInfo): string {
  const rows = [['IMAGE', 'SOURCE', 'SIZE', 'HOST', 'NODE'], ...report.images.map((image) => [image.ref, image.source, size(image.sizeBytes), yesNo(image.host), yesNo(image.node)])];
  const missing = report.images.filter((image) => !image.host).length;
  const lines = [formatTable(rows), ''];
  lines.push(report.lab === null ? 'No kind node to ask (the lab is not created yet, or it is your own cluster).' : `Node: lab ${report.lab} (${report.platform}).`);
  if (report.mirror) lines.push(`Pulls go through the mirror ${report.mirror}.`);
  if (missing === 0) lines.push(`The host has all ${report.images.length} images: \`meshdeck up\` needs no pull.`);
  else lines.push(`The host lacks ${missing} of ${report.images.length} images${report.dockerHubPulls > 0 ? ` (${report.dockerHubPulls} from Docker Hub, which allows 100 anonymous pulls per 6 hours)` : ''}: \`meshdeck up\` pulls them, or import a kit (\`meshdeck kit import FILE\`).`);
  return lines.join('\n');
}

const IMAGES_USAGE = `Usage: meshdeck images [--name NAME | --context NAME] [--istio-version V] [--json]

Lists every image the lab needs, read from what it applies (Istio's manifests for the lab's
overlay, Bookinfo, the dashboards, the curl client, the kind node image), with its size and
whether the host's Docker (HOST) and the lab's kind node (NODE) have it.

Options:
  --name NAME          the lab (default: the current one)
  --context NAME       a lab on a cluster of your kubeconfig (no kind node: NODE is -)
  --istio-version V    the images of another supported Istio version
  --json               print JSON: {"lab", "platform", "mirror", "images": [{"ref", "source",
                       "sizeBytes", "host", "node", "pullFrom"?}], "dockerHubPulls"}

MESHDECK_IMAGE_MIRROR=HOST[:PORT][/PREFIX] pulls through a mirror (HOST/<registry>/<repository>).`;

async function listImages(params: { name?: string; context?: string; istioVersion?: string }, json: boolean, cli: CliContext): Promise<number> {
  return cli.session({}, async (client) => {
    const report = await unlessInterrupted(client.call('images.list', params), cli.signal);
    if (json) writeJson(cli.out, report);
    else cli.out.write(`${formatImages(report)}\n`);
    return EXIT_OK;
  });
}

export const imagesCommand: Command = {
  usage: IMAGES_USAGE,
  async run(args, cli) {
    const { values, positionals } = parseFlags(args, { name: { type: 'string' }, context: { type: 'string' }, 'istio-version': { type: 'string' }, json: { type: 'boolean' } }, 'images', true);
    if (values.help) return help(cli, IMAGES_USAGE);
    if (positionals.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument "${positionals[0]}". Run meshdeck images --help.`);
    if (values.name !== undefined && values.context !== undefined) throw new AppError('INVALID_ARGUMENT', 'Give --name or --context, not both. Run meshdeck images --help.');
    const params = {
      ...(typeof values.name === 'string' ? { name: values.name } : {}),
      ...(typeof values.context === 'string' ? { context: values.context } : {}),
      ...(typeof values['istio-version'] === 'string' ? { istioVersion: values['istio-version'] } : {}),
    };
    return listImages(params, values.json === true, cli);
  },
};
