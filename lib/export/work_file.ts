/**
 * The files of an export on disk: the work file the NDJSON lines are appended to (flushed to
 * disk before every checkpoint; created exclusively, never through a symlink), reading lines
 * back from an offset on resume, and the final gzip compression (through the project's one
 * atomic writer, lib/report/output.ts, like the checkpoint).
 *
 * @module
 */
import { openOutput } from "../report/output.ts";
import { InputError } from "../errors.ts";
import { readSmallTextFile } from "../io/small_file.ts";

/**
 * An append-only file that knows its length. Opening it at a checkpoint cuts off anything
 * written after the checkpoint (a half-written page after a crash).
 *
 * @example
 * ```ts
 * import { WorkFile } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * const path = `${await Deno.makeTempDir()}/w.partial`;
 * const f = await WorkFile.open(path, 0, { fresh: true });
 * await f.append(new TextEncoder().encode("a\nb\n"));
 * await f.sync();
 * f.close();
 * const g = await WorkFile.open(path, 2, { fresh: false }); // resume at the checkpoint after "a\n"
 * assert.equal(g.length, 2);
 * g.close();
 * assert.equal(await Deno.readTextFile(path), "a\n");
 * await Deno.remove(path);
 * await assert.rejects(WorkFile.open(path, 2, { fresh: false }).then(() => {}), /no work file/);
 * ```
 */
export class WorkFile {
  readonly #file: Deno.FsFile;
  #length: number;

  private constructor(file: Deno.FsFile, length: number) {
    this.#file = file;
    this.#length = length;
  }

  /**
   * Opens the file and cuts it to `length` bytes. `fresh`: a new export, the file is created
   * and must not exist (a stray file or a symlink there is refused, never truncated);
   * otherwise it must exist as a regular file (a symlink is refused), except that a
   * checkpoint at 0 bytes may create it.
   *
   * @throws {RangeError} when the file is shorter than `length` (it is not the file the checkpoint describes)
   * @throws {Error} when the path is taken (fresh), missing, or not a regular file
   */
  static async open(path: string, length: number, how: { fresh: boolean }): Promise<WorkFile> {
    let file: Deno.FsFile;
    if (how.fresh) {
      try {
        file = await Deno.open(path, { read: true, write: true, createNew: true, mode: 0o600 });
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
        throw new Error(
          `Cannot start the export: ${path} already exists without a checkpoint (a stray work file or a link); ` +
            `delete it to start over`,
        );
      }
    } else {
      let info: Deno.FileInfo | undefined;
      try {
        info = await Deno.lstat(path);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      if (info === undefined && length > 0) {
        throw new Error(
          `Cannot resume from ${path}: there is no work file, but the checkpoint expects ${length} bytes`,
        );
      }
      if (info !== undefined && !info.isFile) {
        throw new Error(
          `Cannot resume from ${path}: it is not a regular file (a symlink or a folder); refusing to write through it`,
        );
      }
      if (info === undefined && length === 0) {
        return WorkFile.open(path, 0, { fresh: true });
      }
      file = await Deno.open(path, { read: true, write: true });
    }
    try {
      const size = (await file.stat()).size;
      if (size < length) {
        throw new RangeError(
          `Cannot resume from ${path}: expected at least ${length} bytes (the checkpoint), found ${size}`,
        );
      }
      if (size > length) await file.truncate(length);
      await file.seek(length, Deno.SeekMode.Start);
      return new WorkFile(file, length);
    } catch (e) {
      file.close();
      throw e;
    }
  }

  /** Bytes in the file. */
  get length(): number {
    return this.#length;
  }

  /** Appends bytes; resolves with the offset they start at. */
  async append(bytes: Uint8Array): Promise<number> {
    const at = this.#length;
    let done = 0;
    while (done < bytes.length) done += await this.#file.write(bytes.subarray(done));
    this.#length += bytes.length;
    return at;
  }

  /** Flushes the data to disk. */
  async sync(): Promise<void> {
    await this.#file.syncData();
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }
}

/**
 * A small file's text (through lib/io, capped), or undefined when it does not exist.
 *
 * @example
 * ```ts
 * import { readTextIfExists } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await readTextIfExists("/nonexistent/state.json"), undefined);
 * ```
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readSmallTextFile(path, { what: "export state file" });
  } catch (e) {
    if (e instanceof InputError && e.cause instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Whether a path exists.
 *
 * @example
 * ```ts
 * import { pathExists } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await pathExists("/nonexistent/x"), false);
 * ```
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Removes a file if it exists.
 *
 * @example
 * ```ts
 * import { removeIfExists } from "./work_file.ts";
 * await removeIfExists("/nonexistent/x");
 * ```
 */
export async function removeIfExists(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Compresses `src` into `dest` with gzip (CompressionStream) through the atomic writer, so
 * `dest` is never a partial file and no fixed temporary name is followed.
 *
 * @example
 * ```ts
 * import { gzipFileAtomic } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a`, "hello\n");
 * await gzipFileAtomic(`${dir}/a`, `${dir}/a.gz`);
 * const back = await new Response((await Deno.open(`${dir}/a.gz`)).readable.pipeThrough(new DecompressionStream("gzip"))).text();
 * assert.equal(back, "hello\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function gzipFileAtomic(src: string, dest: string): Promise<void> {
  const input = await Deno.open(src, { read: true });
  const sink = await openOutput(dest);
  try {
    for await (const chunk of input.readable.pipeThrough(new CompressionStream("gzip"))) {
      await sink.writeBytes(chunk);
    }
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await sink.commit();
}
