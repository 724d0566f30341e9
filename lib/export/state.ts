/**
 * The checkpoint of a sign-in export: which slices are left, where each stopped (the
 * `@odata.nextLink` after its last written page), and how long the work file was when the
 * checkpoint was written. Pure: building, serialising and validating; the files are written
 * by `work_file.ts`.
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "../errors.ts";
import { SIGN_IN_EVENT_TYPE_IDS, type SignInEventType } from "../classify/event_type.ts";
import { sameOrigin } from "../graph/guard.ts";
import { firstIssue } from "../io/schema_issue.ts";
import type { SliceSpec } from "./slices.ts";

/** `format` of a state file. */
export const EXPORT_STATE_FORMAT = "entra-mfa-toolkit/signins-export-state";
/** `version` of a state file this code writes and reads. */
export const EXPORT_STATE_VERSION = 1;

/**
 * The largest value each number of a checkpoint may hold: far above any real export, far
 * below where `+1` stops being exact (a `runs` of 2^53−1 would otherwise brick the file).
 */
export const STATE_NUMBER_LIMITS = {
  bytes: 2 ** 48,
  signIns: 1e12,
  pages: 1e10,
  slicesDone: 1e9,
  nextSliceId: 1e9,
  runs: 1e6,
} as const;

/** A fixed message, or one naming the value. */
type Message = string | ((iss: { input?: unknown }) => string);
const isIso = (v: string) => !Number.isNaN(Date.parse(v));
/** An ISO date-time (anything `Date.parse` reads). */
const isoText = (error: Message) => z.string({ error }).refine(isIso, { error });
/** A whole number from 0 to `max`. */
const count = (max: number, error: Message) => z.int({ error }).min(0, { error }).max(max, { error });
/** A checkpoint number within its {@linkcode STATE_NUMBER_LIMITS}. */
const limited = (k: keyof typeof STATE_NUMBER_LIMITS) =>
  count(
    STATE_NUMBER_LIMITS[k],
    (iss) =>
      `expected "${k}" to be a whole number from 0 to ${STATE_NUMBER_LIMITS[k]}, got ${
        JSON.stringify(iss.input)
      }`,
  );

// `{slice}` in a message is replaced by the slice's path (`slices[2]`).
const SLICE = z.object({
  id: count(1e12, 'expected {slice}.id to be a unique whole number below "nextSliceId"')
    .describe("Unique within the export"),
  eventType: z.enum(SIGN_IN_EVENT_TYPE_IDS, { error: 'expected {slice}.eventType to be one of "eventTypes"' })
    .describe("Event type read"),
  from: isoText("expected {slice}.from before {slice}.to, both ISO date-times")
    .describe("Inclusive start (ISO, whole seconds, UTC)"),
  to: isoText("expected {slice}.from before {slice}.to, both ISO date-times").describe("Exclusive end"),
  nextLink: z.string({ error: "expected {slice}.nextLink to be a URL on the Graph origin" }).optional()
    .describe(
      "Where to continue: the nextLink after the last page written; absent: from the first page (ids already written are skipped)",
    ),
  pages: count(STATE_NUMBER_LIMITS.pages, "expected {slice}.pages and .signIns to be counts")
    .describe("Pages written"),
  signIns: count(STATE_NUMBER_LIMITS.signIns, "expected {slice}.pages and .signIns to be counts")
    .describe("Sign-ins written"),
  firstByte: count(1e12, 'expected {slice}.firstByte to be an offset within "bytes"').optional()
    .describe("Work-file offset of this slice's first written page (for rebuilding its seen ids on resume)"),
}, { error: "expected {slice} to be an object" }).describe("A slice not finished yet");

/** A slice not finished yet. */
export type ExportSliceState = z.output<typeof SLICE>;

const isoError = (k: string) => (iss: { input?: unknown }) =>
  `expected "${k}" to be an ISO date-time, got ${JSON.stringify(iss.input)}`;
// `{eventTypes}` is replaced by the file's list.
const EVENT_TYPES_ERROR = 'expected "eventTypes" to list Graph sign-in event types, got {eventTypes}';
const WINDOW_ERROR = 'expected "window" with ISO "from" and "to"';

/**
 * The checkpoint's schema: every field a resume relies on, every number bounded; then the
 * fields that depend on each other (slices inside the window, of the exported event types,
 * links on the Graph origin only, offsets within the file).
 */
export const EXPORT_STATE_SCHEMA = z.object({
  format: z.literal(EXPORT_STATE_FORMAT, {
    error: (iss) =>
      `expected "format": ${JSON.stringify(EXPORT_STATE_FORMAT)}, got ${JSON.stringify(iss.input)}`,
  }),
  version: z.literal(EXPORT_STATE_VERSION, {
    error: (iss) => `expected "version": ${EXPORT_STATE_VERSION}, got ${JSON.stringify(iss.input)}`,
  }),
  graphRoot: z.string({ error: 'expected "graphRoot" to be a string' })
    .refine((s) => URL.canParse(s), { error: 'expected "graphRoot" to be a URL' })
    .describe("Graph root the export reads (a resume must use the same)"),
  tenant: z.string({ error: 'expected "tenant" to be a tenant id or domain' })
    .regex(/^[A-Za-z0-9.-]{1,100}$/, { error: 'expected "tenant" to be a tenant id or domain' }).optional()
    .describe(
      "The tenant the rows come from (token tid, else the configured tenant); a resume for another is refused",
    ),
  top: z.int({ error: 'expected "top" to be a whole number from 1 to 1000' })
    .min(1, { error: 'expected "top" to be a whole number from 1 to 1000' })
    .max(1000, { error: 'expected "top" to be a whole number from 1 to 1000' }).optional()
    .describe("$top of the export's requests (a resume must use the same)"),
  window: z.object({ from: isoText(WINDOW_ERROR), to: isoText(WINDOW_ERROR) }, { error: WINDOW_ERROR })
    .describe("The window (ISO, whole seconds)"),
  eventTypes: z.array(z.enum(SIGN_IN_EVENT_TYPE_IDS, { error: EVENT_TYPES_ERROR }), {
    error: EVENT_TYPES_ERROR,
  })
    .min(1, { error: EVENT_TYPES_ERROR })
    .describe("Exported event types, Graph's order"),
  gzip: z.boolean({ error: 'expected "gzip" to be true or false' })
    .describe("Whether the finished file is gzip-compressed"),
  bytes: limited("bytes").describe(
    "Length of the work file at this checkpoint; anything after it is discarded on resume",
  ),
  signIns: limited("signIns").describe("Sign-ins written so far"),
  pages: limited("pages").describe("Pages written so far"),
  slicesDone: limited("slicesDone").describe("Slices finished"),
  nextSliceId: limited("nextSliceId").describe("Next slice id"),
  runs: limited("runs").describe("Runs so far (1 for the first; +1 per resume)"),
  startedAt: isoText(isoError("startedAt")).describe("When the export started (ISO)"),
  updatedAt: isoText(isoError("updatedAt")).describe("When this checkpoint was written (ISO)"),
  slices: z.array(SLICE, { error: 'expected "slices" to be an array' })
    .describe("Slices not finished, in the order they are read; empty when all are done"),
}, { error: "expected a JSON object" }).check((ctx) => {
  const v = ctx.value;
  if (!URL.canParse(v.graphRoot)) return; // reported by its refinement
  const origin = new URL(v.graphRoot).origin;
  const from = Date.parse(v.window.from), to = Date.parse(v.window.to);
  const ids = new Set<number>();
  const problem = (i: number, message: string) =>
    ctx.issues.push({ code: "custom", input: v.slices[i], path: ["slices", i], message });
  v.slices.forEach((s, i) => {
    if (s.id > v.nextSliceId || ids.has(s.id)) {
      return problem(i, 'expected {slice}.id to be a unique whole number below "nextSliceId"');
    }
    ids.add(s.id);
    if (!v.eventTypes.includes(s.eventType)) {
      return problem(i, 'expected {slice}.eventType to be one of "eventTypes"');
    }
    if (!(Date.parse(s.from) < Date.parse(s.to))) {
      return problem(i, "expected {slice}.from before {slice}.to, both ISO date-times");
    }
    if (Date.parse(s.from) < from || Date.parse(s.to) > to) {
      return problem(i, 'expected {slice} to lie within "window"');
    }
    // A link elsewhere would carry the token there: only the Graph origin of the export.
    if (s.nextLink !== undefined && !sameOrigin(s.nextLink, origin)) {
      return problem(i, `expected {slice}.nextLink to be a URL on the Graph origin ${origin}`);
    }
    if (s.firstByte !== undefined && s.firstByte > v.bytes) {
      return problem(i, 'expected {slice}.firstByte to be an offset within "bytes"');
    }
  });
}).describe("entra-mfa-toolkit signins-export checkpoint (OUT.state.json)");

/** The whole checkpoint. */
export type ExportState = z.output<typeof EXPORT_STATE_SCHEMA>;

/** Files of an export writing to `out`. */
export interface ExportPaths {
  /** The finished file. */
  out: string;
  /** The work file the lines go to until the export is complete (`OUT.partial`). */
  work: string;
  /** The checkpoint (`OUT.state.json`). */
  state: string;
  /** The lock held while a run writes (`OUT.lock`, holding the run's pid). */
  lock: string;
}

/**
 * The files next to `out`.
 *
 * @example
 * ```ts
 * import { exportPaths } from "./state.ts";
 * import assert from "node:assert/strict";
 * const p = exportPaths("signins.ndjson");
 * assert.equal(p.work, "signins.ndjson.partial");
 * assert.equal(p.state, "signins.ndjson.state.json");
 * ```
 */
export function exportPaths(out: string): ExportPaths {
  return {
    out,
    work: `${out}.partial`,
    state: `${out}.state.json`,
    lock: `${out}.lock`,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

/**
 * The state of a new export.
 *
 * @example
 * ```ts
 * import { newExportState } from "./state.ts";
 * import assert from "node:assert/strict";
 * const s = newExportState({
 *   graphRoot: "http://127.0.0.1:1", eventTypes: ["interactiveUser"], gzip: false,
 *   window: { fromMs: 0, toMs: 3_600_000 }, now: new Date(0),
 *   slices: [{ eventType: "interactiveUser", fromMs: 0, toMs: 3_600_000 }],
 * });
 * assert.deepEqual(s.slices, [{ id: 1, eventType: "interactiveUser", from: "1970-01-01T00:00:00Z", to: "1970-01-01T01:00:00Z", pages: 0, signIns: 0 }]);
 * assert.equal(s.nextSliceId, 2);
 * ```
 */
export function newExportState(init: {
  graphRoot: string;
  top?: number;
  window: { fromMs: number; toMs: number };
  eventTypes: readonly SignInEventType[];
  gzip: boolean;
  slices: readonly SliceSpec[];
  now: Date;
}): ExportState {
  const slices = init.slices.map((s, i) => newSliceState(i + 1, s));
  return {
    format: EXPORT_STATE_FORMAT,
    version: EXPORT_STATE_VERSION,
    graphRoot: init.graphRoot,
    ...(init.top !== undefined ? { top: init.top } : {}),
    window: { from: iso(init.window.fromMs), to: iso(init.window.toMs) },
    eventTypes: [...init.eventTypes],
    gzip: init.gzip,
    bytes: 0,
    signIns: 0,
    pages: 0,
    slicesDone: 0,
    nextSliceId: slices.length + 1,
    slices,
    startedAt: init.now.toISOString(),
    updatedAt: init.now.toISOString(),
    runs: 1,
  };
}

/**
 * A fresh slice record.
 *
 * @example
 * ```ts
 * import { newSliceState } from "./state.ts";
 * import assert from "node:assert/strict";
 * assert.equal(newSliceState(7, { eventType: "managedIdentity", fromMs: 0, toMs: 1000 }).to, "1970-01-01T00:00:01Z");
 * ```
 */
export function newSliceState(id: number, spec: SliceSpec): ExportSliceState {
  return { id, eventType: spec.eventType, from: iso(spec.fromMs), to: iso(spec.toMs), pages: 0, signIns: 0 };
}

/**
 * A slice record's range and event type as numbers.
 *
 * @example
 * ```ts
 * import { sliceSpecOf } from "./state.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sliceSpecOf({ id: 1, eventType: "interactiveUser", from: "1970-01-01T00:00:00Z", to: "1970-01-01T00:00:01Z", pages: 0, signIns: 0 }),
 *   { eventType: "interactiveUser", fromMs: 0, toMs: 1000 });
 * ```
 */
export function sliceSpecOf(s: ExportSliceState): SliceSpec {
  return { eventType: s.eventType, fromMs: Date.parse(s.from), toMs: Date.parse(s.to) };
}

/**
 * Reads a state file's text, checking every field a resume relies on.
 *
 * @param text the file's content
 * @param path the file, for messages
 * @throws {InputError} naming the file and the bad field
 *
 * @example
 * ```ts
 * import { newExportState, parseExportState } from "./state.ts";
 * import assert from "node:assert/strict";
 * const s = newExportState({ graphRoot: "http://127.0.0.1:1", eventTypes: ["interactiveUser"], gzip: true,
 *   window: { fromMs: 0, toMs: 1000 }, now: new Date(0), slices: [] });
 * assert.deepEqual(parseExportState(JSON.stringify(s), "x.state.json"), s);
 * assert.throws(() => parseExportState("{}", "x.state.json"), /x\.state\.json: Cannot resume the export: .*format/);
 * ```
 */
export function parseExportState(text: string, path: string): ExportState {
  const fail = (detail: string): never => {
    throw new InputError(`Cannot resume the export: ${detail}`, { file: path });
  };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    fail(`the state file is not JSON (${(e as Error).message})`);
  }
  const r = EXPORT_STATE_SCHEMA.safeParse(v);
  if (r.success) return r.data;
  const issue = firstIssue(r.error.issues);
  const slice = issue?.path[0] === "slices" && typeof issue.path[1] === "number"
    ? `slices[${issue.path[1]}]`
    : "";
  const list = () => String(JSON.stringify((v as { eventTypes?: unknown }).eventTypes));
  return fail((issue?.message ?? "invalid").replaceAll("{slice}", slice).replaceAll("{eventTypes}", list));
}
