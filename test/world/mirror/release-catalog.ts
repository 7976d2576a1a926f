// Which URL paths the mirror serves and what their bytes are: kind "binaries" (the stand-in
// launcher) per os/arch with `.sha256sum` (digest, two spaces, name) and Istio archives per
// platform with `.sha256` (digest, one space, name). Names and paths come from core/tools, so the
// mirror and the app can never disagree. Bodies are built on first request and kept.
import { createHash } from 'node:crypto';
import { istioAsset, ISTIO_VERSIONS, kindAsset, type HostArch, type HostOs } from '../../../core/tools/index.js';
import { gatewayApiCrdsUrl } from '../../../core/tools/gateway-api.js';
import { gatewayApiCrdsBody } from './gateway-api-crds.js';
import { packIstioArchive } from './istio-archive.js';
import { istioReleaseFiles } from './istio-release-files.js';
import { launcherScript } from './launcher-script.js';

export interface CatalogOptions {
  istioVersions?: readonly string[];
  referenceDir?: string;
}

type Producer = () => Promise<Buffer>;

const kindPlatforms: Array<[HostOs, HostArch]> = [['linux', 'amd64'], ['linux', 'arm64'], ['darwin', 'amd64'], ['darwin', 'arm64'], ['windows', 'amd64']];
const istioPlatforms: Array<[HostOs, HostArch]> = [['linux', 'amd64'], ['linux', 'arm64'], ['linux', 'armv7'], ['darwin', 'amd64'], ['darwin', 'arm64']];

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export class ReleaseCatalog {
  private readonly producers = new Map<string, Producer>();
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(options: CatalogOptions = {}) {
    const kindBody = (): Promise<Buffer> => Promise.resolve(Buffer.from(launcherScript({ tool: 'kind' })));
    for (const [os, arch] of kindPlatforms) {
      const asset = kindAsset(os, arch, '')!;
      this.add(asset.url, kindBody);
      this.add(asset.checksumUrl, async () => Buffer.from(`${sha256Hex(await this.body(asset.url))}  ${asset.fileName}\n`));
    }
    for (const version of options.istioVersions ?? ISTIO_VERSIONS) {
      const files = (): ReturnType<typeof istioReleaseFiles> => istioReleaseFiles(version, options.referenceDir);
      for (const [os, arch] of istioPlatforms) {
        const asset = istioAsset(version, os, arch, '')!;
        this.add(asset.url, async () => packIstioArchive(version, await files()));
        this.add(asset.checksumUrl, async () => Buffer.from(`${sha256Hex(await this.body(asset.url))} ${asset.fileName}\n`));
      }
    }
    this.add(gatewayApiCrdsUrl(''), gatewayApiCrdsBody);
  }

  private add(path: string, producer: Producer): void {
    this.producers.set(path, producer);
  }

  has(path: string): boolean {
    return this.producers.has(path);
  }

  paths(): string[] {
    return [...this.producers.keys()];
  }

  body(path: string): Promise<Buffer> {
    let body = this.cache.get(path);
    if (!body) {
      const producer = this.producers.get(path);
      if (!producer) return Promise.reject(new Error(`no release asset at ${path}`));
      body = producer();
      this.cache.set(path, body);
    }
    return body;
  }
}
