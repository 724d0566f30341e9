/**
 * One slice being read in this run (its cursor, seen ids and page guard), shared by the
 * export's scheduler, page reader and writer.
 *
 * @module
 */
import type { PageLoopGuard } from "../graph/guard.ts";
import type { GraphItem } from "../graph/request.ts";
import type { SliceSpec } from "./slices.ts";
import { type ExportSliceState, sliceSpecOf } from "./state.ts";

/** A slice of the checkpoint, with what this run knows about it. */
export class SliceRun {
  /** The slice's event type and time range. */
  readonly spec: SliceSpec;
  /** The URL of the next page to read; undefined = the first page. */
  cursor: string | undefined;
  /** Ids written by this slice. */
  seen: Set<string> = new Set<string>();
  /** Repeated links, page and empty-page caps of this slice's walk (set by the run). */
  loop: PageLoopGuard | undefined;
  /** Times the slice was read again from its start. */
  restarts = 0;
  /** Oldest createdDateTime written (for the progress estimate). */
  oldestMs: number | undefined;
  /** @param st the slice's checkpoint entry (updated as pages are written) */
  constructor(readonly st: ExportSliceState) {
    this.spec = sliceSpecOf(st);
    this.cursor = st.nextLink;
  }
}

/** Thrown inside the run when it stops (signal or failure): the cursor gives up quietly. */
export class Stop extends Error {}

/** A sign-in's `createdDateTime` in ms, or undefined when missing or not a date. */
export function createdMs(item: GraphItem): number | undefined {
  const v = item.createdDateTime;
  if (typeof v !== "string") return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
