/**
 * Where a task's output goes: stdout, or a file written atomically (a temp file in the same
 * folder, created exclusively so no symlink or stray file is followed, renamed over the target
 * only when the whole output is written). A failed run never truncates a previous report and
 * leaves no temp file behind. The file replaced keeps its mode (a 0600 report stays 0600); a
 * new file gets 0644 less the umask. An output that is one of the run's inputs, or a folder,
 * is refused before anything is read; a character device such as `/dev/null` is written
 * directly (it cannot be replaced). This is the one atomic writer: the export's checkpoint
 * and compressed output use it too.
 *
 * @module
 */

/** A destination written in pieces, then committed or aborted. */
export interface OutputSink {
  /** The path being written, or `"-"` for stdout. */
  readonly target: string;
  /** Appends text. */
  write(text: string): Promise<void>;
  /** Appends bytes. */
  writeBytes(data: Uint8Array): Promise<void>;
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

async function lstatOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

async function statOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch {
    return undefined;
  }
}

/** What is at an output path now. */
export type OutputTargetKind = "none" | "file" | "device";

/**
 * Checks an output path before a run: refuses a folder and any of the run's `inputs` (same
 * device and inode, so another spelling or a link to it is caught too), and says whether the
 * path is new, a regular file (replaced atomically) or a device/pipe (written directly).
 *
 * @param path the output path
 * @param inputs files the run reads
 * @throws {Error} naming the path and what is wrong
 *
 * @example
 * ```ts
 * import { checkOutputTarget } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/in.csv`, "x");
 * await assert.rejects(checkOutputTarget(`${dir}/./in.csv`, [`${dir}/in.csv`]), /is also an input/);
 * await assert.rejects(checkOutputTarget(dir), /is a folder/);
 * assert.equal(await checkOutputTarget(`${dir}/new.md`), "none");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkOutputTarget(
  path: string,
  inputs: readonly string[] = [],
): Promise<OutputTargetKind> {
  const info = await statOrUndefined(path);
  if (info === undefined) return "none";
  if (info.isDirectory) {
    throw new Error(`Cannot write ${JSON.stringify(path)}: it is a folder; give a file name with --out`);
  }
  for (const input of inputs) {
    const i = await statOrUndefined(input);
    if (i && i.dev === info.dev && i.ino !== null && i.ino === info.ino) {
      throw new Error(
        `Cannot write ${JSON.stringify(path)}: it is also an input (${
          JSON.stringify(input)
        }); writing would destroy it — choose another --out`,
      );
    }
  }
  return info.isFile ? "file" : "device";
}

/**
 * Renames `temp` over `target`, giving it first the mode of the file it replaces (if any).
 *
 * @example
 * ```ts
 * import { replaceFile } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/r`, "old", { mode: 0o600 });
 * await Deno.chmod(`${dir}/r`, 0o600);
 * await Deno.writeTextFile(`${dir}/t`, "new");
 * await replaceFile(`${dir}/t`, `${dir}/r`);
 * assert.equal((await Deno.stat(`${dir}/r`)).mode! & 0o777, 0o600);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function replaceFile(temp: string, target: string): Promise<void> {
  const old = await lstatOrUndefined(target);
  if (old?.isFile && old.mode !== null) await Deno.chmod(temp, old.mode & 0o7777);
  await Deno.rename(temp, target);
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
export async function openOutput(path?: string, options: OutputOptions = {}): Promise<OutputSink> {
  if (path === undefined || path === "-") {
    return {
      target: "-",
      write: (text) => writeAll(Deno.stdout, encoder.encode(text)),
      writeBytes: (data) => writeAll(Deno.stdout, data),
      commit: () => Promise.resolve(),
      abort: () => Promise.resolve(),
    };
  }
  const fail = (e: unknown): never => {
    throw new Error(`Cannot write ${JSON.stringify(path)}: ${(e as Error).message}`, { cause: e });
  };
  let kind: OutputTargetKind;
  try {
    kind = await checkOutputTarget(path, options.inputs);
  } catch (e) {
    throw e instanceof Error && e.message.startsWith("Cannot write") ? e : fail(e);
  }
  if (kind === "device") {
    // /dev/null, a pipe: nothing to replace atomically; written as it comes.
    let dev: Deno.FsFile;
    try {
      dev = await Deno.open(path, { write: true });
    } catch (e) {
      return fail(e);
    }
    let open = true;
    const closeDev = () => {
      if (open) {
        open = false;
        dev.close();
      }
    };
    return {
      target: path,
      write: (text) => writeAll(dev, encoder.encode(text)),
      writeBytes: (data) => writeAll(dev, data),
      commit: () => Promise.resolve(closeDev()),
      abort: () => Promise.resolve(closeDev()),
    };
  }
  const [dir, base] = dirAndBase(path);
  const tmp = `${dir}/.${base}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  let file: Deno.FsFile;
  try {
    // createNew: never follows a symlink planted at the temp name, never reuses a stray file.
    file = await Deno.open(tmp, { write: true, createNew: true, mode: 0o644 });
  } catch (e) {
    return fail(e);
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
    async writeBytes(data) {
      await writeAll(file, data);
    },
    async commit() {
      try {
        await file.sync();
        close();
        await replaceFile(tmp, path);
      } catch (e) {
        close();
        await Deno.remove(tmp).catch(() => {});
        fail(e);
      }
    },
    async abort() {
      close();
      await Deno.remove(tmp).catch(() => {});
    },
  };
}

/** Options of {@linkcode openOutput}. */
export interface OutputOptions {
  /** Files the run reads: an output that is one of them is refused. */
  inputs?: readonly string[];
}

/**
 * Writes a whole text file atomically (see {@linkcode openOutput}).
 *
 * @example
 * ```ts
 * import { writeTextFileAtomic } from "./output.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeTextFileAtomic(`${dir}/s.json`, "{}");
 * assert.equal(await Deno.readTextFile(`${dir}/s.json`), "{}");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextFileAtomic(path: string, text: string): Promise<void> {
  await writeOutput(path, (w) => w(text));
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
  options: OutputOptions = {},
): Promise<void> {
  const sink = await openOutput(path, options);
  try {
    await produce((t) => sink.write(t));
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await sink.commit();
}
