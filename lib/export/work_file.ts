/**
 * The files of an export on disk: the work file the NDJSON lines are appended to (flushed to
 * disk before every checkpoint), the checkpoint written atomically (temporary file, flush,
 * rename), reading lines back from an offset on resume, and the final gzip compression.
 *
 * @module
 */

import { InputError } from "../cli/errors.ts";
import { readSmallTextFile } from "../io/small_file.ts";
const encoder = new TextEncoder();

/**
 * An append-only file that knows its length. Opening it at a checkpoint cuts off anything
 * written after the checkpoint (a half-written page after a crash).
 *
 * @example
 * ```ts
 * import { WorkFile } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * const f = await WorkFile.open(path, 0);
 * await f.append(new TextEncoder().encode("a\nb\n"));
 * await f.sync();
 * f.close();
 * const g = await WorkFile.open(path, 2); // resume at the checkpoint after "a\n"
 * assert.equal(g.length, 2);
 * g.close();
 * assert.equal(await Deno.readTextFile(path), "a\n");
 * await Deno.remove(path);
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
   * Opens (creating) the file and cuts it to `length` bytes.
   *
   * @throws {RangeError} when the file is shorter than `length` (it is not the file the checkpoint describes)
   */
  static async open(path: string, length: number): Promise<WorkFile> {
    const file = await Deno.open(path, { read: true, write: true, create: true });
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
 * Writes a text file atomically: to `temp`, flushed, then renamed over `path`, so a reader
 * (or a resume after a crash) sees the old or the new content, never a mix.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/s.json`, `${dir}/s.json.tmp`, "{}");
 * assert.equal(await Deno.readTextFile(`${dir}/s.json`), "{}");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, temp: string, text: string): Promise<void> {
  const f = await Deno.open(temp, { write: true, create: true, truncate: true });
  try {
    const bytes = encoder.encode(text);
    let done = 0;
    while (done < bytes.length) done += await f.write(bytes.subarray(done));
    await f.syncData();
  } finally {
    f.close();
  }
  await Deno.rename(temp, path);
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
 * Compresses `src` into `dest` with gzip (CompressionStream), via `temp` + flush + rename, so
 * `dest` is never a partial file.
 *
 * @example
 * ```ts
 * import { gzipFileAtomic } from "./work_file.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a`, "hello\n");
 * await gzipFileAtomic(`${dir}/a`, `${dir}/a.gz`, `${dir}/a.gz.tmp`);
 * const back = await new Response((await Deno.open(`${dir}/a.gz`)).readable.pipeThrough(new DecompressionStream("gzip"))).text();
 * assert.equal(back, "hello\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function gzipFileAtomic(src: string, dest: string, temp: string): Promise<void> {
  const input = await Deno.open(src, { read: true });
  const output = await Deno.open(temp, { write: true, create: true, truncate: true });
  try {
    for await (const chunk of input.readable.pipeThrough(new CompressionStream("gzip"))) {
      let done = 0;
      while (done < chunk.length) done += await output.write(chunk.subarray(done));
    }
    await output.syncData();
  } finally {
    output.close();
  }
  await Deno.rename(temp, dest);
}
