/**
 * The chunk worker of {@linkcode reportFileInChunks} (chunked.ts): reads, filters, merges and
 * aggregates the chunks it is given, one at a time, and sends back each chunk's aggregator
 * state, head rows and merger states. Permissions are the parent's.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import {
  type ChunkProcessor,
  type ChunkReply,
  type ChunkRequest,
  handleChunkRequest,
  handleFileChunk,
} from "./chunked.ts";

const state: { current: ChunkProcessor | null } = { current: null };
/** File chunks are read one after the other. */
let files: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<ChunkRequest>) => {
  const req = e.data;
  if (req.kind === "file") {
    const progress = (rows: number) =>
      self.postMessage({ kind: "progress", chunk: req.chunk, rows } satisfies ChunkReply);
    files = files.then(async () => self.postMessage(await handleFileChunk(req, { progress })));
  } else self.postMessage(handleChunkRequest(state, req));
};
