/**
 * Runs the local Graph-compatible server from the command line, serving a dataset file or
 * synthetic sign-ins. Prints `listening <url>` as its first stdout line, then serves until
 * stdin closes (then prints `stats <json>` with the request counts and exits) or the process
 * is killed. Used by the benchmarks (server in its own process).
 *
 * Usage: `deno run --allow-net=127.0.0.1 --allow-read dev/graph_server/serve_cli.ts
 *   [--dataset FILE.json | --synthetic-signins N] [--port P] [--page-size N] [--latency-ms N]
 *   [--throttle REQUESTS/WINDOW_MS]`
 *
 * @module
 */
import { Command } from "commander";
import type { GraphDataset, GraphObject } from "../sample/dataset.ts";
import { startGraphServer } from "./server.ts";
import { readSmallTextFile } from "../../lib/io/small_file.ts";

const TENANT = "11111111-2222-4333-8444-555555555555";

/**
 * `count` synthetic beta sign-ins (interactive, newest first, one per second back from
 * `newest`), shaped like Graph's, with made-up GUIDs and documentation IPs. Nested objects that
 * do not vary are shared between items to keep the server's memory down.
 *
 * @example
 * ```ts
 * import { syntheticSignIns } from "./serve_cli.ts";
 * import assert from "node:assert/strict";
 * const s = syntheticSignIns(3, new Date("2026-11-02T00:00:00Z"));
 * assert.equal(s.length, 3);
 * assert.equal(s[0]?.createdDateTime, "2026-11-02T00:00:00Z");
 * assert.equal(s[2]?.createdDateTime, "2026-11-01T23:59:58Z");
 * ```
 */
export function syntheticSignIns(count: number, newest: Date): GraphObject[] {
  const deviceDetail = {
    deviceId: "",
    displayName: "",
    operatingSystem: "Windows10",
    browser: "Edge 131.0.0",
    isCompliant: false,
    isManaged: false,
    trustType: "",
  };
  const location = {
    city: "Redmond",
    state: "Washington",
    countryOrRegion: "US",
    geoCoordinates: { altitude: null, latitude: 47.67, longitude: -122.12 },
  };
  const ca = [{
    id: "bbbbbbbb-0000-4000-8000-000000000001",
    displayName: "Require MFA for all users",
    enforcedGrantControls: ["Mfa"],
    enforcedSessionControls: [],
    result: "success",
  }];
  const types = ["interactiveUser"];
  const t0 = newest.getTime();
  const out: GraphObject[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, "0");
    const u = i % 5000;
    out[i] = {
      id: `cccccccc-0000-4000-8000-${hex}`,
      createdDateTime: new Date(t0 - i * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      userDisplayName: `User ${u}`,
      userPrincipalName: `user${u}@contoso.example`,
      userId: `00000000-0000-4000-8000-${u.toString(16).padStart(12, "0")}`,
      appId: "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
      appDisplayName: "Graph Explorer",
      ipAddress: `203.0.113.${i % 250}`,
      clientAppUsed: "Browser",
      correlationId: `dddddddd-0000-4000-8000-${hex}`,
      conditionalAccessStatus: "success",
      isInteractive: true,
      riskDetail: "none",
      riskLevelAggregated: "none",
      riskLevelDuringSignIn: "none",
      riskState: "none",
      riskEventTypes_v2: [],
      resourceDisplayName: "Microsoft Graph",
      resourceId: "00000003-0000-0000-c000-000000000000",
      homeTenantId: TENANT,
      resourceTenantId: TENANT,
      status: i % 7 === 0
        ? { errorCode: 50074, failureReason: "Strong Authentication is required.", additionalDetails: null }
        : {
          errorCode: 0,
          failureReason: "Other.",
          additionalDetails: "MFA requirement satisfied by claim in the token",
        },
      deviceDetail,
      location,
      appliedConditionalAccessPolicies: ca,
      signInEventTypes: types,
      authenticationRequirement: i % 3 === 0 ? "multiFactorAuthentication" : "singleFactorAuthentication",
      tokenIssuerType: "AzureAD",
      userType: "member",
      crossTenantAccessType: "none",
      incomingTokenType: "none",
      uniqueTokenIdentifier: `token-${hex}`,
      processingTimeInMilliseconds: 80 + (i % 40),
    };
  }
  return out;
}

async function main(): Promise<void> {
  const values = new Command("serve_cli").exitOverride()
    .option("--dataset <file>")
    .option("--synthetic-signins <n>")
    .option("--port <p>", "port (0: any free one)", "0")
    .option("--page-size <n>")
    .option("--latency-ms <n>")
    .option("--throttle <requests/windowMs>")
    .parse(Deno.args, { from: "user" })
    .opts<
      {
        dataset?: string;
        syntheticSignins?: string;
        port: string;
        pageSize?: string;
        latencyMs?: string;
        throttle?: string;
      }
    >();
  let dataset: GraphDataset;
  if (values.dataset !== undefined) {
    // a test dataset can be large: read through lib/io with a cap of its own
    const text = await readSmallTextFile(values.dataset, {
      what: "Graph dataset",
      maxBytes: 1024 * 1024 * 1024,
    });
    dataset = JSON.parse(text) as GraphDataset;
  } else {
    const n = Number(values.syntheticSignins ?? "1000");
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `Cannot use --synthetic-signins ${values.syntheticSignins}: expected a whole number`,
      );
    }
    dataset = {
      tenantId: TENANT,
      domain: "contoso.example",
      users: [],
      registrationDetails: [],
      authenticationMethods: {},
      conditionalAccessPolicies: [],
      signIns: syntheticSignIns(n, new Date("2026-11-30T23:59:59Z")),
    };
  }
  let throttle: { requests: number; windowMs: number } | undefined;
  if (values.throttle !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.throttle);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      throw new RangeError(
        `Cannot use --throttle ${values.throttle}: expected REQUESTS/WINDOW_MS, e.g. 50/1000`,
      );
    }
    throttle = { requests: Number(m[1]), windowMs: Number(m[2]) };
  }
  const server = await startGraphServer({
    dataset,
    port: Number(values.port),
    recordLimit: 0,
    warm: true,
    ...(values.pageSize !== undefined ? { pageSize: Number(values.pageSize) } : {}),
    ...(values.latencyMs !== undefined ? { latencyMs: Number(values.latencyMs) } : {}),
    ...(throttle ? { throttle } : {}),
  });
  console.log(`listening ${server.url}`);
  // Serve until stdin closes (parent gone) or the process is killed.
  for await (const _ of Deno.stdin.readable) { /* ignore input */ }
  const { requests, byStatus, throttled, items } = server.stats;
  console.log(`stats ${JSON.stringify({ requests, byStatus, throttled, items })}`);
  await server.close();
}

if (import.meta.main) await main();
