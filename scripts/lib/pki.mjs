/**
 * Certificates made on the spot for the demo and the tests: a CA, an intermediate, and leaves that
 * are good, expired, not yet valid, self-signed or for the wrong host. Keys come from node:crypto
 * (fast); node-forge signs, because it can set any validity period, which openssl's CLI makes awkward.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

const DAY = 86_400_000;
let serial = 1000;

/**
 * @typedef {{ key: string, cert: string }} Issued
 * @param {{ commonName: string, altNames?: string[], notBeforeDays?: number, notAfterDays?: number, issuer?: Issued, isCA?: boolean, keyBits?: number }} options
 * @returns {Issued}
 */
export function issue(options) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.keyBits ?? 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = new Date(Date.now() + (options.notBeforeDays ?? -1) * DAY);
  cert.validity.notAfter = new Date(Date.now() + (options.notAfterDays ?? 90) * DAY);
  const subject = [
    { name: 'commonName', value: options.commonName },
    { name: 'organizationName', value: 'trackz tests' },
  ];
  cert.setSubject(subject);
  const issuerCert = options.issuer ? forge.pki.certificateFromPem(options.issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  const extensions = [
    { name: 'basicConstraints', cA: Boolean(options.isCA), critical: true },
    { name: 'keyUsage', keyCertSign: Boolean(options.isCA), cRLSign: Boolean(options.isCA), digitalSignature: true, keyEncipherment: !options.isCA, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!options.isCA) {
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    const names = options.altNames ?? [options.commonName];
    extensions.push({ name: 'subjectAltName', altNames: names.map((name) => (/^[\d.]+$/.test(name) ? { type: 7, ip: name } : { type: 2, value: name })) });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(options.issuer?.key ?? keyPem), forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
}

/** One PKI: a root, an intermediate, and leaves (for localhost and 127.0.0.1) for each situation. */
export function makeTestPki() {
  const root = issue({ commonName: 'trackz Test Root CA', isCA: true, notAfterDays: 3650 });
  const intermediate = issue({ commonName: 'trackz Test Intermediate', isCA: true, issuer: root, notAfterDays: 1825 });
  const hosts = ['localhost', '127.0.0.1'];
  return {
    root,
    intermediate,
    good: issue({ commonName: 'localhost', altNames: hosts, issuer: intermediate, notAfterDays: 200 }),
    expired: issue({ commonName: 'localhost', altNames: hosts, issuer: intermediate, notBeforeDays: -100, notAfterDays: -3 }),
    notYetValid: issue({ commonName: 'localhost', altNames: hosts, issuer: intermediate, notBeforeDays: 10, notAfterDays: 100 }),
    selfSigned: issue({ commonName: 'localhost', altNames: hosts, notAfterDays: 200 }),
    wrongHost: issue({ commonName: 'other.example', altNames: ['other.example', 'www.other.example'], issuer: intermediate, notAfterDays: 200 }),
    expiresSoon: issue({ commonName: 'localhost', altNames: hosts, issuer: intermediate, notAfterDays: 5 }),
  };
}

/** The PEM a server should present: the leaf followed by the intermediate. */
export const fullChain = (leaf, intermediate) => `${leaf.cert}${intermediate.cert}`;
