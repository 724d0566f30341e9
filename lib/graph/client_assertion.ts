/**
 * The certificate sign-in's client assertion, as Entra documents it: a JWT signed PS256
 * (RSASSA-PSS, SHA-256, 32-byte salt) with WebCrypto, header `x5t#S256` = base64url SHA-256 of
 * the certificate's DER, claims `aud` = the token endpoint, `iss` = `sub` = the client id, a
 * fresh `jti`, `nbf`/`iat` = now, `exp` = now + 10 min. The key and certificate come from one PEM
 * file, like the Azure SDKs' `AZURE_CLIENT_CERTIFICATE_PATH`: PKCS#8 ("PRIVATE KEY") or PKCS#1
 * ("RSA PRIVATE KEY"), thumbprint from the first CERTIFICATE block.
 *
 * @module
 */
import { certificateSpki, pkcs1ToPkcs8 } from "./der.ts";
import { decryptPkcs8 } from "./pkcs8_decrypt.ts";

/** A PEM block. */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `PRIVATE KEY`. */
  label: string;
  /** The decoded bytes. */
  der: Uint8Array<ArrayBuffer>;
  /** Header lines inside the block (e.g. `Proc-Type: 4,ENCRYPTED`). */
  headers: string[];
}

/**
 * The PEM blocks of a text, in order.
 *
 * @example
 * ```ts
 * import { parsePem } from "./client_assertion.ts";
 * import assert from "node:assert/strict";
 * const b = parsePem("x\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n");
 * assert.equal(b[0]?.label, "CERTIFICATE");
 * assert.deepEqual([...b[0]!.der], [0, 1, 2]);
 * ```
 */
export function parsePem(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    const lines = (m[2] ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const headers = lines.filter((l) => l.includes(":"));
    const b64 = lines.filter((l) => !l.includes(":")).join("");
    let der: Uint8Array<ArrayBuffer>;
    try {
      der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    } catch {
      continue; // not base64: not a usable block
    }
    out.push({ label: m[1] as string, der, headers });
  }
  return out;
}

/** base64url without padding. */
export function base64url(bytes: Uint8Array | string): string {
  const b = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A loaded certificate credential. */
export interface CertificateCredential {
  /** The signing key (RSA-PSS / SHA-256). */
  key: CryptoKey;
  /** `x5t#S256` of the first certificate. */
  x5tS256: string;
  /** The certificates, base64 DER, first = the key's (for `x5c`). */
  chain: string[];
}

/**
 * Loads the key and certificate(s) of a PEM file's text.
 *
 * @param source names the file in errors
 * @param password decrypts an "ENCRYPTED PRIVATE KEY" (PBES2), as `AZURE_CLIENT_CERTIFICATE_PASSWORD`
 * @throws {Error} one line: no key, no certificate, an encrypted key without (or with a wrong)
 *   password, or a key WebCrypto refuses
 */
export async function loadCertificateCredential(
  pem: string,
  source: string,
  password?: string,
): Promise<CertificateCredential> {
  const blocks = parsePem(pem);
  const certs = blocks.filter((b) => b.label === "CERTIFICATE");
  const key = blocks.find((b) => /PRIVATE KEY$/.test(b.label));
  const seen = blocks.map((b) => b.label).join(", ") || "no PEM blocks";
  if (!key) throw new Error(`${source} has no private key (PEM "PRIVATE KEY"); found ${seen}`);
  if (certs.length === 0) throw new Error(`${source} has no certificate (PEM "CERTIFICATE"); found ${seen}`);
  if (key.headers.some((h) => /ENCRYPTED/i.test(h))) {
    throw new Error(
      `${source} holds a legacy-encrypted PEM key, which this toolkit does not decrypt; ` +
        `convert it (openssl pkcs8 -topk8 -v2 aes-256-cbc) and set AZURE_CLIENT_CERTIFICATE_PASSWORD`,
    );
  }
  if (key.label === "ENCRYPTED PRIVATE KEY") {
    if (password === undefined) {
      throw new Error(`${source} holds an encrypted private key: set AZURE_CLIENT_CERTIFICATE_PASSWORD`);
    }
    try {
      key.der = await decryptPkcs8(key.der, password);
    } catch (e) {
      throw new Error(`${source}: ${(e as Error).message}`);
    }
    key.label = "PRIVATE KEY";
  }
  if (key.label !== "PRIVATE KEY" && key.label !== "RSA PRIVATE KEY") {
    throw new Error(
      `${source} holds a "${key.label}", expected an RSA key ("PRIVATE KEY" or "RSA PRIVATE KEY")`,
    );
  }
  const pkcs8 = key.label === "RSA PRIVATE KEY" ? pkcs1ToPkcs8(key.der) : key.der;
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, [
      "sign",
    ]);
  } catch (e) {
    throw new Error(`${source}: the private key is not an RSA key WebCrypto can use (${(e as Error).name})`);
  }
  const first = certs[0] as PemBlock;
  try {
    certificateSpki(first.der);
  } catch (e) {
    throw new Error(
      `${source}: the first CERTIFICATE block is not an X.509 certificate (${(e as Error).message})`,
    );
  }
  const x5tS256 = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", first.der)));
  return { key: cryptoKey, x5tS256, chain: certs.map((c) => btoa(String.fromCharCode(...c.der))) };
}

/**
 * Signs a client assertion for one token request.
 *
 * @param tokenEndpoint the `aud`: `{authority}/{tenant}/oauth2/v2.0/token`
 * @param sendChain put the certificates in `x5c` (subject-name/issuer sign-in)
 *
 * @example
 * ```ts ignore
 * const jwt = await signClientAssertion(cred, "app-id", "https://login.microsoftonline.com/t/oauth2/v2.0/token");
 * ```
 */
export async function signClientAssertion(
  credential: CertificateCredential,
  clientId: string,
  tokenEndpoint: string,
  options: { now?: number; lifetimeSeconds?: number; sendChain?: boolean } = {},
): Promise<string> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const header: Record<string, unknown> = { alg: "PS256", typ: "JWT", "x5t#S256": credential.x5tS256 };
  if (options.sendChain) header.x5c = credential.chain;
  const payload = {
    aud: tokenEndpoint,
    iss: clientId,
    sub: clientId,
    jti: crypto.randomUUID(),
    nbf: now,
    iat: now,
    exp: now + (options.lifetimeSeconds ?? 600),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign(
    { name: "RSA-PSS", saltLength: 32 },
    credential.key,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url(new Uint8Array(sig))}`;
}
