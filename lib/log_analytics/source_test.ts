/**
 * The sliced source hands on the same sign-ins, in the same order, whatever the batch size (a
 * result's rows are decoded, mapped and handed on as they are read).
 */
import assert from "node:assert/strict";
import { laRows, laTables, startLaServer } from "../../dev/la_server/mod.ts";
import { generateSampleTenant } from "../../dev/sample/mod.ts";
import type { SignInEventType } from "../classify/mod.ts";
import { createLaClient } from "./client.ts";
import { resolveLaEndpoint } from "./endpoint.ts";
import { createLaSourceStats, laSignInBatches, type LaSourceStats } from "./source.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const TYPES: SignInEventType[] = [
  "interactiveUser",
  "nonInteractiveUser",
  "servicePrincipal",
  "managedIdentity",
];

Deno.test("the source hands on the same sign-ins in the same order, in batches of any size", async () => {
  const tables = laTables(laRows(generateSampleTenant({ seed: 3, users: 40, days: 3, now: NOW }).signIns));
  const server = await startLaServer({ tables });
  try {
    const client = await createLaClient({
      auth: { kind: "none" },
      endpoint: resolveLaEndpoint("global", server.url),
      workspace: "00000000-0000-4000-8000-0000000000be",
    });
    const read = async (batchSize?: number) => {
      const stats: LaSourceStats = createLaSourceStats();
      const counted: unknown[] = [], rows: unknown[] = [], sizes: number[] = [];
      const window = { from: new Date(NOW.getTime() - 2 * 86_400_000), to: NOW };
      for await (
        const b of laSignInBatches(client, {
          window,
          eventTypes: TYPES,
          ...(batchSize !== undefined ? { batchSize } : {}),
        }, stats)
      ) {
        counted.push(...b.counted);
        rows.push(...b.rows);
        sizes.push(b.counted.length + b.rows.length);
      }
      return { counted, rows, sizes, stats };
    };
    const whole = await read();
    const small = await read(7);
    assert.ok(
      whole.counted.length > 100 && whole.rows.length > 20,
      `${whole.counted.length}, ${whole.rows.length}`,
    );
    assert.deepEqual(small.counted, whole.counted);
    assert.deepEqual(small.rows, whole.rows);
    assert.deepEqual(small.stats, whole.stats);
    assert.ok(small.sizes.every((n) => n <= 7), small.sizes.join(","));
    assert.ok(small.sizes.length > whole.sizes.length * 10);
  } finally {
    await server.close();
  }
});
