/**
 * The little DER (ASN.1) the certificate sign-in needs: walking a structure (to find a
 * certificate's public key) and wrapping a PKCS#1 RSA key into PKCS#8 (which WebCrypto imports).
 *
 * @module
 */
import { concatBytes } from "../io/bytes.ts";

/** One DER element: its tag and where its content lies in the buffer. */
export interface DerElement {
  /** Tag byte (e.g. 0x30 SEQUENCE). */
  tag: number;
  /** Offset of the element's first byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just after the element. */
  end: number;
}

/**
 * Reads the element at `offset`.
 *
 * @throws {RangeError} for a truncated or unsupported (indefinite, > 4-byte length) encoding
 *
 * @example
 * ```ts
 * import { readDer } from "./der.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(readDer(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), 0),
 *   { tag: 0x30, start: 0, contentStart: 2, end: 5 });
 * ```
 */
export function readDer(bytes: Uint8Array, offset: number): DerElement {
  const tag = bytes[offset];
  let len = bytes[offset + 1];
  if (tag === undefined || len === undefined) throw new RangeError("Cannot read DER: truncated");
  let contentStart = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new RangeError("Cannot read DER: unsupported length form");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (bytes[offset + 2 + i] ?? 0);
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > bytes.length) throw new RangeError("Cannot read DER: truncated");
  return { tag, start: offset, contentStart, end };
}

/**
 * The children of a constructed element.
 *
 * @example
 * ```ts
 * import { derChildren, readDer } from "./der.ts";
 * import assert from "node:assert/strict";
 * const b = new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]);
 * assert.equal(derChildren(b, readDer(b, 0)).length, 2);
 * ```
 */
export function derChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const e = readDer(bytes, at);
    out.push(e);
    at = e.end;
  }
  return out;
}

/**
 * Encodes one element.
 *
 * @example
 * ```ts
 * import { encodeDer } from "./der.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(encodeDer(0x02, new Uint8Array([0])), new Uint8Array([0x02, 0x01, 0x00]));
 * assert.equal(encodeDer(0x04, new Uint8Array(300)).length, 304);
 * ```
 */
export function encodeDer(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = content.length;
  const len = n < 0x80
    ? [n]
    : n < 0x100
    ? [0x81, n]
    : n < 0x10000
    ? [0x82, n >> 8, n & 0xff]
    : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

/** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
const RSA_ALGORITHM = new Uint8Array([
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
]);

/**
 * Wraps a PKCS#1 `RSAPrivateKey` (PEM "RSA PRIVATE KEY") into a PKCS#8 `PrivateKeyInfo`.
 *
 * @example
 * ```ts
 * import { pkcs1ToPkcs8, readDer } from "./der.ts";
 * import assert from "node:assert/strict";
 * const p8 = pkcs1ToPkcs8(new Uint8Array([0x30, 0x00]));
 * assert.equal(readDer(p8, 0).end, p8.length);
 * ```
 */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodeDer(
    0x30,
    concatBytes([new Uint8Array([0x02, 0x01, 0x00]), RSA_ALGORITHM, encodeDer(0x04, pkcs1)]),
  );
}

/**
 * The `SubjectPublicKeyInfo` (DER) of an X.509 certificate (DER), as WebCrypto's "spki" import
 * wants it.
 *
 * @throws {RangeError} when the bytes are not a certificate
 */
export function certificateSpki(cert: Uint8Array): Uint8Array<ArrayBuffer> {
  const root = readDer(cert, 0);
  const tbs = derChildren(cert, root)[0];
  if (root.tag !== 0x30 || tbs?.tag !== 0x30) throw new RangeError("Cannot read the certificate: not X.509");
  const fields = derChildren(cert, tbs);
  const skip = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  const spki = fields[skip + 5]; // serial, signature, issuer, validity, subject, spki
  if (spki?.tag !== 0x30) throw new RangeError("Cannot read the certificate: no public key");
  return cert.slice(spki.start, spki.end);
}
