import assert from "node:assert/strict";
import { readSignInBatches } from "../signins/read_sign_ins.ts";
import { openInput } from "./open.ts";

async function idsOf(path: string): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for await (const batch of readSignInBatches(path)) ids.push(...batch.map((s) => s.id));
  return ids;
}

Deno.test("readSignInBatches() reads a gzip-compressed export (signins-export --gzip) like the plain file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emt-gz-" });
  try {
    const lines = [1, 2, 3].map((i) =>
      JSON.stringify({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        createdDateTime: `2026-11-20T10:0${i}:00Z`,
        userPrincipalName: `user${i}@contoso.example`,
        status: { errorCode: 0 },
      })
    );
    const plain = `${dir}/s.ndjson`;
    await Deno.writeTextFile(plain, lines.join("\n") + "\n");
    const gz = `${dir}/s.ndjson.gz`;
    const compressed = new Response(
      new Blob([await Deno.readFile(plain)]).stream().pipeThrough(new CompressionStream("gzip")),
    );
    await Deno.writeFile(gz, new Uint8Array(await compressed.arrayBuffer()));
    assert.deepEqual(await idsOf(gz), await idsOf(plain));
    assert.equal((await idsOf(gz)).length, 3);

    const broken = `${dir}/broken.ndjson.gz`;
    await Deno.writeFile(broken, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]));
    await assert.rejects(idsOf(broken), (e: Error) => {
      assert.equal(e.name, "InputError");
      assert.match(e.message, /broken\.ndjson\.gz: Cannot decompress gzip data/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openInput() refuses directories and devices before reading a byte", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emt-open-" });
  try {
    await assert.rejects(openInput(dir, { what: "policy" }), /: Cannot read the policy: it is a directory;/);
    await assert.rejects(
      openInput("/dev/zero", { kind: "option-file" }),
      /^InputError: \/dev\/zero: Cannot read the file: it is not a regular file \(a device, pipe or socket\)/,
    );
    await assert.rejects(
      openInput(`${dir}/missing.csv`),
      /missing\.csv: Cannot open the file: no such file$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openInput() stops a gzip bomb at the cap, counted after decompression", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emt-open-" });
  try {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const gz = new Uint8Array(
      await new Response(new Blob([zeros]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
    );
    assert.ok(gz.length < 64 * 1024, `compressed to ${gz.length} bytes`);
    await Deno.writeFile(`${dir}/bomb.json.gz`, gz);
    const o = await openInput(`${dir}/bomb.json.gz`, { maxBytes: 1024 * 1024 });
    try {
      let seen = 0;
      await assert.rejects(
        (async () => {
          for await (const c of o.chunks) seen += c.length;
        })(),
        /bomb\.json\.gz \(byte 1048576\): Cannot read the sign-ins file: it is larger than 1 MiB once decompressed/,
      );
      assert.ok(seen <= 1024 * 1024, `passed on ${seen} bytes`);
    } finally {
      o.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
