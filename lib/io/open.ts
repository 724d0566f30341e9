/**
 * Opening an input as a stream of byte chunks: a path (a regular file only; `.gz` is
 * decompressed as it is read), `-` for standard input, an open file or a byte stream. Every
 * input has a size cap, counted on the bytes after decompression, so a gzip bomb or
 * `/dev/zero` stops with an {@linkcode InputError} instead of filling memory or running forever.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** What the readers accept: a path (`-` is standard input), a file URL, an open file, or a byte stream. */
export type InputSource = string | URL | Deno.FsFile | ReadableStream<Uint8Array>;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Kinds of input files and the most bytes (after decompression) read from each. Big exports
 * are streamed, so their caps only bound the time spent; option files are read whole, so
 * theirs bound memory.
 *
 * @example
 * ```ts
 * import { INPUT_SIZE_CAP } from "./open.ts";
 * import assert from "node:assert/strict";
 * assert.equal(INPUT_SIZE_CAP["option-file"], 16 * 1024 * 1024);
 * ```
 */
export const INPUT_SIZE_CAP = {
  /** Sign-in exports (`--from`): streamed. */
  "sign-ins": 64 * GIB,
  /** The portal's `…_AuthDetails_…` file: held as a map by Request ID. */
  "auth-details": 4 * GIB,
  /** Registration exports (`registration-* --from`): streamed. */
  registration: 16 * GIB,
  /** MFA Server activity exports: streamed. */
  "mfa-server": 16 * GIB,
  /** Small files read whole: policy, baseline, exclusion list, key file, CA policy export. */
  "option-file": 16 * MIB,
} as const;

/** One of the {@linkcode INPUT_SIZE_CAP} keys. */
export type InputKind = keyof typeof INPUT_SIZE_CAP;

/** Options of {@linkcode openInput}. */
export interface OpenInputOptions {
  /** Name for messages. @default the path, `<stdin>`, `<stream>` or `<file>` */
  name?: string;
  /** The kind of file, which sets the size cap. @default "sign-ins" */
  kind?: InputKind;
  /** Overrides the kind's cap (bytes after decompression). */
  maxBytes?: number;
  /** Whether a path ending in `.gz` is decompressed. @default true */
  gunzip?: boolean;
  /** What the file is, for messages (`"compliance policy"`). @default "the <kind> file" */
  what?: string;
}

/** An opened input. */
export interface OpenedInput {
  /** Name for messages and `source.file`. */
  readonly name: string;
  /** File system path, when the input is one (used to find the portal AuthDetails file). */
  readonly path: string | null;
  /** Byte chunks; a chunk is only valid until the next one is requested. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Releases what this module opened (a caller's FsFile stays open). */
  close(): void;
}

const READ_SIZE = 1024 * 1024;

/**
 * Reads a file in 1 MiB chunks, double-buffered: the read of the next chunk is already under way
 * while the caller parses the current one, so parsing does not wait for the disk.
 */
async function* readFile(file: Deno.FsFile): AsyncGenerator<Uint8Array> {
  let current = new Uint8Array(READ_SIZE);
  let spare = new Uint8Array(READ_SIZE);
  // A caller may stop early and close the file while a read is under way; that read then
  // fails with nobody awaiting it. Marking each read handled keeps that from crashing the run
  // (awaiting it still throws).
  const readInto = (buf: Uint8Array): Promise<number | null> => {
    const p = file.read(buf);
    p.catch(() => {});
    return p;
  };
  let pending = readInto(current);
  for (;;) {
    const n = await pending;
    if (n === null) return;
    const filled = current;
    current = spare;
    spare = filled;
    pending = readInto(current);
    if (n > 0) yield filled.subarray(0, n);
  }
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      if (r.value.length > 0) yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** A gzip stream, decompressed as it is read; a damaged one is an {@linkcode InputError}. */
async function* gunzip(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  name: string,
): AsyncGenerator<Uint8Array> {
  try {
    yield* readStream(stream.pipeThrough(new DecompressionStream("gzip")));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`Cannot decompress gzip data: ${(e as Error).message}`, { file: name }, {
      cause: e,
    });
  }
}

function formatBytes(n: number): string {
  return n >= GIB && n % GIB === 0
    ? `${n / GIB} GiB`
    : n >= MIB
    ? `${Math.round(n / MIB)} MiB`
    : `${n} bytes`;
}

/** Passes chunks through, failing once more than `max` bytes went by. */
async function* capped(
  chunks: AsyncIterable<Uint8Array>,
  max: number,
  name: string,
  what: string,
  gz: boolean,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (total > max) {
      throw new InputError(
        `Cannot read ${what}: it is larger than ${formatBytes(max)}${
          gz ? " once decompressed" : ""
        }, the cap for this kind of file; stopped reading there`,
        { file: name, byte: max },
      );
    }
    yield c;
  }
}

/**
 * Opens an input. A path must name a regular file (not a directory, device or pipe) or be `-`
 * (standard input); it is opened here and closed by `close()`.
 *
 * @param input path, `-`, file URL, open file or byte stream
 * @param options name for messages, kind of file (size cap)
 * @returns the opened input
 * @throws {InputError} when the path cannot be opened or is not a regular file
 *
 * @example A cap on the bytes read
 * ```ts
 * import { openInput } from "./open.ts";
 * import assert from "node:assert/strict";
 * const o = await openInput(new Blob(["0123456789"]).stream(), { name: "x.txt", maxBytes: 4 });
 * await assert.rejects(Array.fromAsync(o.chunks), /^InputError: x\.txt \(byte 4\): Cannot read the sign-ins file: it is larger than 4 bytes/);
 * ```
 */
export async function openInput(input: InputSource, options: OpenInputOptions = {}): Promise<OpenedInput> {
  const kind = options.kind ?? "sign-ins";
  const max = options.maxBytes ?? INPUT_SIZE_CAP[kind];
  const what = options.what === undefined ? `the ${kind} file` : `the ${options.what}`;
  if (input === "-") {
    const name = options.name ?? "<stdin>";
    return {
      name,
      path: null,
      chunks: capped(readStream(Deno.stdin.readable), max, name, what, false),
      close() {},
    };
  }
  if (typeof input === "string" || input instanceof URL) {
    const path = typeof input === "string" ? input : decodeURIComponent(input.pathname);
    const name = options.name ?? path;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(input, { read: true });
    } catch (e) {
      const why = e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message;
      const verb = options.what === undefined ? "Cannot open the file" : `Cannot read the ${options.what}`;
      throw new InputError(`${verb}: ${why}`, { file: name }, { cause: e });
    }
    let closed = false;
    const close = () => {
      if (!closed) {
        closed = true;
        try {
          file.close();
        } catch { /* the gzip stream closed it already */ }
      }
    };
    let info: Deno.FileInfo;
    try {
      info = await file.stat();
    } catch (e) {
      close();
      throw new InputError(`Cannot open the file: ${(e as Error).message}`, { file: name }, { cause: e });
    }
    if (!info.isFile) {
      close();
      const kindOf = info.isDirectory ? "a directory" : "not a regular file (a device, pipe or socket)";
      const whatFile = options.what === undefined ? "the file" : `the ${options.what}`;
      throw new InputError(
        `Cannot read ${whatFile}: it is ${kindOf}; give a regular file, or - for standard input`,
        {
          file: name,
        },
      );
    }
    // `signins-export --gzip` files are read as they are, decompressed on the fly
    const gz = (options.gunzip ?? true) && /\.gz$/i.test(path);
    return {
      name,
      path,
      chunks: capped(gz ? gunzip(file.readable, name) : readFile(file), max, name, what, gz),
      close,
    };
  }
  if (input instanceof ReadableStream) {
    const name = options.name ?? "<stream>";
    return { name, path: null, chunks: capped(readStream(input), max, name, what, false), close() {} };
  }
  const name = options.name ?? "<file>";
  return { name, path: null, chunks: capped(readFile(input), max, name, what, false), close() {} };
}
