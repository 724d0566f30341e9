/**
 * Decrypts a PKCS#8 `EncryptedPrivateKeyInfo` (PEM "ENCRYPTED PRIVATE KEY") protected with PBES2
 * (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/192/256-CBC), which is what `openssl pkcs8 -topk8`
 * and the Azure tooling write, using WebCrypto. This is how `AZURE_CLIENT_CERTIFICATE_PASSWORD`
 * is honoured. Legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`) and PKCS#12 are not supported.
 *
 * @module
 */
import { derChildren, type DerElement, readDer } from "./der.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

const OID = {
  pbes2: "2a864886f70d01050d",
  pbkdf2: "2a864886f70d01050c",
} as const;
const PRF: Record<string, string> = {
  "2a864886f70d0207": "SHA-1",
  "2a864886f70d0209": "SHA-256",
  "2a864886f70d020a": "SHA-384",
  "2a864886f70d020b": "SHA-512",
};
const AES: Record<string, number> = {
  "608648016503040102": 128,
  "608648016503040116": 192,
  "60864801650304012a": 256,
};

/**
 * The PKCS#8 `PrivateKeyInfo` inside an encrypted one.
 *
 * @throws {Error} one line: an unsupported scheme, or a wrong password
 */
export async function decryptPkcs8(der: Uint8Array, password: string): Promise<Uint8Array<ArrayBuffer>> {
  const bad = (why: string): never => {
    throw new Error(`cannot decrypt the private key: ${why}`);
  };
  const c = (e: DerElement | undefined) => (e ? derChildren(der, e) : []);
  const content = (e: DerElement | undefined) => (e ? der.subarray(e.contentStart, e.end) : new Uint8Array());
  const int = (e: DerElement | undefined) => content(e).reduce((n, b) => n * 256 + b, 0);
  let top: DerElement[], alg: DerElement[], params: DerElement[], kdf: DerElement[], kdfParams: DerElement[];
  let enc: DerElement[];
  try {
    top = c(readDer(der, 0));
    alg = c(top[0]);
    if (hex(content(alg[0])) !== OID.pbes2) {
      return bad("not PBES2 (re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc)");
    }
    params = c(alg[1]);
    kdf = c(params[0]);
    enc = c(params[1]);
    if (hex(content(kdf[0])) !== OID.pbkdf2) return bad("the key derivation is not PBKDF2");
    kdfParams = c(kdf[1]);
  } catch (e) {
    return bad(`not an encrypted PKCS#8 key (${(e as Error).message})`);
  }
  const salt = content(kdfParams[0]);
  const iterations = int(kdfParams[1]);
  const prfEl = kdfParams.find((e) => e.tag === 0x30);
  const hash = prfEl ? PRF[hex(content(c(prfEl)[0]))] : "SHA-1";
  const bits = AES[hex(content(enc[0]))];
  if (!hash) return bad("unsupported PBKDF2 hash");
  if (!bits) return bad("unsupported cipher (expected AES-CBC)");
  if (iterations < 1 || iterations > 10_000_000) return bad(`implausible iteration count ${iterations}`);
  const iv = content(enc[1]);
  const data = content(top[1]);
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveKey",
  ]);
  const key = await crypto.subtle.deriveKey(
    { name: "PBKDF2", salt: salt.slice(), iterations, hash },
    base,
    { name: "AES-CBC", length: bits },
    false,
    ["decrypt"],
  );
  let plain: Uint8Array<ArrayBuffer>;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-CBC", iv: iv.slice() }, key, data.slice()),
    );
  } catch {
    return bad("wrong AZURE_CLIENT_CERTIFICATE_PASSWORD");
  }
  // A wrong password still ends in valid padding about once in 256 tries: its text is noise, not
  // one DER SEQUENCE spanning the whole text (a PrivateKeyInfo), so it is the password too.
  if (!isWholeSequence(plain)) return bad("wrong AZURE_CLIENT_CERTIFICATE_PASSWORD");
  return plain;
}

/** Whether `bytes` is exactly one DER SEQUENCE (a decrypted PrivateKeyInfo is). */
function isWholeSequence(bytes: Uint8Array): boolean {
  try {
    const e = readDer(bytes, 0);
    return e.tag === 0x30 && e.end === bytes.length;
  } catch {
    return false;
  }
}
