// The world's PKI: a CA generated at start, a serving certificate for 127.0.0.1/localhost and
// client certificates (CN = user, O = groups) like the ones kind writes into kubeconfigs.
// Keys are ECDSA P-256 from node:crypto; certificates are assembled with der.ts, so no X.509
// library is needed. It must not touch the file system: callers decide where PEMs go.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der.js';

export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  commonName: string;
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  usage: 'server' | 'client';
  validDays?: number;
}

export interface CertificateAuthority extends CertificateAndKey {
  issue(options: IssueOptions): CertificateAndKey;
}

const ecdsaWithSha256 = der.sequence(der.oid('1.2.840.10045.4.3.2'));
const oidCommonName = '2.5.4.3';
const oidOrganization = '2.5.4.10';

function distinguishedName(commonName: string, organizations: string[] = []): Buffer {
  const rdns = organizations.map((o) => der.set(der.sequence(der.oid(oidOrganization), der.utf8String(o))));
  rdns.push(der.set(der.sequence(der.oid(oidCommonName), der.utf8String(commonName))));
  return der.sequence(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  // IPv6: expand "::" and write eight 16-bit groups.
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

interface CertificateFields {
  subject: Buffer;
  issuer: Buffer;
  subjectKey: KeyObject;
  issuerKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
  validDays: number;
}

function buildCertificate(fields: CertificateFields): string {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000); // tolerate small clock skew
  const notAfter = new Date(Date.now() + fields.validDays * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // serial numbers must be positive
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    ecdsaWithSha256,
    fields.issuer,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    fields.subject,
    fields.subjectKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, fields.signingKey);
  const certificate = der.sequence(tbs, ecdsaWithSha256, der.bitString(signature));
  const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function createCertificateAuthority(commonName = 'kubernetes'): CertificateAuthority {
  const { publicKey, privateKey } = newKeyPair();
  const name = distinguishedName(commonName);
  const caKeyId = keyIdentifier(publicKey);
  const certPem = buildCertificate({
    subject: name,
    issuer: name,
    subjectKey: publicKey,
    issuerKey: publicKey,
    signingKey: privateKey,
    validDays: 3650,
    extensions: [
      // keyUsage: digitalSignature, keyCertSign, cRLSign (bits 0, 5, 6)
      extension('2.5.29.15', true, der.bitString(Buffer.from([0x86]), 1)),
      extension('2.5.29.19', true, der.sequence(der.boolean(true))),
      extension('2.5.29.14', false, der.octetString(caKeyId)),
    ],
  });
  return {
    certPem,
    keyPem: privateKeyPem(privateKey),
    issue(options: IssueOptions): CertificateAndKey {
      const leaf = newKeyPair();
      const sans = [
        ...(options.dnsNames ?? []).map((d) => der.implicitPrimitive(2, Buffer.from(d, 'ascii'))),
        ...(options.ipAddresses ?? []).map((ip) => der.implicitPrimitive(7, ipBytes(ip))),
      ];
      const usageOid = options.usage === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2';
      const extensions = [
        // keyUsage: digitalSignature (bit 0)
        extension('2.5.29.15', true, der.bitString(Buffer.from([0x80]), 7)),
        extension('2.5.29.37', false, der.sequence(der.oid(usageOid))),
        extension('2.5.29.19', true, der.sequence()),
        extension('2.5.29.35', false, der.sequence(der.implicitPrimitive(0, caKeyId))),
      ];
      if (sans.length > 0) extensions.push(extension('2.5.29.17', false, der.sequence(...sans)));
      const leafCert = buildCertificate({
        subject: distinguishedName(options.commonName, options.organizations),
        issuer: name,
        subjectKey: leaf.publicKey,
        issuerKey: publicKey,
        signingKey: privateKey,
        validDays: options.validDays ?? 365,
        extensions,
      });
      return { certPem: leafCert, keyPem: privateKeyPem(leaf.privateKey) };
    },
  };
}

/** The public key of a PEM certificate, for tests that verify the chain. */
export function publicKeyOf(certPem: string): KeyObject {
  return createPublicKey(certPem);
}
