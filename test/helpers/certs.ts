/** Typed access to the PKI factory shared with the demo (scripts/lib/pki.mjs). */
// @ts-expect-error: a plain ESM module shared with the demo; its shape is declared below.
import * as pki from '../../scripts/lib/pki.mjs';

export interface Issued {
  key: string;
  cert: string;
}

export interface TestPki {
  root: Issued;
  intermediate: Issued;
  good: Issued;
  expired: Issued;
  notYetValid: Issued;
  selfSigned: Issued;
  wrongHost: Issued;
  expiresSoon: Issued;
}

export const issue: (options: { commonName: string; altNames?: string[]; notBeforeDays?: number; notAfterDays?: number; issuer?: Issued; isCA?: boolean; keyBits?: number }) => Issued = pki.issue;
export const makeTestPki: () => TestPki = pki.makeTestPki;
export const fullChain: (leaf: Issued, intermediate: Issued) => string = pki.fullChain;
