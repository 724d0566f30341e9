/**
 * Small files read whole — the policy, the baseline, an exclusion list, the redaction key, a
 * Conditional Access policy export — through the one input layer: a regular file (or `-` for
 * standard input) only, at most {@linkcode INPUT_SIZE_CAP}`["option-file"]` bytes, text decoded
 * by the one decoder.
 *
 * @module
 */
import { TextChunkDecoder } from "./decode.ts";
import { INPUT_SIZE_CAP, openInput } from "./open.ts";

/** Options of {@linkcode readSmallTextFile} and {@linkcode readSmallFile}. */
export interface SmallFileOptions {
  /** What the file is, for messages (`"compliance policy"`). */
  what: string;
  /** Most bytes read. @default INPUT_SIZE_CAP["option-file"] (16 MiB) */
  maxBytes?: number;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    parts.push(c.slice());
    n += c.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Reads a small text file whole (UTF-8 or UTF-16, the BOM removed).
 *
 * @param path the file, or `-` for standard input
 * @param options what it is (for messages) and its cap
 * @returns the text
 * @throws {InputError} when it cannot be opened, is not a regular file, is over the cap or is not text
 *
 * @example A device is refused before anything is read
 * ```ts
 * import { readSmallTextFile } from "./small_file.ts";
 * import assert from "node:assert/strict";
 * await assert.rejects(readSmallTextFile("/dev/null", { what: "exclusion list" }), /it is not a regular file/);
 * ```
 */
export async function readSmallTextFile(path: string, options: SmallFileOptions): Promise<string> {
  const bytes = await readSmallFile(path, options);
  const d = new TextChunkDecoder(path);
  return d.decode(bytes) + d.end();
}

/**
 * Reads a small binary file whole (a key file).
 *
 * @param path the file, or `-` for standard input
 * @param options what it is (for messages) and its cap
 * @returns the bytes
 * @throws {InputError} when it cannot be opened, is not a regular file or is over the cap
 *
 * @example The cap
 * ```ts
 * import { readSmallFile } from "./small_file.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, new Uint8Array(2048));
 * await assert.rejects(readSmallFile(path, { what: "key file", maxBytes: 1024 }), /Cannot read the key file: it is larger than 1024 bytes/);
 * assert.equal((await readSmallFile(path, { what: "key file" })).length, 2048);
 * await Deno.remove(path);
 * ```
 */
export async function readSmallFile(path: string, options: SmallFileOptions): Promise<Uint8Array> {
  const max = options.maxBytes ?? INPUT_SIZE_CAP["option-file"];
  const opened = await openInput(path, {
    kind: "option-file",
    maxBytes: max,
    gunzip: false,
    what: options.what,
  });
  try {
    return await collect(opened.chunks);
  } finally {
    opened.close();
  }
}
