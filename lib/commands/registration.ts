/**
 * The command line shared by `registered-users`, `unregistered-users` and
 * `registration-report`: semantics, source (`--source`, `--from`), scope filters, output, and
 * the shared Graph options; plus opening the records it asks for.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { createTaskCommand, UsageError } from "../cli/mod.ts";
import { readSmallTextFile } from "../io/small_file.ts";
import { type GraphClient } from "../graph/mod.ts";
import { type CommandDeps, defaultDeps } from "./deps.ts";
import type { OutputFormat } from "../report/mod.ts";
import {
  addGraphOptions,
  addOptions,
  addTaskHelp,
  BOM,
  DATE_ORDER_USE,
  formatOption,
  GRAPH_ENV,
  graphClientConfigFromOptions,
  type GraphCliOptions,
  graphOptionsOf,
  LIST_LIMIT,
  NOW,
  OUT,
  parseBom,
  parseCommandLine,
  parseDateOption,
  parseFormat,
  parseListLimit,
  parseOut,
} from "../options/mod.ts";
import { NO_EXCLUSIONS, parseExclusionList } from "../registration/exclusions.ts";
import {
  GRAPH_SOURCE_CHOICES,
  type GraphSourceChoice,
  type GraphSourceHooks,
  openGraphRegistrations,
  type PerUserProgress,
} from "../registration/graph_source.ts";
import { formatNumber } from "../report/markdown.ts";
import { formatDuration } from "../time/duration.ts";
import { openRegistrationFile } from "../registration/read_file.ts";
import type { DateOrder } from "../time/date_time.ts";
import type { RegistrationRecord, RegistrationSource } from "../registration/record.ts";
import {
  describeMethodSelector,
  type MethodSelector,
  parseMethodSelector,
  type RegistrationScope,
  USER_TYPE_FILTERS,
  type UserTypeFilter,
} from "../registration/scope.ts";
import { REGISTRATION_SEMANTICS, type RegistrationSemantics } from "../registration/semantics.ts";

/** What kind of task is parsing. */
export interface RegistrationTaskSpec {
  /** Task name (`registered-users`, …). */
  name: string;
  /** One sentence for `--help`. */
  description: string;
  /** Formats the task writes; the first is the default. */
  formats: readonly OutputFormat[];
  /** Offer `--method` / `--without-method`. */
  methodFilters: boolean;
  /** Offer `--list-limit`. */
  listLimit: boolean;
  /** Offer `--now` (the report clock). */
  clock?: boolean;
  /** Offer `--per-user-mfa` (the report's per-user MFA section). */
  perUserMfa?: boolean;
}

/** Parsed command line. */
export interface RegistrationOptions {
  /** Semantics of "registered". */
  semantics: RegistrationSemantics;
  /** Graph source, when not `--from`. */
  source: GraphSourceChoice;
  /** Offline input file. */
  from?: string;
  /** `--date-order`: day/month order of culture-formatted LastUpdatedDateTime values in `--from`. */
  dateOrder?: DateOrder;
  /** `--exclude` file. */
  exclude?: string;
  /** Scope (the exclusion list is filled in by {@linkcode loadExclusions}). */
  scope: RegistrationScope;
  /** Output format. */
  format: OutputFormat;
  /** Output file (atomic), absent = stdout. */
  out?: string;
  /** UTF-8 BOM for CSV. */
  bom: boolean;
  /** Long lists in the Markdown report. */
  listLimit: number;
  /** Shared Graph options. */
  graph: GraphCliOptions;
  /** `--verbose`. */
  verbose: boolean;
  /** `--now`: the report clock (registration-report). */
  now?: Date;
  /** `--per-user-mfa`: read each in-scope user's per-user MFA state (one Graph call per user). */
  perUserMfa: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Builds the commander command of a registration task.
 *
 * @example
 * ```ts
 * import { registrationCommand } from "./registration.ts";
 * import assert from "node:assert/strict";
 * const cmd = registrationCommand({ name: "registered-users", description: "d", formats: ["text", "md"], methodFilters: true, listLimit: false });
 * assert.ok(cmd.options.some((o) => o.long === "--semantics"));
 * assert.ok(cmd.options.some((o) => o.long === "--graph-url"));
 * ```
 */
export function registrationCommand(spec: RegistrationTaskSpec): Command {
  const cmd = createTaskCommand(spec.name, spec.description)
    .addOption(
      new Option(
        "--semantics <kind>",
        "what counts as registered: modern = Graph isMfaRegistered; msonline = " +
          "only the methods MSOnline's StrongAuthenticationMethods knew (phone, SMS, voice, Authenticator app/OTP)",
      )
        .choices(Object.keys(REGISTRATION_SEMANTICS)).default("modern"),
    )
    .addOption(
      new Option(
        "--source <source>",
        "Graph source: auto = registration report, falling back to per-user " +
          "methods when the tenant has no P1/P2",
      )
        .choices(GRAPH_SOURCE_CHOICES).default("auto"),
    )
    .option(
      "--from <file>",
      "read an export instead of Graph: userRegistrationDetails JSON/CSV, or an MSOnline " +
        "Get-MsolUser CSV (UserPrincipalName + StrongAuthenticationMethods)",
    );
  addOptions(cmd, { ...DATE_ORDER_USE, strictChoices: true });
  cmd
    .addOption(
      new Option("--user-type <type>", "member, guest or all").choices(USER_TYPE_FILTERS).default("all"),
    )
    .option("--admins-only", "only users with an admin role (registration report only)")
    .option("--include-disabled", "keep disabled accounts (default: enabled accounts only)")
    .option(
      "--exclude <file>",
      "UPNs or object ids to leave out, one per line (# comments), e.g. break-glass accounts",
    );
  if (spec.methodFilters) {
    cmd
      .option(
        "--method <method>",
        "only users with this method or family (e.g. fido2, phone, mobilePhone); repeatable",
        collect,
      )
      .option("--without-method <method>", "only users without this method or family; repeatable", collect);
  }
  addOptions(cmd, formatOption(spec.formats), OUT, BOM);
  if (spec.listLimit) addOptions(cmd, LIST_LIMIT);
  if (spec.clock === true) addOptions(cmd, NOW);
  if (spec.perUserMfa) {
    cmd.option(
      "--per-user-mfa",
      "add the section on legacy per-user MFA still on alongside Conditional Access (Graph beta, one call per " +
        "in-scope user within --budget; needs Policy.Read.All)",
    );
  }
  addGraphOptions(cmd);
  return addTaskHelp(cmd, {
    examples: spec.listLimit
      ? [
        [`deno task ${spec.name} -o registration.md`, "the report from Graph, as Markdown"],
        [`deno task ${spec.name} --from userRegistrationDetails.json --format json`, "from an export, JSON"],
      ]
      : [
        [`deno task ${spec.name}`, "one UPN per line, as the MSOnline one-liner printed"],
        [
          `deno task ${spec.name} --semantics msonline --format csv -o users.csv`,
          "CSV with MSOnline's rules",
        ],
        [
          `deno task ${spec.name} --from msol-users.csv --exclude break-glass.txt`,
          "from an export, some left out",
        ],
      ],
    env: GRAPH_ENV,
  });
}

function selectors(option: string, values: string[] | undefined): MethodSelector[] {
  return (values ?? []).map((v) => {
    const s = parseMethodSelector(v);
    if (s === undefined) {
      throw new UsageError(
        `Cannot use ${option} ${
          JSON.stringify(v)
        }: expected a method (e.g. fido2SecurityKey, mobilePhone, sms, ` +
          "microsoftAuthenticatorPush) or a family (phone, microsoftAuthenticator, oath, fido2, windowsHello, certificate, email)",
      );
    }
    return s;
  });
}

/**
 * Parses a registration task's command line.
 *
 * @throws {UsageError} for bad values and conflicting options; commander errors for unknown options
 *
 * @example
 * ```ts
 * import { parseRegistrationArgs } from "./registration.ts";
 * import assert from "node:assert/strict";
 * const spec = { name: "unregistered-users", description: "d", formats: ["text", "md", "csv", "json", "ndjson"] as const, methodFilters: true, listLimit: false };
 * const o = parseRegistrationArgs(["--semantics", "msonline", "--user-type", "member", "--method", "mobilePhone", "--out", "x.csv"], spec);
 * assert.equal(o.semantics, "msonline");
 * assert.equal(o.format, "csv");
 * assert.equal(o.scope.userType, "member");
 * assert.deepEqual(o.scope.withMethods, [{ kind: "method", id: "mobilePhone" }]);
 * assert.throws(() => parseRegistrationArgs(["--from", "a.csv", "--source", "per-user-methods"], spec), /--from/);
 * ```
 */
export function parseRegistrationArgs(argv: string[], spec: RegistrationTaskSpec): RegistrationOptions {
  const cmd = registrationCommand(spec);
  const o = parseCommandLine<
    {
      semantics: RegistrationSemantics;
      source: GraphSourceChoice;
      from?: string;
      dateOrder?: DateOrder;
      userType: UserTypeFilter;
      adminsOnly?: boolean;
      includeDisabled?: boolean;
      exclude?: string;
      method?: string[];
      withoutMethod?: string[];
      format?: string;
      out?: string;
      bom?: boolean;
      listLimit?: string;
      now?: string;
      verbose?: boolean;
      perUserMfa?: boolean;
    } & GraphCliOptions
  >(cmd, argv);
  if (o.from !== undefined && o.source !== "auto") {
    throw new UsageError(`Cannot use --from with --source ${o.source}: --from reads a file instead of Graph`);
  }
  if (o.from === "") throw new UsageError("Cannot use --from: expected a file name");
  const format = parseFormat(o.format, o.out, spec.formats);
  const options: RegistrationOptions = {
    semantics: o.semantics,
    source: o.source,
    scope: {
      userType: o.userType,
      adminsOnly: o.adminsOnly === true,
      includeDisabled: o.includeDisabled === true,
      exclusions: NO_EXCLUSIONS,
      withMethods: selectors("--method", o.method),
      withoutMethods: selectors("--without-method", o.withoutMethod),
    },
    format,
    bom: parseBom(o.bom, format),
    listLimit: parseListLimit(o.listLimit),
    graph: graphOptionsOf(o),
    verbose: o.verbose === true,
    perUserMfa: o.perUserMfa === true,
  };
  if (o.perUserMfa && o.from !== undefined) {
    throw new UsageError(
      "Cannot use --per-user-mfa with --from: the per-user MFA state is read from Graph (beta /users/{id}/authentication/requirements)",
    );
  }
  if (o.from !== undefined) options.from = o.from;
  if (o.now !== undefined) options.now = parseDateOption("--now", o.now);
  if (o.dateOrder !== undefined) {
    if (o.from === undefined) {
      throw new UsageError("Cannot use --date-order without --from: it is for export files");
    }
    options.dateOrder = o.dateOrder;
  }
  if (o.exclude !== undefined) options.exclude = o.exclude;
  const out = parseOut(o.out);
  if (out !== undefined) options.out = out;
  return options;
}

/**
 * Reads the `--exclude` file into the scope.
 *
 * @throws {InputError} for an unreadable or malformed list
 */
export async function loadExclusions(o: RegistrationOptions): Promise<RegistrationScope> {
  if (o.exclude === undefined) return o.scope;
  const text = await readSmallTextFile(o.exclude, { what: "exclusion list" });
  return { ...o.scope, exclusions: parseExclusionList(text, o.exclude) };
}

/**
 * The one-line progress bar of the per-user fallback.
 *
 * @example
 * ```ts
 * import { progressBar } from "./registration.ts";
 * import assert from "node:assert/strict";
 * assert.equal(progressBar({ done: 5, total: 20, elapsedMs: 1000, etaMs: 3000 }),
 *   "Reading methods [#####...............] 5/20 users, about 3 s left");
 * ```
 */
export function progressBar(p: PerUserProgress, label = "Reading methods"): string {
  const width = 20;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const eta = p.etaMs === undefined
    ? ""
    : `, about ${formatDuration(p.etaMs, { style: "approximate" })} left`;
  return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${formatNumber(p.done)}/${
    formatNumber(p.total)
  } users${eta}`;
}

/**
 * Progress hooks for the per-user calls: a rewriting progress bar when stderr is a terminal
 * (redrawn every second with the clock moving, even while the budget or a Retry-After holds the
 * calls back), otherwise a note at most once a minute (CI logs). Call `done()` at the end.
 */
export function progressReporter(
  label = "Reading methods",
  deps: Pick<CommandDeps, "status" | "log"> = defaultDeps(),
): { progress(p: PerUserProgress): void; done(): void } {
  const status = deps.status();
  const tty = Deno.stderr.isTerminal();
  let lastNote = performance.now();
  let last: PerUserProgress | undefined;
  let lastAt = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (tty) {
    const t = setInterval(() => {
      if (last === undefined) return;
      const waited = performance.now() - lastAt;
      status.update(
        `${progressBar(last, label)} · ${
          formatDuration(Math.floor((last.elapsedMs + waited) / 1000) * 1000)
        } elapsed`,
      );
    }, 1000);
    Deno.unrefTimer(t);
    timer = t;
  }
  return {
    progress(p) {
      last = p;
      lastAt = performance.now();
      if (tty) return status.update(progressBar(p, label));
      const now = performance.now();
      if (now - lastNote >= 60_000 && p.done < p.total) {
        lastNote = now;
        deps.log.note(progressBar(p, label));
      }
    },
    done: () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      status.done();
    },
  };
}

/** Opened records, from a file or Graph, with the scope they are read in. */
export interface OpenedRecords {
  /** The scope, with the `--exclude` list read. */
  scope: RegistrationScope;
  /** Source of the records. */
  source: RegistrationSource;
  /** The records. */
  records: AsyncGenerator<RegistrationRecord>;
  /** The Graph client, when Graph is read. */
  client?: GraphClient;
  /** Clears the progress line (call when the records are read). */
  done(): void;
}

/**
 * Opens the records a command line asks for: reads `--exclude` into the scope, then `--from FILE`
 * or Graph (client from the shared options and the environment, through `deps`), with notes,
 * warnings and per-user progress on stderr.
 */
export async function openRecords(
  o: RegistrationOptions,
  deps: CommandDeps = defaultDeps(),
): Promise<OpenedRecords> {
  const scope = await loadExclusions(o);
  if (o.from !== undefined) {
    const f = await openRegistrationFile(o.from, { dateOrder: o.dateOrder });
    return { scope, source: f.source, records: f.records, done() {} };
  }
  const status = progressReporter("Reading methods", deps);
  const hooks: GraphSourceHooks = {
    note: (t) => deps.log.note(t),
    warn: (t) => deps.log.warn(t),
    progress: (p) => status.progress(p),
  };
  const client = await deps.createGraphClient(graphClientConfigFromOptions(o.graph, deps.env(), deps.log));
  const g = await openGraphRegistrations(client, {
    source: o.source,
    scope,
    hooks,
    needsAdmin: scope.adminsOnly,
  });
  return { scope, source: g.source, records: g.records, client, done: () => status.done() };
}

/**
 * Human notes on a scope (enabled only, user type, admins, exclusions, method filters).
 *
 * @example
 * ```ts
 * import { scopeNotes } from "./registration.ts";
 * import { DEFAULT_SCOPE } from "../registration/scope.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(scopeNotes(DEFAULT_SCOPE, { disabled: 2 }), [
 *   "Enabled accounts only: 2 disabled account(s) left out (--include-disabled keeps them).",
 * ]);
 * ```
 */
export function scopeNotes(
  scope: RegistrationScope,
  counts: { disabled?: number; excluded?: number; enabledUnknown?: number },
): string[] {
  const notes: string[] = [];
  if (scope.includeDisabled) notes.push("Disabled accounts included.");
  else {
    notes.push(
      `Enabled accounts only: ${
        counts.disabled ?? 0
      } disabled account(s) left out (--include-disabled keeps them).`,
    );
  }
  if ((counts.enabledUnknown ?? 0) > 0) {
    notes.push(`${counts.enabledUnknown} account(s) have no known enabled state and are kept.`);
  }
  if (scope.userType !== "all") notes.push(`${scope.userType === "member" ? "Members" : "Guests"} only.`);
  if (scope.adminsOnly) notes.push("Admins only.");
  if (scope.exclusions.file !== "") {
    notes.push(`${counts.excluded ?? 0} account(s) left out as listed in ${scope.exclusions.file}.`);
  }
  for (const s of scope.withMethods) notes.push(`Only users with ${describeMethodSelector(s)}.`);
  for (const s of scope.withoutMethods) notes.push(`Only users without ${describeMethodSelector(s)}.`);
  return notes;
}
