/**
 * The export's checkpoint (`OUT.state.json`): started new or read back and checked against
 * the run's settings, updated as pages are written and slices split, saved atomically, and
 * removed once the output is in place. The format itself lives in `state.ts`.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { replaceFile, writeTextFileAtomic } from "../report/output.ts";
import type { SignInsExportOptions } from "./exporter.ts";
import { floorToSecond, planSlices, type SlicePolicy, type SliceSpec } from "./slices.ts";
import {
  type ExportPaths,
  type ExportSliceState,
  type ExportState,
  newExportState,
  newSliceState,
  parseExportState,
} from "./state.ts";
import { gzipFileAtomic, pathExists, readTextIfExists, removeIfExists } from "./work_file.ts";
import type { TimeWindow as SignInWindow } from "../options/window.ts";

/** The settings a checkpoint records (and a resume must match). */
export type CheckpointSettings = Pick<
  SignInsExportOptions,
  "window" | "eventTypes" | "gzip" | "resume" | "top"
>;

/** The export's state and where it is saved. */
export class Checkpoint {
  readonly #now: () => Date;
  /**
   * @param paths the export's files
   * @param state the checkpoint's content (updated in place)
   * @param now clock for `updatedAt`
   */
  constructor(readonly paths: ExportPaths, readonly state: ExportState, now: () => Date) {
    this.#now = now;
  }

  /** Writes the checkpoint atomically, stamped with the time. */
  async save(): Promise<void> {
    this.state.updatedAt = this.#now().toISOString();
    await this.write();
  }

  /** Writes the checkpoint atomically as it is. */
  async write(): Promise<void> {
    await writeTextFileAtomic(this.paths.state, JSON.stringify(this.state));
  }

  /** Whether only the last step is left (a crash while renaming or compressing). */
  async finishedBefore(): Promise<boolean> {
    return this.state.slices.length === 0 && !(await pathExists(this.paths.work)) &&
      (await pathExists(this.paths.out));
  }

  /** Removes the checkpoint (the output is complete). */
  async remove(): Promise<void> {
    await removeIfExists(this.paths.state);
  }

  /** Moves the work file to the output (compressing it with gzip), then removes the checkpoint. */
  async finish(): Promise<void> {
    if (this.state.gzip) {
      await gzipFileAtomic(this.paths.work, this.paths.out);
      await Deno.remove(this.paths.work);
    } else {
      await replaceFile(this.paths.work, this.paths.out);
    }
    await this.remove();
  }

  /** Rows of one tenant only: the first token's tenant is recorded, a later one must match. */
  adoptTenant(tenant: string | undefined): void {
    checkTenant(this.state, tenant, this.paths);
    if (this.state.tenant === undefined && tenant !== undefined) this.state.tenant = tenant;
  }

  /**
   * Counts a written page of slice `st`: `signIns` new lines starting at byte `offset`; with no
   * `nextLink` the slice is finished and leaves the checkpoint.
   */
  recordPage(st: ExportSliceState, signIns: number, offset: number, nextLink: string | undefined): void {
    const state = this.state;
    st.pages++;
    st.signIns += signIns;
    state.pages++;
    state.signIns += signIns;
    st.firstByte ??= offset;
    if (nextLink === undefined) {
      delete st.nextLink;
      state.slices = state.slices.filter((s) => s !== st);
      state.slicesDone++;
    } else {
      st.nextLink = nextLink;
    }
  }

  /** Replaces slice `st` by new slices for `specs` (in place, in that order). */
  split(st: ExportSliceState, specs: readonly SliceSpec[]): ExportSliceState[] {
    const state = this.state;
    const pieces = specs.map((spec) => newSliceState(state.nextSliceId++, spec));
    const at = state.slices.indexOf(st);
    state.slices.splice(at, 1, ...pieces);
    return pieces;
  }
}

/**
 * Starts a new checkpoint (bound to the tenant when it is known), or with `resume` reads the
 * existing one and checks it against the settings, the Graph root and (when known) the tenant.
 *
 * @throws {UsageError} no checkpoint to resume, one in the way of a new start, or other settings
 */
export async function openCheckpoint(
  settings: CheckpointSettings,
  env: {
    paths: ExportPaths;
    graphRoot: string;
    tenant: string | undefined;
    policy: SlicePolicy;
    now: () => Date;
  },
): Promise<Checkpoint> {
  const { paths, graphRoot, now } = env;
  const existing = await readTextIfExists(paths.state);
  let state: ExportState;
  if (settings.resume) {
    if (existing === undefined) {
      throw new UsageError(
        `Cannot resume the export to ${paths.out}: there is no checkpoint ${paths.state} (run without --resume to start)`,
      );
    }
    state = parseExportState(existing, paths.state);
    checkResumeSettings(state, settings, graphRoot, paths);
    if (env.tenant !== undefined) checkTenant(state, env.tenant, paths);
    state.runs++;
  } else {
    if (existing !== undefined) {
      throw new UsageError(
        `Cannot start an export to ${paths.out}: ${paths.state} holds an unfinished one; ` +
          `rerun with --resume to continue it, or delete ${paths.state} and ${paths.work} to start over`,
      );
    }
    if (!settings.window || !settings.eventTypes || settings.eventTypes.length === 0) {
      throw new UsageError(`Cannot start an export: expected a window and at least one event type`);
    }
    const window = settings.window;
    state = newExportState({
      graphRoot,
      top: settings.top ?? 1000,
      window: { fromMs: floorToSecond(window.from.getTime()), toMs: floorToSecond(window.to.getTime()) },
      eventTypes: settings.eventTypes,
      gzip: settings.gzip ?? false,
      slices: planSlices(window, settings.eventTypes, env.policy),
      now: now(),
    });
    // bound from the start when the token already names its tenant, not only once rows are written
    // (a first run that fails before its first batch would otherwise leave an unbound checkpoint)
    if (env.tenant !== undefined) state.tenant = env.tenant;
  }
  return new Checkpoint(paths, state, now);
}

function sameWindow(state: ExportState, window: SignInWindow): boolean {
  const floor = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;
  return Date.parse(state.window.from) === floor(window.from) &&
    Date.parse(state.window.to) === floor(window.to);
}

function checkResumeSettings(
  state: ExportState,
  options: CheckpointSettings,
  graphRoot: string,
  paths: ExportPaths,
): void {
  const differs = (what: string, was: string, now: string) =>
    new UsageError(
      `Cannot resume the export to ${paths.out} with ${what} ${now}: it was started with ${was} ` +
        `(leave the option out to continue, or delete ${paths.state} and ${paths.work} to start over)`,
    );
  if (state.graphRoot !== graphRoot) throw differs("Graph", state.graphRoot, graphRoot);
  if (options.window && !sameWindow(state, options.window)) {
    throw differs(
      "the window",
      `${state.window.from} – ${state.window.to}`,
      `${options.window.from.toISOString()} – ${options.window.to.toISOString()}`,
    );
  }
  if (options.eventTypes && options.eventTypes.join(",") !== state.eventTypes.join(",")) {
    throw differs("--event-types", state.eventTypes.join(","), options.eventTypes.join(","));
  }
  if (options.gzip !== undefined && options.gzip !== state.gzip) {
    throw differs("gzip", String(state.gzip), String(options.gzip));
  }
  const top = options.top ?? 1000;
  if (state.top !== undefined && state.top !== top) {
    throw differs("--page-size", String(state.top), String(top));
  }
}

/**
 * Refuses to mix tenants in one export: once the checkpoint names a tenant, the client's
 * (its token's `tid`, or the configured tenant) must be the same, and known.
 */
function checkTenant(state: ExportState, tenant: string | undefined, paths: ExportPaths): void {
  if (state.tenant === undefined) return;
  if (tenant === undefined || tenant.toLowerCase() !== state.tenant.toLowerCase()) {
    throw new UsageError(
      `Cannot resume the export to ${paths.out}: it holds sign-ins of tenant ${state.tenant}, ` +
        `but this run reads ${tenant === undefined ? "an unknown tenant" : `tenant ${tenant}`} ` +
        `(use a token for the same tenant, or delete ${paths.state} and ${paths.work} to start over)`,
    );
  }
}
