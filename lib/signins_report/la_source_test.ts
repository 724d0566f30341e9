import assert from "node:assert/strict";
import { countedPartsOf } from "../log_analytics/mod.ts";
import { REPORT_SECTIONS } from "./aggregator.ts";
import { SECTIONS_OF_PART } from "./la_source.ts";

Deno.test("every report section is fed by exactly one counted part, and by the whole sign-in", () => {
  const fed = countedPartsOf("parts").flatMap((p) => SECTIONS_OF_PART[p]);
  assert.deepEqual([...fed].sort(), [...REPORT_SECTIONS].sort());
  assert.deepEqual(countedPartsOf("parts").filter((p) => SECTIONS_OF_PART[p].includes("users")), ["user"]);
  assert.deepEqual(SECTIONS_OF_PART.whole, REPORT_SECTIONS);
});
