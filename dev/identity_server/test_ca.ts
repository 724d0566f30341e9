/**
 * Test-time TLS material for the local identity server, made with the `openssl` CLI: a test CA,
 * a server certificate for 127.0.0.1 / localhost / ::1 signed by it, and self-signed app
 * certificates (key + certificate in one PEM, as `AZURE_CLIENT_CERTIFICATE_PATH` wants). Nothing
 * is committed; everything lives in a temporary folder removed by `remove()`. Processes that
 * must trust the server get `DENO_CERT` (and `NODE_EXTRA_CA_CERTS`) = {@linkcode TestPki.caPath}.
 *
 * @module
 */

/** The files and PEM texts of a test PKI. */
export interface TestPki {
  /** Folder holding everything. */
  dir: string;
  /** The CA certificate file (for `DENO_CERT`). */
  caPath: string;
  /** The CA certificate, PEM. */
  caPem: string;
  /** The server certificate, PEM. */
  serverCert: string;
  /** The server key, PEM. */
  serverKey: string;
  /** Makes a self-signed app certificate; returns the path of a PEM with key and certificate. */
  appCertificate(name: string): Promise<{ path: string; certPem: string }>;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Runs `openssl` in `dir` and returns its standard output.
 *
 * @throws {Error} when `openssl` is missing or fails (its first error line)
 */
export async function openssl(dir: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "piped", stderr: "piped" })
    .output();
  if (out.code !== 0) {
    throw new Error(`openssl ${args[0]} failed: ${new TextDecoder().decode(out.stderr).split("\n")[0]}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/**
 * Creates a test CA and a loopback server certificate in a new temporary folder.
 *
 * @throws {Error} when `openssl` is missing or fails
 */
export async function createTestPki(): Promise<TestPki> {
  const dir = await Deno.makeTempDir({ prefix: "idp-pki-" });
  const subj = (cn: string) => ["-subj", `/CN=${cn}`];
  await openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    ...subj("entra-mfa-toolkit test CA"),
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await openssl(dir, [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    ...subj("127.0.0.1"),
  ]);
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:::1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-set_serial",
    "2",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  ]);
  let serial = 10;
  return {
    dir,
    caPath: `${dir}/ca.pem`,
    caPem: await Deno.readTextFile(`${dir}/ca.pem`),
    serverCert: await Deno.readTextFile(`${dir}/server.pem`),
    serverKey: await Deno.readTextFile(`${dir}/server.key`),
    async appCertificate(name: string) {
      const base = name.replace(/[^\w-]/g, "_");
      await openssl(dir, [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        `${base}.key`,
        "-out",
        `${base}.crt`,
        "-days",
        "2",
        "-set_serial",
        String(serial++),
        ...subj(`${name}.contoso.example`),
      ]);
      const key = await Deno.readTextFile(`${dir}/${base}.key`);
      const certPem = await Deno.readTextFile(`${dir}/${base}.crt`);
      const path = `${dir}/${base}.pem`;
      await Deno.writeTextFile(path, key + certPem);
      return { path, certPem };
    },
    remove: () => Deno.remove(dir, { recursive: true }),
  };
}
