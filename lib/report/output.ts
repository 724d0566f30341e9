/**
 * Where a task's output goes: stdout, or a file written atomically (a temp file in the same
 * folder, renamed over the target only when the whole output is written). A failed run never
 * truncates a previous report and leaves no temp file behind.
 *
 * @module
 */

/** A destination written in pieces, then committed or aborted. */
export interface OutputSink {
  /** The path being written, or `"-"` for stdout. */
  readonly target: string;
  /** Appends text. */
  write(text: string): Promise<void>;
  /** Finishes: for a file, flushes and renames the temp file over the target. */
  commit(): Promise<void>;
  /** Gives up: for a file, removes the temp file; the target is untouched. */
  abort(): Promise<void>;
}

const encoder = new TextEncoder();

async function writeAll(w: { write(p: Uint8Array): Promise<number> }, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await w.write(data.subarray(off));
}

function dirAndBase(path: string): [string, string] {
  const i = path.lastIndexOf("/");
  return i < 0 ? [".", path] : [path.slice(0, i) || "/", path.slice(i + 1)];
}

/**
 * Opens an output: `undefined` or `"-"` means stdout, anything else a file path written
 * atomically (the folder must exist).
 *
 * @param path `--out` value
 * @returns a sink; call `commit()` on success and `abort()` on failure
 *
 * @example Atomic file write
 * ```ts
 * import { openOutput } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const out = await openOutput(`${dir}/report.md`);
 * await out.write("# Report\n");
 * await out.commit();
 * assert.equal(await Deno.readTextFile(`${dir}/report.md`), "# Report\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openOutput(path?: string): Promise<OutputSink> {
  if (path === undefined || path === "-") {
    return {
      target: "-",
      write: (text) => writeAll(Deno.stdout, encoder.encode(text)),
      commit: () => Promise.resolve(),
      abort: () => Promise.resolve(),
    };
  }
  const [dir, base] = dirAndBase(path);
  const tmp = `${dir}/.${base}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(tmp, { write: true, createNew: true, mode: 0o644 });
  } catch (e) {
    throw new Error(`Cannot write ${JSON.stringify(path)}: ${(e as Error).message}`, { cause: e });
  }
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      file.close();
    }
  };
  return {
    target: path,
    async write(text) {
      await writeAll(file, encoder.encode(text));
    },
    async commit() {
      try {
        await file.sync();
        close();
        await Deno.rename(tmp, path);
      } catch (e) {
        close();
        await Deno.remove(tmp).catch(() => {});
        throw new Error(`Cannot write ${JSON.stringify(path)}: ${(e as Error).message}`, { cause: e });
      }
    },
    async abort() {
      close();
      await Deno.remove(tmp).catch(() => {});
    },
  };
}

/**
 * Writes the text produced by `produce` to `path` (or stdout) atomically: if `produce`
 * throws, the previous file is untouched and the error is re-thrown.
 *
 * @example
 * ```ts
 * import { writeOutput } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/r.md`, "old");
 * await assert.rejects(writeOutput(`${dir}/r.md`, async (w) => {
 *   await w("new, partial");
 *   throw new Error("boom");
 * }));
 * assert.equal(await Deno.readTextFile(`${dir}/r.md`), "old");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeOutput(
  path: string | undefined,
  produce: (write: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const sink = await openOutput(path);
  try {
    await produce((t) => sink.write(t));
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await sink.commit();
}
