/**
 * Opening a sign-in input as a stream of byte chunks (private).
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

/** What {@linkcode readSignIns} accepts: a path, a file URL, an open file, or a byte stream. */
export type SignInInput = string | URL | Deno.FsFile | ReadableStream<Uint8Array>;

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

/** A gzip file, decompressed as it is read; a damaged one is an {@linkcode InputError}. */
async function* readGzip(file: Deno.FsFile, name: string): AsyncGenerator<Uint8Array> {
  try {
    yield* readStream(file.readable.pipeThrough(new DecompressionStream("gzip")));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`Cannot decompress gzip data: ${(e as Error).message}`, { file: name }, {
      cause: e,
    });
  }
}

/** Opens an input (a path is opened for reading here and closed by `close()`). */
export async function openInput(input: SignInInput, fileName: string | undefined): Promise<OpenedInput> {
  if (typeof input === "string" || input instanceof URL) {
    const path = typeof input === "string" ? input : decodeURIComponent(input.pathname);
    const file = await Deno.open(input, { read: true });
    let closed = false;
    // `signins-export --gzip` files are read as they are, decompressed on the fly
    const gzip = /\.gz$/i.test(path);
    return {
      name: fileName ?? path,
      path,
      chunks: gzip ? readGzip(file, fileName ?? path) : readFile(file),
      close() {
        if (!closed) {
          closed = true;
          try {
            file.close();
          } catch { /* the gzip stream closed it already */ }
        }
      },
    };
  }
  if (input instanceof ReadableStream) {
    return { name: fileName ?? "<stream>", path: null, chunks: readStream(input), close() {} };
  }
  return { name: fileName ?? "<file>", path: null, chunks: readFile(input), close() {} };
}
