/**
 * `deno task serve-sample`: the local Graph-compatible server with a generated sample tenant
 * (users, registration details, per-user methods and MFA states, Conditional Access policies,
 * sign-ins) on 127.0.0.1, so anyone can try every task without a tenant. It runs until Ctrl-C
 * (SIGINT) or SIGTERM and never reads stdin, so it works in the background (`… &`). It prints
 * the `--graph-url` and the bearer token the tasks should send.
 *
 * The tenant is generated user by user, and the sign-in log is never held: each page is made
 * from the hour buckets it covers (`lazy_sign_ins.ts`, a few buckets cached), so 100,000 users
 * with 30 days of sign-ins start in seconds and serve every sign-in of the window.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { createTaskCommand, log, parseIntOption, SAME_CTRL_C_MS, UsageError } from "../../lib/cli/mod.ts";
import { formatNumber } from "../../lib/report/mod.ts";
import type { GraphDataset, GraphObject } from "../sample/dataset.ts";
import { MIN_SAMPLE_USERS, resolveSampleOptions, SAMPLE_DEFAULTS } from "../sample/options.ts";
import { planUsers } from "../sample/_user_plan.ts";
import { _userObject } from "../sample/users.ts";
import { _registrationDetail } from "../sample/registration_details.ts";
import { _authenticationMethods } from "../sample/authentication_methods.ts";
import { _breakGlassIds, _caPolicies } from "../sample/conditional_access_policies.ts";
import { _perUserMfaRequirements } from "../sample/per_user_mfa.ts";
import { SAMPLE_TENANT } from "../sample/tenant.ts";
import { LazySignInLog } from "./lazy_sign_ins.ts";
import { type GraphServer, startGraphServer } from "./server.ts";

/** The task name, as in `deno task serve-sample`. */
export const SERVE_SAMPLE_TASK = "serve-sample";

/** Defaults of the options. */
export const SERVE_SAMPLE_DEFAULTS = {
  users: 1000,
  days: SAMPLE_DEFAULTS.days,
  port: 8787,
  seed: SAMPLE_DEFAULTS.seed,
} as const;

/** Largest tenant accepted. */
export const SERVE_SAMPLE_MAX_USERS = 1_000_000;

/** Parsed options. */
export interface ServeSampleOptions {
  /** Users in the tenant. */
  users: number;
  /** Days of sign-ins, ending at `now`. */
  days: number;
  /** Port on 127.0.0.1 (0: a free one). */
  port: number;
  /** Seed of the generator. */
  seed: number;
  /** The tenant's "now": end of the sign-in window (whole hour). */
  now: Date;
  /** The bearer token the server accepts. */
  token: string;
}

/** The command line of the task. */
export function serveSampleCommand(): Command {
  return createTaskCommand(
    SERVE_SAMPLE_TASK,
    "Serve a generated sample tenant (users, registration, per-user MFA, CA policies, sign-ins) on a local " +
      "Graph-compatible server at 127.0.0.1 until Ctrl-C; prints the --graph-url and token to use",
  )
    .option("--users <n>", `users in the tenant, ${MIN_SAMPLE_USERS} to ${SERVE_SAMPLE_MAX_USERS}`, "1000")
    .option("--days <n>", "days of sign-ins, ending now (1 to 3660)", String(SERVE_SAMPLE_DEFAULTS.days))
    .option("--port <n>", "port on 127.0.0.1; 0 picks a free one", String(SERVE_SAMPLE_DEFAULTS.port))
    .option("--seed <n>", "generator seed: the same seed and options give the same tenant", "1")
    .option("--now <iso>", "the tenant's now, e.g. 2026-11-20T12:00:00Z (default: this hour)")
    .addOption(new Option("--token <token>", "bearer token to accept (default: a random one)"));
}

/**
 * Parses the command line.
 *
 * @param argv arguments
 * @param clock now (tests pass a fixed one), for the default `--now`
 * @param random random hex for the default token
 * @throws {UsageError} for a value out of range
 *
 * @example
 * ```ts
 * import { parseServeSampleArgs } from "./serve_sample.ts";
 * import assert from "node:assert/strict";
 * const o = parseServeSampleArgs(["--users", "100000", "--port", "0"], new Date("2026-12-06T23:41:00Z"), "ab");
 * assert.equal(o.users, 100_000);
 * assert.equal(o.port, 0);
 * assert.equal(o.now.toISOString(), "2026-12-06T23:00:00.000Z");
 * assert.equal(o.token, "sample-ab");
 * assert.throws(() => parseServeSampleArgs(["--users", "3"]), /--users/);
 * ```
 */
export function parseServeSampleArgs(
  argv: string[],
  clock: Date = new Date(),
  random: string = randomHex(16),
): ServeSampleOptions {
  const cmd = serveSampleCommand();
  cmd.parse(argv, { from: "user" });
  const o = cmd.opts<
    {
      users: string;
      days: string;
      port: string;
      seed: string;
      now?: string;
      token?: string;
    }
  >();
  let now: Date;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(o.now)) {
      throw new UsageError(`Cannot use --now ${JSON.stringify(o.now)}: expected an ISO date-time`);
    }
  } else {
    now = new Date(Math.floor(clock.getTime() / 3_600_000) * 3_600_000);
  }
  const token = o.token ?? `sample-${random}`;
  if (!/^[A-Za-z0-9._~-]{8,200}$/.test(token)) {
    throw new UsageError("Cannot use --token: expected 8 to 200 letters, digits, '.', '_', '~' or '-'");
  }
  return {
    users: parseIntOption("--users", o.users, MIN_SAMPLE_USERS, SERVE_SAMPLE_MAX_USERS),
    days: parseIntOption("--days", o.days, 1, 3660),
    port: parseIntOption("--port", o.port, 0, 65_535),
    seed: parseIntOption("--seed", o.seed, -2_147_483_648, 2_147_483_647),
    now,
    token,
  };
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** What the generated tenant holds. */
export interface SampleDatasetInfo {
  /** The dataset to serve (sign-ins in `signInLog`, made page by page). */
  dataset: GraphDataset;
  /** Sign-in events a day the log is made with (users × events per user per day). */
  eventsPerDay: number;
  /** Milliseconds spent generating. */
  ms: number;
}

/**
 * Generates the tenant user by user; the sign-in log is a {@linkcode LazySignInLog}.
 *
 * @example
 * ```ts
 * import { buildSampleDataset } from "./serve_sample.ts";
 * import { generateSignIns } from "../sample/sign_ins.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-20T12:00:00Z");
 * const r = buildSampleDataset({ users: 40, days: 2, seed: 1, now });
 * assert.equal(r.dataset.users.length, 40);
 * assert.equal(Object.keys(r.dataset.perUserMfa ?? {}).length, 40);
 * const log = r.dataset.signInLog!;
 * const rows = Array.from({ length: log.buckets }, (_, k) => log.rows(k)).flat();
 * assert.deepEqual(rows, [...generateSignIns({ users: 40, days: 2, seed: 1, now })]);
 * ```
 */
export function buildSampleDataset(
  o: Pick<ServeSampleOptions, "users" | "days" | "seed" | "now">,
): SampleDatasetInfo {
  const started = performance.now();
  const resolved = resolveSampleOptions({ seed: o.seed, users: o.users, days: o.days, now: o.now });
  const plans = planUsers(resolved);
  const users: GraphObject[] = new Array(plans.length);
  const registrationDetails: GraphObject[] = new Array(plans.length);
  const authenticationMethods: Record<string, GraphObject[]> = {};
  const perUserMfa: Record<string, GraphObject> = {};
  plans.forEach((plan, i) => {
    users[i] = _userObject(plan);
    registrationDetails[i] = _registrationDetail(plan, resolved.seed, resolved.nowMs);
    authenticationMethods[plan.id] = _authenticationMethods(plan, resolved.seed);
    perUserMfa[plan.id] = _perUserMfaRequirements(plan, resolved.seed);
  });
  return {
    dataset: {
      tenantId: SAMPLE_TENANT.tenantId,
      domain: SAMPLE_TENANT.domain,
      users,
      registrationDetails,
      authenticationMethods,
      conditionalAccessPolicies: _caPolicies(_breakGlassIds(plans), resolved.nowMs),
      signIns: [],
      perUserMfa,
      signInLog: new LazySignInLog(resolved, plans),
    },
    eventsPerDay: resolved.users * resolved.signInsPerUserPerDay,
    ms: performance.now() - started,
  };
}

/**
 * The lines printed once the server listens: the tenant, the URL and token, and how to use them.
 *
 * @example
 * ```ts
 * import { listeningLines } from "./serve_sample.ts";
 * import assert from "node:assert/strict";
 * const lines = listeningLines("http://127.0.0.1:8787", "sample-ab", {
 *   users: 40, eventsPerDay: 120, now: new Date("2026-11-20T12:00:00Z"), days: 1, ms: 12 });
 * assert.ok(lines.includes("--graph-url http://127.0.0.1:8787"));
 * assert.ok(lines.includes("GRAPH_ACCESS_TOKEN=sample-ab"));
 * ```
 */
export function listeningLines(
  url: string,
  token: string,
  t: { users: number; eventsPerDay: number; now: Date; days: number; ms: number },
): string[] {
  const now = t.now.toISOString().replace(/\.000Z$/, "Z");
  const window = `sign-ins over ${t.days} day(s) to ${now} (about ${
    formatNumber(t.eventsPerDay)
  } sign-in events a day, made page by page as they are read)`;
  return [
    `Sample tenant ${SAMPLE_TENANT.domain}: ${formatNumber(t.users)} users, ${window}; generated in ${
      (t.ms / 1000).toFixed(1)
    } s`,
    `listening ${url}`,
    "Use it from another terminal with:",
    `GRAPH_ACCESS_TOKEN=${token}`,
    `--graph-url ${url}`,
    `  e.g. GRAPH_ACCESS_TOKEN=${token} deno task registration-report --graph-url ${url}`,
    "Stop with Ctrl-C.",
  ];
}

/** Hooks of {@linkcode runServeSample} (tests replace the wait for a signal). */
export interface ServeSampleDeps {
  /** Writes a line to stdout. */
  print(line: string): void;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  untilStopped(): Promise<string>;
}

/**
 * Waits for SIGINT or SIGTERM (whichever first). A repeat within {@linkcode SAME_CTRL_C_MS} is
 * the same keypress delivered twice (by the process group and by `deno task`'s forward) and is
 * ignored, so it cannot kill the server half-way through closing; after that window the
 * listeners are removed and a later Ctrl-C quits at once.
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    let fired = false;
    const handlers = signals.map((sig) => {
      const h = () => {
        if (fired) return;
        fired = true;
        resolve(sig);
        const t = setTimeout(
          () => signals.forEach((s, i) => Deno.removeSignalListener(s, handlers[i] as () => void)),
          SAME_CTRL_C_MS,
        );
        Deno.unrefTimer(t);
      };
      Deno.addSignalListener(sig, h);
      return h;
    });
  });
}

const encoder = new TextEncoder();

/** The default hooks: stdout lines, stop on SIGINT/SIGTERM. */
export const SERVE_SAMPLE_DEPS: ServeSampleDeps = {
  print: (line) => void Deno.stdout.writeSync(encoder.encode(line + "\n")),
  untilStopped: untilSignal,
};

/**
 * Generates the tenant, serves it until stopped, then closes the server and notes the
 * request counts on stderr.
 *
 * @returns 0
 */
export async function runServeSample(
  o: ServeSampleOptions,
  deps: ServeSampleDeps = SERVE_SAMPLE_DEPS,
): Promise<number> {
  const stopped = deps.untilStopped();
  const built = buildSampleDataset(o);
  let server: GraphServer;
  try {
    server = await startGraphServer({ dataset: built.dataset, port: o.port, token: o.token, recordLimit: 0 });
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new UsageError(`Cannot listen on 127.0.0.1:${o.port}: the port is in use (try --port 0)`);
    }
    throw e;
  }
  for (
    const line of listeningLines(server.url, o.token, {
      users: built.dataset.users.length,
      eventsPerDay: built.eventsPerDay,
      now: o.now,
      days: o.days,
      ms: built.ms,
    })
  ) deps.print(line);
  const signal = await stopped;
  await server.close();
  const s = server.stats;
  log.note(
    `Stopped (${signal}) after ${formatNumber(s.requests)} requests (${
      Object.entries(s.byStatus).map(([k, v]) => `${k}: ${formatNumber(v)}`).join(", ") || "none"
    }), ${formatNumber(s.items)} items served`,
  );
  return 0;
}
