import assert from "node:assert/strict";
import { openOutput, writeOutput } from "./output.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "emt-out-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("writeOutput() leaves the previous file byte-identical when the writer fails", async () => {
  await withDir(async (dir) => {
    const target = `${dir}/report.md`;
    const old = new Uint8Array([0xef, 0xbb, 0xbf, 0x23, 0x20, 0x6f, 0x6c, 0x64, 0x0a]);
    await Deno.writeFile(target, old);
    await assert.rejects(
      writeOutput(target, async (write) => {
        await write("# new report\n".repeat(1000));
        throw new Error("Graph went away");
      }),
      /Graph went away/,
    );
    assert.deepEqual(await Deno.readFile(target), old);
    assert.deepEqual(await listDir(dir), ["report.md"], "no temp file left behind");
  });
});

Deno.test("writeOutput() replaces the file only once everything is written", async () => {
  await withDir(async (dir) => {
    const target = `${dir}/r.json`;
    await Deno.writeTextFile(target, "old");
    await writeOutput(target, async (write) => {
      await write("{");
      assert.equal(await Deno.readTextFile(target), "old", "target untouched while writing");
      await write("}\n");
    });
    assert.equal(await Deno.readTextFile(target), "{}\n");
    assert.deepEqual(await listDir(dir), ["r.json"]);
  });
});

Deno.test("openOutput() names the path when the folder does not exist", async () => {
  await withDir(async (dir) => {
    await assert.rejects(openOutput(`${dir}/missing/r.md`), /Cannot write ".*missing\/r\.md"/);
  });
});

Deno.test("abort() removes the temp file and keeps the old one", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/a.csv`, "x");
    const sink = await openOutput(`${dir}/a.csv`);
    await sink.write("partial");
    await sink.abort();
    assert.equal(await Deno.readTextFile(`${dir}/a.csv`), "x");
    assert.deepEqual(await listDir(dir), ["a.csv"]);
  });
});

Deno.test("writeOutput() keeps the mode of the file it replaces and refuses an input or a folder", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a 0600 file stays 0600, a 0640 file 0640", async () => {
      for (const mode of [0o600, 0o640]) {
        const target = `${dir}/r-${mode.toString(8)}.md`;
        await Deno.writeTextFile(target, "old");
        await Deno.chmod(target, mode);
        await writeOutput(target, (w) => w("new"));
        assert.equal(await Deno.readTextFile(target), "new");
        assert.equal((await Deno.stat(target)).mode! & 0o777, mode);
      }
    });
    await t.step("an output that is an input (same inode) is refused before writing", async () => {
      const input = `${dir}/in.csv`;
      await Deno.writeTextFile(input, "keep");
      await Deno.symlink(input, `${dir}/alias.csv`);
      await assert.rejects(
        writeOutput(`${dir}/alias.csv`, (w) => w("x"), { inputs: [input] }),
        /it is also an input/,
      );
      assert.equal(await Deno.readTextFile(input), "keep");
    });
    await t.step("a folder is named as such", async () => {
      await assert.rejects(writeOutput(dir, (w) => w("x")), /is a folder/);
    });
    await t.step("a character device (/dev/null) is written directly", async () => {
      await writeOutput("/dev/null", (w) => w("discarded"));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
