import assert from "node:assert/strict";
import { readSignInBatches } from "../signins/read_sign_ins.ts";
import type { SignIn } from "../signins/sign_in.ts";
import { SignInAggregator } from "./aggregator.ts";
import { REPORT_SKIPS_REQUEST_IDS, ReportPipeline } from "./pipeline.ts";
import { generateSignIns } from "../../dev/sample/mod.ts";

const REQUEST_IDS = ["originalRequestId", "uniqueTokenIdentifier", "sessionId"] as const;

/** Sample-tenant rows, then copies of some (same id, other request ids: duplicates to drop). */
function sampleText(): string {
  const rows: Record<string, unknown>[] = [
    ...generateSignIns({ seed: 11, users: 30, days: 15, signInsPerUserPerDay: 3 }),
  ] as never;
  const copies = rows.slice(0, 40).map((r, i) => ({
    ...r,
    sessionId: `00000000-0000-0000-0000-0000000000${String(i).padStart(2, "0")}`,
    uniqueTokenIdentifier: `copy${i}`,
  }));
  return [...rows, ...copies].map((r) => JSON.stringify(r)).join("\n") + "\n";
}

async function read(
  text: string,
  o: { skipRequestIds: boolean; scanner: "json" | "wasm" },
): Promise<SignIn[]> {
  const out: SignIn[] = [];
  for await (const b of readSignInBatches(new Blob([text]).stream(), o)) out.push(...b);
  return out;
}

Deno.test("skipRequestIds: the request ids are null, every other field as read without it (both scanners)", async (t) => {
  const text = sampleText();
  for (const scanner of ["wasm", "json"] as const) {
    await t.step(scanner, async () => {
      const all = await read(text, { skipRequestIds: false, scanner });
      const skipped = await read(text, { skipRequestIds: true, scanner });
      assert.equal(skipped.length, all.length);
      assert.ok(all.some((s) => s.sessionId !== null && s.originalRequestId !== null), "the sample has them");
      for (let i = 0; i < all.length; i++) {
        for (const k of REQUEST_IDS) assert.equal(skipped[i]![k], null, `${k} of row ${i}`);
        assert.deepEqual(
          { ...skipped[i], ...Object.fromEntries(REQUEST_IDS.map((k) => [k, all[i]![k]])) },
          all[i],
        );
      }
    });
  }
});

Deno.test("the report is the same with the request ids read or not (what REPORT_SKIPS_REQUEST_IDS relies on)", async () => {
  assert.equal(REPORT_SKIPS_REQUEST_IDS, true);
  const text = sampleText();
  const reports = [];
  const dropped: number[] = [];
  for (const skipRequestIds of [false, true]) {
    const agg = new SignInAggregator();
    const pipeline = new ReportPipeline(agg);
    pipeline.pushAll(await read(text, { skipRequestIds, scanner: "wasm" }));
    pipeline.finish();
    dropped.push(pipeline.mergeStats.duplicatesDropped);
    reports.push(
      agg.summary({
        generatedAt: "2026-11-20T12:00:00Z",
        sources: [],
        rows: pipeline.rows,
        badRows: 0,
        filteredOut: 0,
        merge: pipeline.mergeStats,
      }),
    );
  }
  assert.ok(reports[0]!.totals.signIns > 0);
  assert.ok(dropped[0]! >= 40, "the copies were dropped as duplicates");
  assert.equal(dropped[1], dropped[0]);
  assert.deepEqual(reports[1], reports[0]);
});
