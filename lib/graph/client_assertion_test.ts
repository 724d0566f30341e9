import assert from "node:assert/strict";
import { base64url, loadCertificateCredential, parsePem, signClientAssertion } from "./client_assertion.ts";
import { certificateSpki } from "./der.ts";
import { openssl } from "../../dev/identity_server/mod.ts";

/** Runs openssl in `dir`; returns stdout. */
function b64urlJson(part: string): Record<string, unknown> {
  const b = part.replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(b + "=".repeat((4 - (b.length % 4)) % 4)));
}

Deno.test("a PS256 client assertion verifies against the certificate's key, for PKCS#8 and PKCS#1 keys", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "assertion-" });
  try {
    await openssl(dir, [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "k8.pem",
      "-out",
      "c.pem",
      "-days",
      "1",
      "-subj",
      "/CN=app",
    ]);
    await openssl(dir, ["rsa", "-in", "k8.pem", "-traditional", "-out", "k1.pem"]);
    const cert = await Deno.readTextFile(`${dir}/c.pem`);
    const certDer = parsePem(cert)[0]!.der;
    const fingerprint = (await openssl(dir, ["x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha256"]))
      .split("=")[1]!.trim().replaceAll(":", "");
    const expectedX5t = base64url(Uint8Array.from(fingerprint.match(/../g)!.map((h) => parseInt(h, 16))));
    const publicKey = await crypto.subtle.importKey(
      "spki",
      certificateSpki(certDer),
      { name: "RSA-PSS", hash: "SHA-256" },
      false,
      ["verify"],
    );
    for (const keyFile of ["k8.pem", "k1.pem"]) {
      await t.step(keyFile, async () => {
        const key = await Deno.readTextFile(`${dir}/${keyFile}`);
        assert.match(key, keyFile === "k1.pem" ? /BEGIN RSA PRIVATE KEY/ : /BEGIN PRIVATE KEY/);
        const cred = await loadCertificateCredential(key + cert, "app.pem");
        assert.equal(cred.x5tS256, expectedX5t);
        const aud = "https://login.microsoftonline.com/t/oauth2/v2.0/token";
        const jwt = await signClientAssertion(cred, "app-id", aud, { now: 1_700_000_000_000 });
        const [h, p, sig] = jwt.split(".") as [string, string, string];
        assert.deepEqual(b64urlJson(h), { alg: "PS256", typ: "JWT", "x5t#S256": expectedX5t });
        const claims = b64urlJson(p);
        assert.equal(claims.aud, aud);
        assert.equal(claims.iss, "app-id");
        assert.equal(claims.sub, "app-id");
        assert.equal(claims.nbf, 1_700_000_000);
        assert.equal(claims.exp, 1_700_000_600);
        assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
        const sigBytes = Uint8Array.from(
          atob(sig.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (sig.length % 4)) % 4)),
          (c) => c.charCodeAt(0),
        );
        assert.ok(
          await crypto.subtle.verify(
            { name: "RSA-PSS", saltLength: 32 },
            publicKey,
            sigBytes,
            new TextEncoder().encode(`${h}.${p}`),
          ),
          "the signature verifies with the certificate's public key",
        );
      });
    }
    await t.step("x5c carries the chain when asked", async () => {
      const cred = await loadCertificateCredential(
        (await Deno.readTextFile(`${dir}/k8.pem`)) + cert,
        "app.pem",
      );
      const jwt = await signClientAssertion(cred, "a", "https://x/t/oauth2/v2.0/token", { sendChain: true });
      assert.deepEqual(b64urlJson(jwt.split(".")[0]!).x5c, [btoa(String.fromCharCode(...certDer))]);
    });
    await t.step("unusable PEM files are refused with one line", async () => {
      await openssl(dir, ["pkcs8", "-topk8", "-in", "k8.pem", "-out", "enc.pem", "-passout", "pass:pw1234"]);
      const encrypted = await Deno.readTextFile(`${dir}/enc.pem`);
      const CASES: [string, RegExp][] = [
        [cert, /app\.pem has no private key \(PEM "PRIVATE KEY"\); found CERTIFICATE/],
        [await Deno.readTextFile(`${dir}/k8.pem`), /has no certificate/],
        [
          (await Deno.readTextFile(`${dir}/enc.pem`)) + cert,
          /encrypted private key: set AZURE_CLIENT_CERTIFICATE_PASSWORD/,
        ],
        ["not a pem", /found no PEM blocks/],
      ];
      for (const [text, error] of CASES) {
        await assert.rejects(
          () => loadCertificateCredential(text, "app.pem"),
          (e: Error) => error.test(e.message) && !e.message.includes("\n"),
        );
      }
      await assert.rejects(
        () => loadCertificateCredential(encrypted + cert, "app.pem", "wrong-password"),
        /app\.pem: cannot decrypt the private key: wrong AZURE_CLIENT_CERTIFICATE_PASSWORD/,
      );
    });
    await t.step("an encrypted key (PBES2) is decrypted with AZURE_CLIENT_CERTIFICATE_PASSWORD", async () => {
      for (const cipher of ["aes-256-cbc", "aes-128-cbc"]) {
        await openssl(dir, [
          "pkcs8",
          "-topk8",
          "-v2",
          cipher,
          "-in",
          "k8.pem",
          "-out",
          `e-${cipher}.pem`,
          "-passout",
          "pass:pw1234",
        ]);
        const pem = (await Deno.readTextFile(`${dir}/e-${cipher}.pem`)) + cert;
        assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
        const cred = await loadCertificateCredential(pem, "app.pem", "pw1234");
        const jwt = await signClientAssertion(cred, "a", "https://x/t/oauth2/v2.0/token");
        const [h, p, sig] = jwt.split(".") as [string, string, string];
        const sigBytes = Uint8Array.from(
          atob(sig.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (sig.length % 4)) % 4)),
          (c) => c.charCodeAt(0),
        );
        const ok = await crypto.subtle.verify(
          { name: "RSA-PSS", saltLength: 32 },
          publicKey,
          sigBytes,
          new TextEncoder().encode(`${h}.${p}`),
        );
        assert.ok(ok, `${cipher}: the signature verifies with the certificate's key`);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
