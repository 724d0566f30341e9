/**
 * The page worker of `readGraphPagesElsewhere` (graph_pages.ts): parses each Graph page
 * body it is given, answers with what the pager checks, then maps, merges and aggregates the
 * page's items; at the end it sends back the aggregator's state. Permissions are the parent's.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import {
  type GraphPageProcessor,
  type GraphPageReply,
  type GraphPageRequest,
  handleGraphPageRequest,
} from "./graph_pages.ts";

const state: { current: GraphPageProcessor | null } = { current: null };
const reply = (r: GraphPageReply) => self.postMessage(r);

self.onmessage = (e: MessageEvent<GraphPageRequest>) => handleGraphPageRequest(state, e.data, reply);
