import assert from "node:assert/strict";
import { readSignInBatches } from "../signins/read_sign_ins.ts";
import type { SignIn } from "../signins/sign_in.ts";
import { SignInAggregator } from "./aggregator.ts";
import { REPORT_READS_LEAN, ReportPipeline } from "./pipeline.ts";
import { generateSignIns } from "../../dev/sample/mod.ts";
import { GRAPH_SIGN_IN_FIELDS, LEAN_SKIPPED_KEYS } from "../signins/graph_fields.ts";

/** The sign-in fields a lean read leaves null (`LEAN_SKIPPED_KEYS`, by their sign-in names). */
const SKIPPED = [
  "originalRequestId",
  "uniqueTokenIdentifier",
  "sessionId",
  "authenticationProtocol",
  "clientCredentialType",
  "incomingTokenType",
  "resourceDisplayName",
  "resourceId",
  "riskDetail",
  "riskEventTypes",
  "servicePrincipalId",
  "servicePrincipalName",
  "tokenIssuerName",
  "userAgent",
] as const;

/** Sample-tenant rows, then copies of some (same id, other skipped fields: duplicates to drop). */
function sampleText(): string {
  const rows: Record<string, unknown>[] = [
    ...generateSignIns({ seed: 11, users: 30, days: 15, signInsPerUserPerDay: 3 }),
  ] as never;
  const copies = rows.slice(0, 40).map((r, i) => ({
    ...r,
    sessionId: `00000000-0000-0000-0000-0000000000${String(i).padStart(2, "0")}`,
    uniqueTokenIdentifier: `copy${i}`,
    userAgent: `copy ${i}`,
    resourceDisplayName: "Copy",
  }));
  return [...rows, ...copies].map((r) => JSON.stringify(r)).join("\n") + "\n";
}

async function read(
  text: string,
  o: { lean: boolean; scanner: "json" | "wasm" },
): Promise<SignIn[]> {
  const out: SignIn[] = [];
  for await (const b of readSignInBatches(new Blob([text]).stream(), o)) out.push(...b);
  return out;
}

Deno.test("lean: the skipped fields are null, every other field as read without it (both scanners)", async (t) => {
  const text = sampleText();
  for (const scanner of ["wasm", "json"] as const) {
    await t.step(scanner, async () => {
      const all = await read(text, { lean: false, scanner });
      const skipped = await read(text, { lean: true, scanner });
      assert.equal(skipped.length, all.length);
      for (const k of SKIPPED) {
        if (k === "riskEventTypes" || k === "clientCredentialType") continue; // null or [] in the sample
        assert.ok(all.some((s) => s[k] !== null), `the sample has ${k}`);
      }
      for (let i = 0; i < all.length; i++) {
        for (const k of SKIPPED) assert.equal(skipped[i]![k], null, `${k} of row ${i}`);
        assert.deepEqual(
          { ...skipped[i], ...Object.fromEntries(SKIPPED.map((k) => [k, all[i]![k]])) },
          all[i],
        );
      }
    });
  }
});

Deno.test("the report is the same with the skipped fields read or not (what REPORT_READS_LEAN relies on)", async () => {
  assert.equal(REPORT_READS_LEAN, true);
  const text = sampleText();
  const reports = [];
  const dropped: number[] = [];
  for (const lean of [false, true]) {
    const agg = new SignInAggregator();
    const pipeline = new ReportPipeline(agg);
    pipeline.pushAll(await read(text, { lean, scanner: "wasm" }));
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

Deno.test("LEAN_SKIPPED_KEYS: Graph keys the mapper reads, the fields listed here", () => {
  for (const k of LEAN_SKIPPED_KEYS) assert.ok(k in GRAPH_SIGN_IN_FIELDS, k);
  const asFields = LEAN_SKIPPED_KEYS.filter((k) => k !== "riskEventTypes_v2");
  assert.deepEqual([...asFields].sort(), [...SKIPPED].sort());
});
