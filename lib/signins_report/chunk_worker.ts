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
import { trace } from "./_trace.ts";
trace("worker module graph loaded");

const state: { current: ChunkProcessor | null } = { current: null };
/** File chunks are read one after the other. */
let files: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<ChunkRequest>) => {
  const req = e.data;
  trace(`worker got ${req.kind} ${req.chunk}`);
  if (req.kind === "file") {
    const progress = (rows: number) =>
      self.postMessage({ kind: "progress", chunk: req.chunk, rows } satisfies ChunkReply);
    files = files.then(async () => {
      const r = await handleFileChunk(req, { progress });
      trace("worker posting");
      self.postMessage(r);
      trace("worker posted");
    });
  } else self.postMessage(handleChunkRequest(state, req));
};
