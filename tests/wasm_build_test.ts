/**
 * The committed WebAssembly is what its source compiles to: `lib/io/wasm/json_scan_wasm.ts` is
 * rebuilt from `lib/io/wasm/json_scan.as` with the pinned AssemblyScript compiler and compared
 * byte for byte, so the binary is never a hand-edited blob (`deno task build-wasm` rewrites it).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  compileJsonScan,
  JSON_SCAN_MODULE,
  JSON_SCAN_SOURCE,
  jsonScanModuleText,
} from "../scripts/build_wasm.ts";
import { PROJECT_ROOT } from "./_run_task.ts";

Deno.test("lib/io/wasm/json_scan_wasm.ts is the compiled lib/io/wasm/json_scan.as (deno task build-wasm)", async () => {
  const wasm = await compileJsonScan(await Deno.readTextFile(`${PROJECT_ROOT}${JSON_SCAN_SOURCE}`));
  assert.ok(WebAssembly.validate(wasm as Uint8Array<ArrayBuffer>));
  const committed = await Deno.readTextFile(`${PROJECT_ROOT}${JSON_SCAN_MODULE}`);
  assert.equal(committed, jsonScanModuleText(wasm), "run `deno task build-wasm` and commit the result");
});
