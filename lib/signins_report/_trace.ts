// TEMPORARY tracing (removed before commit)
export const traceMode = Deno.permissions.querySync({ name: "env", variable: "CHUNK_TRACE" }).state === "granted"
  ? Deno.env.get("CHUNK_TRACE")
  : undefined;
const on = traceMode !== undefined;
const who = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined" ? "W" : "M";
export function trace(label: string): void {
  if (on) console.error(`TRACE ${who} ${(performance.timeOrigin + performance.now()).toFixed(1)} ${label}`);
}
trace(`trace module loaded (origin ${performance.timeOrigin.toFixed(1)})`);
if (who === "M") globalThis.addEventListener("unload", () => trace("unload"));
