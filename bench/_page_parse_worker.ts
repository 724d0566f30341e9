/**
 * graph_paging's parse-only page worker: parses each page body it is given (transferred) and
 * answers with the page's skeleton, as the report's page worker does before it counts the items.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { invalidJsonDetail, pageSkeleton, type ParsedPage } from "../lib/graph/mod.ts";

const decoder = new TextDecoder();
self.onmessage = (e: MessageEvent<ArrayBuffer>) => {
  const body = e.data;
  let parsed: ParsedPage;
  try {
    const value = JSON.parse(body.byteLength ? decoder.decode(body) : "");
    const page = pageSkeleton(value);
    // touch every item, as a reader would (ids checked in order by the bench)
    const items = (value as { value?: { id?: unknown }[] }).value ?? [];
    let last = "";
    for (const it of items) last = String(it?.id);
    parsed = { ok: true, page };
    self.postMessage({ parsed, last });
  } catch {
    parsed = { ok: false, detail: invalidJsonDetail(body.byteLength) };
    self.postMessage({ parsed, last: "" });
  }
};
