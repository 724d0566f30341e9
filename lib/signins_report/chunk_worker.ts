/**
 * The chunk worker of {@linkcode reportFileInChunks} (chunked.ts): reads, filters, merges and
 * aggregates the chunks it is given, one at a time, and sends back each chunk's aggregator
 * state, head rows and merger states. Permissions are the parent's.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type ChunkProcessor, type ChunkRequest, handleChunkRequest } from "./chunked.ts";

const state: { current: ChunkProcessor | null } = { current: null };

self.onmessage = (e: MessageEvent<ChunkRequest>) => {
  self.postMessage(handleChunkRequest(state, e.data));
};
