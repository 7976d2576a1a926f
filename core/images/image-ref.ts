// Image references as Docker reads them (distribution/reference's ParseNormalizedNamed): a name
// without a registry is on Docker Hub (docker.io), a one-part Hub name is under library/, no tag
// and no digest means :latest. The mirror rewrite (MESHDECK_IMAGE_MIRROR) keeps the source
// registry as the first path component, so images of several registries never collide. Pure.

import { AppError } from '../contract';

export const DOCKER_HUB = 'docker.io';

export interface ImageRef {
  /** The registry, e.g. docker.io, registry.istio.io, 127.0.0.1:5000. */
  domain: string;
  /** The repository inside it, e.g. library/busybox, release/pilot. */
  path: string;
  tag?: string;
  /** algorithm:hex, e.g. sha256:3489c7…. */
  digest?: string;
}

// distribution/reference's grammar: lower-case path components, tags up to 128 characters.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

function invalid(text: string, why: string): AppError {
  return new AppError('INVALID_ARGUMENT', `"${text}" is not an image reference (${why}). Write it like registry.istio.io/release/pilot:1.30.5 or busybox:1.37.`, { ref: text });
}

/** Splits off the registry as Docker does: the first component names one when it has a dot or a port, or is localhost. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: DOCKER_HUB, path: slash < 0 ? `library/${name}` : name };
  }
  const domain = first === 'index.docker.io' ? DOCKER_HUB : first;
  const rest = name.slice(slash + 1);
  return { domain, path: domain === DOCKER_HUB && !rest.includes('/') ? `library/${rest}` : rest };
}

/** Parses a reference the way `docker pull` does; throws INVALID_ARGUMENT saying what is wrong. */
export function parseImageRef(text: string): ImageRef {
  const trimmed = text.trim();
  if (!trimmed) throw invalid(text, 'it is empty');
  if (trimmed.length > 4096) throw invalid(text.slice(0, 80), 'it is too long');
  const at = trimmed.indexOf('@');
  const digest = at < 0 ? undefined : trimmed.slice(at + 1);
  const named = at < 0 ? trimmed : trimmed.slice(0, at);
  if (digest !== undefined && !DIGEST.test(digest)) throw invalid(text, `the digest "${digest}" is not algorithm:hex`);
  // A colon after the last slash starts the tag; one before it is a registry's port.
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  const name = hasTag ? named.slice(0, colon) : named;
  if (tag !== undefined && !TAG.test(tag)) throw invalid(text, `the tag "${tag}" is not valid`);
  const { domain, path } = splitDomain(name);
  if (!DOMAIN.test(domain)) throw invalid(text, `"${domain}" is not a registry name`);
  const bad = path.split('/').find((component) => !COMPONENT.test(component));
  if (bad !== undefined) throw invalid(text, bad.toLowerCase() !== bad ? 'repository names are lower-case' : `"${bad}" is not a valid name component`);
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** docker.io/library/busybox:latest: the registry always named, :latest only when neither tag nor digest is. */
export function formatImageRef(ref: ImageRef): string {
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
  return `${ref.domain}/${ref.path}${tag !== undefined ? `:${tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The fully qualified form of a reference, e.g. busybox -> docker.io/library/busybox:latest. */
export function normalizeImageRef(text: string): string {
  return formatImageRef(parseImageRef(text));
}

/** The repository without tag or digest, e.g. docker.io/library/busybox. */
export function repositoryOf(text: string): string {
  const ref = parseImageRef(text);
  return `${ref.domain}/${ref.path}`;
}

/** The reference Docker can tag (a tag cannot carry a digest): name:tag, :latest when none. */
export function taggableRef(text: string): string {
  const ref = parseImageRef(text);
  return `${ref.domain}/${ref.path}:${ref.tag ?? 'latest'}`;
}

export function isDockerHub(text: string): boolean {
  return parseImageRef(text).domain === DOCKER_HUB;
}

/** Checks MESHDECK_IMAGE_MIRROR's form, HOST[:PORT][/PREFIX]; returns it without a trailing slash. */
export function parseMirror(mirror: string): string {
  const value = mirror.trim().replace(/\/+$/, '');
  const [host = '', ...prefix] = value.split('/');
  if (/^[a-z]+:\/\//i.test(value) || !DOMAIN.test(host) || prefix.some((component) => !COMPONENT.test(component))) {
    throw new AppError('INVALID_ARGUMENT', `The image mirror "${mirror}" is not HOST[:PORT][/PREFIX] (without http://), e.g. 127.0.0.1:5000 or registry.example.com/mirror.`, { mirror });
  }
  return value;
}

/** The source registry as a mirror path component: lower-case, a port's colon as "_" (localhost:5001 -> localhost_5001). */
export function mirrorComponent(domain: string): string {
  return domain.toLowerCase().replace(/^\[|\]$/g, '').replace(/[:\[\]]+/g, '_');
}

/**
 * Where a pull through the mirror fetches `ref` from: the mirror, then the source registry and
 * repository, e.g. registry.istio.io/release/pilot:1.30.5 -> 127.0.0.1:5000/registry.istio.io/release/pilot:1.30.5.
 */
export function mirrorRef(ref: string, mirror: string): string {
  const parsed = parseImageRef(ref);
  const [host = '', ...prefix] = parseMirror(mirror).split('/');
  return formatImageRef({ ...parsed, domain: host, path: [...prefix, mirrorComponent(parsed.domain), parsed.path].join('/') });
}

/** Whether two references name the same image: equal once normalised, or the same digest. */
export function sameImage(a: string, b: string): boolean {
  const left = parseImageRef(a);
  const right = parseImageRef(b);
  if (left.digest !== undefined && right.digest !== undefined) return left.digest === right.digest;
  return formatImageRef(left) === formatImageRef(right);
}
