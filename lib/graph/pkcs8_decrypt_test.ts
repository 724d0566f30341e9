import assert from "node:assert/strict";
import { concatBytes } from "../io/bytes.ts";
import { encodeDer } from "./der.ts";
import { decryptPkcs8 } from "./pkcs8_decrypt.ts";

const fromHex = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
const seq = (...parts: Uint8Array[]) => encodeDer(0x30, concatBytes(parts));
const oid = (h: string) => encodeDer(0x06, fromHex(h));
const octets = (b: Uint8Array) => encodeDer(0x04, b);

/**
 * An EncryptedPrivateKeyInfo (PBES2: PBKDF2 with HMAC-SHA-256, AES-256-CBC) of any plaintext,
 * made with WebCrypto as openssl would make it.
 */
async function encryptedInfo(plain: Uint8Array, password: string): Promise<Uint8Array> {
  const salt = fromHex("0102030405060708");
  const iv = fromHex("000102030405060708090a0b0c0d0e0f");
  const iterations = 2048;
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveKey",
  ]);
  const key = await crypto.subtle.deriveKey(
    { name: "PBKDF2", salt, iterations, hash: "SHA-256" },
    base,
    { name: "AES-CBC", length: 256 },
    false,
    ["encrypt"],
  );
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv }, key, plain.slice()));
  const kdf = seq(
    oid("2a864886f70d01050c"), // PBKDF2
    seq(octets(salt), encodeDer(0x02, fromHex("0800")), seq(oid("2a864886f70d0209"), fromHex("0500"))),
  );
  const cipher = seq(oid("60864801650304012a"), octets(iv)); // AES-256-CBC
  return seq(seq(oid("2a864886f70d01050d"), seq(kdf, cipher)), octets(data)); // PBES2
}

Deno.test("decryptPkcs8: the right password gives the PrivateKeyInfo; anything else that decrypts is a wrong password", async () => {
  const info = seq(
    encodeDer(0x02, fromHex("00")),
    seq(oid("2a864886f70d010101"), fromHex("0500")),
    octets(new Uint8Array(8)),
  );
  // a plaintext that is not one whole DER SEQUENCE is what a wrong password gives when its
  // decryption happens to end in valid padding (about once in 256 passwords)
  const CASES: { name: string; plain: Uint8Array; want: "key" | "wrong" }[] = [
    { name: "a PrivateKeyInfo", plain: info, want: "key" },
    { name: "noise", plain: fromHex("9f13c2aa0b5e77d1e4"), want: "wrong" },
    { name: "a SEQUENCE with bytes after it", plain: concatBytes([info, fromHex("00")]), want: "wrong" },
    { name: "a SEQUENCE cut short", plain: info.subarray(0, info.length - 1), want: "wrong" },
    { name: "an OCTET STRING", plain: octets(new Uint8Array(4)), want: "wrong" },
  ];
  for (const c of CASES) {
    const der = await encryptedInfo(c.plain, "pw1234");
    if (c.want === "key") {
      assert.deepEqual(await decryptPkcs8(der, "pw1234"), c.plain, c.name);
    } else {
      await assert.rejects(
        () => decryptPkcs8(der, "pw1234"),
        /^Error: cannot decrypt the private key: wrong AZURE_CLIENT_CERTIFICATE_PASSWORD$/,
        c.name,
      );
    }
  }
  // and a wrong password whose padding fails
  await assert.rejects(
    async () => decryptPkcs8(await encryptedInfo(info, "pw1234"), "other"),
    /wrong AZURE_CLIENT_CERTIFICATE_PASSWORD/,
  );
});
