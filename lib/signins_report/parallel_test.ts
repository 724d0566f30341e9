import assert from "node:assert/strict";
import { createReadStats, readSignInBatches, type ReadStats, type SignIn } from "../signins/mod.ts";
import { readSignInBatchesParallel } from "./parallel.ts";
import { generateSignIns } from "../../dev/sample/mod.ts";

/** Sample-tenant rows (interrupts and their completions included) with the awkward bits a real file has. */
function sampleText(): string {
  const rows = [...generateSignIns({ seed: 11, users: 30, days: 2, signInsPerUserPerDay: 3 })].slice(0, 40);
  const lines = rows.map((r) => JSON.stringify(r));
  lines.splice(5, 0, lines[3]!); // a duplicate id, near its first copy
  lines.splice(30, 0, lines[2]!); // and one far from it
  lines.splice(9, 0, "", "   ", "{not json"); // blank lines and a bad row
  lines[12] = lines[12]! + "\r"; // a CRLF line
  lines.push(
    JSON.stringify({ id: "x1", status: { errorCode: "oops" }, createdDateTime: "2026-11-20T10:00:00Z" }),
  );
  return "\uFEFF\n \n" + lines.join("\n") + "\n" + lines[7]; // BOM, leading blank lines, no final line break
}

async function read(
  path: string,
  parallel: { rangeBytes: number } | null,
  extra: { maxRecordChars?: number } = {},
): Promise<{ rows: SignIn[]; stats: ReadStats } | { error: string }> {
  const stats = createReadStats();
  const rows: SignIn[] = [];
  try {
    const batches = parallel === null
      ? readSignInBatches(path, { stats, ...extra })
      : readSignInBatchesParallel(path, {
        stats,
        ...extra,
        workers: 2,
        minBytes: 0,
        rangeBytes: parallel.rangeBytes,
        inline: true,
      });
    for await (const b of batches) rows.push(...b);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { rows, stats };
}

/** Every range size that puts the first range edge after each line (and so edges everywhere). */
function rangeSizes(bytes: Uint8Array): number[] {
  const out = [1];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) out.push(i + 1);
  return out;
}

Deno.test("readSignInBatchesParallel: same rows, counters and bad rows as the sequential reader at every range edge", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: Record<string, { text: string; extra?: { maxRecordChars?: number } }> = {
      "sample rows, duplicates, bad and blank lines, BOM, no final line break": { text: sampleText() },
      "invalid UTF-8 in a middle line": {
        text: sampleText().replace("contoso.example", "contoso.\u0000BAD"),
      },
      "a line over maxRecordChars": { text: sampleText(), extra: { maxRecordChars: 3000 } },
      "a cut-off last record": { text: sampleText() + '\n{"id":"cut","createdDateTime":"2026-11' },
    };
    for (const [name, c] of Object.entries(cases)) {
      await t.step(name, async () => {
        const path = `${dir}/s.ndjson`;
        let bytes = new TextEncoder().encode(c.text);
        if (name.startsWith("invalid")) {
          const at = bytes.indexOf(0);
          bytes = bytes.slice();
          bytes[at] = 0xff; // a byte that is never UTF-8
        }
        await Deno.writeFile(path, bytes);
        const expected = await read(path, null, c.extra);
        if (name === "sample rows, duplicates, bad and blank lines, BOM, no final line break") {
          assert.ok("rows" in expected && expected.rows.length > 30 && expected.stats.badRows === 2);
        } else {
          assert.ok("error" in expected, `${name}: the sequential reader refuses it`);
        }
        for (const rangeBytes of rangeSizes(bytes)) {
          assert.deepEqual(await read(path, { rangeBytes }, c.extra), expected, `range size ${rangeBytes}`);
        }
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readSignInBatchesParallel: with worker threads, the same rows and counters", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.ndjson`;
    await Deno.writeTextFile(path, sampleText());
    const expected = await read(path, null);
    for (const rangeBytes of [1, 700, 5000, 1 << 20]) {
      const stats = createReadStats();
      const rows: SignIn[] = [];
      for await (
        const b of readSignInBatchesParallel(path, { stats, workers: 2, minBytes: 0, rangeBytes })
      ) rows.push(...b);
      assert.deepEqual({ rows, stats }, expected, `range size ${rangeBytes}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readSignInBatchesParallel: files it cannot cut are read by the sequential reader", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const text of [
        '[{"id":"1","createdDateTime":"2026-11-20T10:00:00Z"}]\n',
        "Request ID,Date (UTC)\n1,x\n",
      ]
    ) {
      const path = `${dir}/f`;
      await Deno.writeTextFile(path, text);
      const a = await read(path, null);
      const b = await read(path, { rangeBytes: 1 });
      assert.deepEqual(b, a);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
