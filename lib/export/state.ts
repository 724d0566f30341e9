/**
 * The checkpoint of a sign-in export: which slices are left, where each stopped (the
 * `@odata.nextLink` after its last written page), and how long the work file was when the
 * checkpoint was written. Pure: building, serialising and validating; the files are written
 * by `work_file.ts`.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { isSignInEventType, type SignInEventType } from "../graph/odata_filter.ts";
import { sameOrigin } from "../graph/guard.ts";
import type { SliceSpec } from "./slices.ts";

/** `format` of a state file. */
export const EXPORT_STATE_FORMAT = "entra-mfa-toolkit/signins-export-state";
/** `version` of a state file this code writes and reads. */
export const EXPORT_STATE_VERSION = 1;

/** A slice not finished yet. */
export interface ExportSliceState {
  /** Unique within the export. */
  id: number;
  /** Event type read. */
  eventType: SignInEventType;
  /** Inclusive start (ISO, whole seconds, UTC). */
  from: string;
  /** Exclusive end. */
  to: string;
  /**
   * Where to continue: the nextLink after the last page written. Absent: read from the first
   * page (a slice restarted after its link was refused has `pages` > 0 and no link; the ids
   * it already wrote are skipped).
   */
  nextLink?: string;
  /** Pages written. */
  pages: number;
  /** Sign-ins written. */
  signIns: number;
  /** Work-file offset of this slice's first written page (for rebuilding its seen ids on resume). */
  firstByte?: number;
}

/** The whole checkpoint. */
export interface ExportState {
  /** Always {@linkcode EXPORT_STATE_FORMAT}. */
  format: typeof EXPORT_STATE_FORMAT;
  /** Always {@linkcode EXPORT_STATE_VERSION}. */
  version: typeof EXPORT_STATE_VERSION;
  /** Graph root the export reads (a resume must use the same). */
  graphRoot: string;
  /**
   * The tenant the rows come from: the `tid` of the token (a JWT), else the configured tenant;
   * absent until known. A resume whose token or tenant differs is refused.
   */
  tenant?: string;
  /** `$top` of the export's requests (a resume must use the same; absent in older checkpoints). */
  top?: number;
  /** The window (ISO, whole seconds). */
  window: { from: string; to: string };
  /** Exported event types, Graph's order. */
  eventTypes: SignInEventType[];
  /** Whether the finished file is gzip-compressed. */
  gzip: boolean;
  /** Length of the work file at this checkpoint; anything after it is discarded on resume. */
  bytes: number;
  /** Sign-ins written so far. */
  signIns: number;
  /** Pages written so far. */
  pages: number;
  /** Slices finished. */
  slicesDone: number;
  /** Next slice id. */
  nextSliceId: number;
  /** Slices not finished, in the order they are read. Empty when all are done. */
  slices: ExportSliceState[];
  /** When the export started (ISO). */
  startedAt: string;
  /** When this checkpoint was written (ISO). */
  updatedAt: string;
  /** Runs so far (1 for the first; +1 per resume). */
  runs: number;
}

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

function fail(path: string, detail: string): never {
  throw new InputError(`Cannot resume the export: ${detail}`, { file: path });
}

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

const isCount = (v: unknown, max = 1e12): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isIso = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));

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
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text);
  } catch (e) {
    fail(path, `the state file is not JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "expected a JSON object");
  if (v.format !== EXPORT_STATE_FORMAT) {
    fail(path, `expected "format": ${JSON.stringify(EXPORT_STATE_FORMAT)}, got ${JSON.stringify(v.format)}`);
  }
  if (v.version !== EXPORT_STATE_VERSION) {
    fail(path, `expected "version": ${EXPORT_STATE_VERSION}, got ${JSON.stringify(v.version)}`);
  }
  if (typeof v.graphRoot !== "string") fail(path, `expected "graphRoot" to be a string`);
  let origin = "";
  try {
    origin = new URL(v.graphRoot).origin;
  } catch {
    fail(path, `expected "graphRoot" to be a URL`);
  }
  if (v.tenant !== undefined && (typeof v.tenant !== "string" || !/^[A-Za-z0-9.-]{1,100}$/.test(v.tenant))) {
    fail(path, `expected "tenant" to be a tenant id or domain`);
  }
  if (
    v.top !== undefined && !(Number.isInteger(v.top) && (v.top as number) >= 1 && (v.top as number) <= 1000)
  ) {
    fail(path, `expected "top" to be a whole number from 1 to 1000`);
  }
  const w = v.window as Record<string, unknown> | null;
  if (!w || typeof w !== "object" || !isIso(w.from) || !isIso(w.to)) {
    fail(path, `expected "window" with ISO "from" and "to"`);
  }
  if (!Array.isArray(v.eventTypes) || v.eventTypes.length === 0 || !v.eventTypes.every(isSignInEventType)) {
    fail(
      path,
      `expected "eventTypes" to list Graph sign-in event types, got ${JSON.stringify(v.eventTypes)}`,
    );
  }
  if (typeof v.gzip !== "boolean") fail(path, `expected "gzip" to be true or false`);
  for (const [k, max] of Object.entries(STATE_NUMBER_LIMITS)) {
    if (!isCount(v[k], max)) {
      fail(path, `expected "${k}" to be a whole number from 0 to ${max}, got ${JSON.stringify(v[k])}`);
    }
  }
  const windowFrom = Date.parse((w as { from: string }).from);
  const windowTo = Date.parse((w as { to: string }).to);
  const eventTypes = v.eventTypes as string[];
  for (const k of ["startedAt", "updatedAt"] as const) {
    if (!isIso(v[k])) fail(path, `expected "${k}" to be an ISO date-time, got ${JSON.stringify(v[k])}`);
  }
  if (!Array.isArray(v.slices)) fail(path, `expected "slices" to be an array`);
  const ids = new Set<number>();
  v.slices.forEach((s: Record<string, unknown>, i: number) => {
    const where = `slices[${i}]`;
    if (!s || typeof s !== "object") fail(path, `expected ${where} to be an object`);
    if (!isCount(s.id, v.nextSliceId as number) || ids.has(s.id)) {
      fail(path, `expected ${where}.id to be a unique whole number below "nextSliceId"`);
    }
    ids.add(s.id);
    if (!isSignInEventType(s.eventType) || !eventTypes.includes(s.eventType)) {
      fail(path, `expected ${where}.eventType to be one of "eventTypes"`);
    }
    if (!isIso(s.from) || !isIso(s.to) || !(Date.parse(s.from) < Date.parse(s.to))) {
      fail(path, `expected ${where}.from before ${where}.to, both ISO date-times`);
    }
    if (Date.parse(s.from) < windowFrom || Date.parse(s.to) > windowTo) {
      fail(path, `expected ${where} to lie within "window"`);
    }
    if (s.nextLink !== undefined && (typeof s.nextLink !== "string" || !sameOrigin(s.nextLink, origin))) {
      // A link elsewhere would carry the token there: only the Graph origin of the export.
      fail(path, `expected ${where}.nextLink to be a URL on the Graph origin ${origin}`);
    }
    if (!isCount(s.pages, STATE_NUMBER_LIMITS.pages) || !isCount(s.signIns, STATE_NUMBER_LIMITS.signIns)) {
      fail(path, `expected ${where}.pages and .signIns to be counts`);
    }
    if (s.firstByte !== undefined && (!isCount(s.firstByte) || s.firstByte > (v.bytes as number))) {
      fail(path, `expected ${where}.firstByte to be an offset within "bytes"`);
    }
  });
  return v as unknown as ExportState;
}
