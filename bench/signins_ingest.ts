/**
 * Ingestion benchmark: generates a large synthetic Graph-beta sign-in export (NDJSON and a JSON
 * array with the same rows) in bench-out/, then times
 *   (a) a bare pass: read, decode, split lines, `JSON.parse` each line, and
 *   (b) `readSignInBatches` + `SignInMerger` (reading and merging only), and
 *   (c) `collectSignIns` into the report's aggregator (the real signins-report path),
 * and prints both, the ratio (target ≤ 1.5) and the peak RSS of each pass.
 *
 * Run: deno run --allow-read --allow-write=bench-out bench/signins_ingest.ts [--rows 200000] [--runs 2] [--regen]
 *
 * @module
 */
import { bareJsonLinesPass } from "./_bare_pass.ts";
import {
  createMergeStats,
  createReadStats,
  type LogicalSignIn,
  readSignInBatches,
  SignInMerger,
} from "../lib/signins/mod.ts";
import { collectSignIns, SignInAggregator } from "../lib/signins_report/mod.ts";
import { argNumber } from "./_args.ts";

const args = Deno.args;
const argValue = (name: string, fallback: number) => argNumber(args, name, fallback);
const ROWS = argValue("--rows", 200_000);
const RUNS = argValue("--runs", 2);
const REGEN = args.includes("--regen");
const OUT = "bench-out";

const APPS = [
  ["00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"],
  ["00000003-0000-0000-c000-000000000000", "Microsoft Graph"],
  ["c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"],
  ["4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome"],
];

function hex(n: number, len: number): string {
  return (n >>> 0).toString(16).padStart(8, "0").repeat(Math.ceil(len / 8)).slice(0, len);
}
function guid(a: number, b: number): string {
  return `${hex(a * 2654435761, 8)}-${hex(b, 4)}-4${hex(a ^ b, 3)}-8${hex(b * 40503, 3)}-${
    hex(a + b * 7, 12)
  }`;
}

/** One Graph-beta-shaped sign-in, about 2.3 KB of JSON (the commonly used beta properties). */
function signIn(
  i: number,
  t: number,
  opts: { correlation: string; errorCode: number; id: string; user: number },
): unknown {
  const user = opts.user;
  const [appId, appName] = APPS[i % APPS.length]!;
  const mfa = opts.errorCode === 0 && i % 3 === 0;
  return {
    id: opts.id,
    createdDateTime: new Date(t).toISOString().replace(".000", ""),
    userDisplayName: `User ${user}`,
    userPrincipalName: `user${user}@contoso.example`,
    userId: guid(user, 1),
    appId,
    appDisplayName: appName,
    ipAddress: `203.0.113.${i % 250}`,
    clientAppUsed: "Browser",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0",
    correlationId: opts.correlation,
    conditionalAccessStatus: i % 7 === 0 ? "notApplied" : "success",
    originalRequestId: opts.id,
    isInteractive: true,
    tokenIssuerName: "",
    tokenIssuerType: "AzureAD",
    clientCredentialType: "none",
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes_v2: [],
    resourceDisplayName: appName,
    resourceId: appId,
    resourceTenantId: "11111111-2222-4333-8444-555555555555",
    homeTenantId: "11111111-2222-4333-8444-555555555555",
    homeTenantName: "Contoso",
    authenticationMethodsUsed: mfa ? ["Password", "Mobile app notification"] : [],
    authenticationRequirement: mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
    signInEventTypes: ["interactiveUser"],
    servicePrincipalId: "",
    userType: "member",
    crossTenantAccessType: "none",
    uniqueTokenIdentifier: `tok${hex(i, 16)}AAAAAAAAAAA`,
    incomingTokenType: "none",
    authenticationProtocol: "none",
    sessionId: guid(user, 3),
    mfaDetail: mfa ? { authMethod: "Mobile app notification", authDetail: null } : null,
    status: {
      errorCode: opts.errorCode,
      failureReason: opts.errorCode === 0 ? "Other." : "Strong Authentication is required.",
      additionalDetails: opts.errorCode === 0
        ? (mfa ? "MFA completed in Azure AD" : null)
        : "The user is required to use MFA",
    },
    deviceDetail: {
      deviceId: "",
      displayName: "",
      operatingSystem: "Windows10",
      browser: "Chrome 124.0.0",
      isCompliant: false,
      isManaged: false,
      trustType: "",
    },
    location: {
      city: "Redmond",
      state: "Washington",
      countryOrRegion: "US",
      geoCoordinates: { altitude: null, latitude: 47.68, longitude: -122.12 },
    },
    appliedConditionalAccessPolicies: [
      {
        id: guid(1, 100),
        displayName: "Require MFA for all users",
        enforcedGrantControls: ["Mfa"],
        enforcedSessionControls: [],
        result: mfa ? "success" : "notApplied",
      },
      {
        id: guid(2, 100),
        displayName: "Block legacy authentication",
        enforcedGrantControls: ["Block"],
        enforcedSessionControls: [],
        result: "notApplied",
      },
    ],
    authenticationDetails: [
      {
        authenticationStepDateTime: new Date(t).toISOString(),
        authenticationMethod: "Password",
        authenticationMethodDetail: "Password in the cloud",
        succeeded: true,
        authenticationStepResultDetail: "Correct password",
        authenticationStepRequirement: "Primary authentication",
      },
      ...(mfa
        ? [{
          authenticationStepDateTime: new Date(t + 5000).toISOString(),
          authenticationMethod: "Mobile app notification",
          authenticationMethodDetail: "",
          succeeded: true,
          authenticationStepResultDetail: "MFA successfully completed",
          authenticationStepRequirement: "Multifactor authentication",
        }]
        : []),
    ],
    networkLocationDetails: [],
  };
}

async function generate(ndjsonPath: string, jsonPath: string): Promise<void> {
  const enc = new TextEncoder();
  const nd = await Deno.open(ndjsonPath, { write: true, create: true, truncate: true });
  const js = await Deno.open(jsonPath, { write: true, create: true, truncate: true });
  const write = async (f: Deno.FsFile, s: string) => {
    const b = enc.encode(s);
    let o = 0;
    while (o < b.length) o += await f.write(b.subarray(o));
  };
  await write(js, "[\n");
  const start = Date.UTC(2024, 4, 8);
  let ndBuf = "", jsBuf = "";
  for (let i = 0; i < ROWS; i++) {
    const t = start - i * 3000; // newest first, 3 s apart
    const kind = i % 20;
    // Every 20 rows: row 1 is the MFA interrupt (older, same correlation id and user) that row 0
    // completed, and row 2 is an exact duplicate of row 1.
    let row: unknown;
    if (kind === 1) {
      row = signIn(i, t, {
        correlation: guid(i - 1, 77),
        errorCode: 50074,
        id: guid(i, 5),
        user: (i - 1) % 5000,
      });
    } else if (kind === 2) {
      row = signIn(i - 1, start - (i - 1) * 3000, {
        correlation: guid(i - 2, 77),
        errorCode: 50074,
        id: guid(i - 1, 5),
        user: (i - 2) % 5000,
      });
    } else {
      row = signIn(i, t, { correlation: guid(i, 77), errorCode: 0, id: guid(i, 5), user: i % 5000 });
    }
    const text = JSON.stringify(row);
    ndBuf += text + "\n";
    jsBuf += (i === 0 ? "" : ",\n") + text;
    if (ndBuf.length > 4_000_000) {
      await write(nd, ndBuf);
      await write(js, jsBuf);
      ndBuf = jsBuf = "";
    }
  }
  await write(nd, ndBuf);
  await write(js, jsBuf + "\n]\n");
  nd.close();
  js.close();
}

async function ingest(
  path: string,
  report: boolean,
): Promise<{ rows: number; logical: number; bad: number; dups: number; merged: number }> {
  if (report) {
    const c = await collectSignIns(new SignInAggregator(), {
      input: { files: [path], maxBadRows: { percent: 100 } },
      now: new Date("2099-01-01T00:00:00Z"),
    }, { warn() {} });
    const m = c.pipeline.mergeStats;
    return {
      rows: c.rows,
      logical: m.logicalSignIns,
      bad: c.badRows,
      dups: m.duplicatesDropped,
      merged: m.mergedGroups,
    };
  }
  const readStats = createReadStats(), mergeStats = createMergeStats();
  const merger = new SignInMerger({ stats: mergeStats });
  const out: LogicalSignIn[] = [];
  let logical = 0;
  for await (const batch of readSignInBatches(path, { stats: readStats })) {
    for (let i = 0; i < batch.length; i++) merger.pushInto(batch[i]!, out);
    logical += out.length;
    out.length = 0;
  }
  logical += merger.flush().length;
  return {
    rows: readStats.signIns,
    logical,
    bad: readStats.badRows,
    dups: mergeStats.duplicatesDropped,
    merged: mergeStats.mergedGroups,
  };
}

async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakRssMb: number; result: T }> {
  // deno-lint-ignore no-explicit-any
  (globalThis as any).gc?.();
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => {
    const r = Deno.memoryUsage().rss;
    if (r > peak) peak = r;
  }, 20);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, Deno.memoryUsage().rss);
  return { ms, peakRssMb: peak / 1048576, result };
}

if (import.meta.main) {
  await Deno.mkdir(OUT, { recursive: true });
  const ndjsonPath = `${OUT}/signins_${ROWS}.ndjson`;
  const jsonPath = `${OUT}/signins_${ROWS}.json`;
  const exists = async (p: string) => {
    try {
      await Deno.stat(p);
      return true;
    } catch {
      return false;
    }
  };
  if (REGEN || !(await exists(ndjsonPath)) || !(await exists(jsonPath))) {
    const t0 = performance.now();
    await generate(ndjsonPath, jsonPath);
    console.log(`generated ${ROWS} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const [label, path] of [["NDJSON", ndjsonPath], ["JSON array", jsonPath]] as const) {
    const size = (await Deno.stat(path)).size / 1048576;
    let bestBare = Infinity, bestIngest = Infinity, bestBatched = Infinity;
    let bareRss = 0, ingestRss = 0, batchedRss = 0;
    let info: Awaited<ReturnType<typeof ingest>> | null = null;
    for (let run = 0; run < RUNS; run++) {
      const a = await measure(() => bareJsonLinesPass(path));
      const b = await measure(() => ingest(path, false));
      const c = await measure(() => ingest(path, true));
      bestBare = Math.min(bestBare, a.ms);
      bestIngest = Math.min(bestIngest, b.ms);
      bestBatched = Math.min(bestBatched, c.ms);
      bareRss = Math.max(bareRss, a.peakRssMb);
      ingestRss = Math.max(ingestRss, b.peakRssMb);
      batchedRss = Math.max(batchedRss, c.peakRssMb);
      info = b.result;
    }
    const sec = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `${label}: ${path} (${size.toFixed(0)} MiB, ${ROWS} rows; best of ${RUNS} runs)\n` +
        `  (a) bare split + JSON.parse                : ${sec(bestBare)} s, peak RSS ${
          bareRss.toFixed(0)
        } MiB\n` +
        `  (b) readSignInBatches + SignInMerger       : ${sec(bestIngest)} s, peak RSS ${
          ingestRss.toFixed(0)
        } MiB\n` +
        `  (c) collectSignIns (the report's path)     : ${sec(bestBatched)} s, peak RSS ${
          batchedRss.toFixed(0)
        } MiB\n` +
        `  rows ${info?.rows}, logical ${info?.logical}, duplicates ${info?.dups}, merged ${info?.merged}, bad ${info?.bad}\n` +
        `  ratio b/a: ${(bestIngest / bestBare).toFixed(2)}, c/a: ${(bestBatched / bestBare).toFixed(2)}`,
    );
  }
}
