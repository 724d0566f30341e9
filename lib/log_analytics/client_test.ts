/**
 * The query client over real HTTP against the local endpoint: the token is asked for the Log
 * Analytics scope and sent only to the exact query origin; the workspace id must be a GUID;
 * a static Graph token is refused for Log Analytics.
 */
import assert from "node:assert/strict";
import { createLaClient } from "./client.ts";
import { resolveLaEndpoint } from "./endpoint.ts";
import { startLaServer } from "../../dev/la_server/mod.ts";
import type { GraphEndpoint } from "../graph/cloud.ts";

const WS = "00000000-0000-4000-8000-0000000000c1";
const TABLES = {
  T: {
    columns: [{ name: "Id", type: "string" as const }, { name: "TimeGenerated", type: "datetime" as const }],
    rows: [{ Id: "a", TimeGenerated: "2026-11-01T10:00:00Z" }, {
      Id: "é ✓ 𝄞",
      TimeGenerated: "2026-11-01T11:00:00Z",
    }],
  },
};

Deno.test("the token is issued for the Log Analytics scope and sent to the query origin only", async () => {
  const server = await startLaServer({ tables: TABLES, token: "la-token" });
  const scopes: string[] = [];
  let bytes = 0;
  try {
    for (const cloud of ["global", "usgov", "china"] as const) {
      const endpoint = resolveLaEndpoint(cloud, server.url);
      const client = await createLaClient({
        auth: { kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "s" },
        endpoint,
        workspace: WS,
        authOptions: {
          tokenSource: (_c, e: GraphEndpoint) => () => {
            scopes.push(e.scope);
            return Promise.resolve({ token: "la-token", expiresAt: Date.now() + 3_600_000 });
          },
        },
      });
      const r = await client.query("T | project Id", "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z");
      assert.deepEqual(r.rows, [["a"], ["é ✓ 𝄞"]]);
      bytes += client.stats.bytes;
    }
    // the bytes the client counts are the body's bytes (not its characters)
    assert.equal(bytes, server.stats.bytes);
    assert.deepEqual(scopes, [
      "https://api.loganalytics.io/.default",
      "https://api.loganalytics.us/.default",
      "https://api.loganalytics.azure.cn/.default",
    ]);
    assert.deepEqual(server.stats.authorizations, ["Bearer la-token", "Bearer la-token", "Bearer la-token"]);
    // the endpoint's allowed hosts are the query host only
    assert.deepEqual(resolveLaEndpoint("global").allowedHosts, ["api.loganalytics.azure.com"]);
  } finally {
    await server.close();
  }
});

Deno.test("a workspace id that is not a GUID is refused before any request", async () => {
  await assert.rejects(
    createLaClient({ auth: { kind: "none" }, endpoint: resolveLaEndpoint("global"), workspace: "../x" }),
    /expected a GUID/,
  );
});
