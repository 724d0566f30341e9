/**
 * The checkpoint of a `per-user-mfa` run that stopped part-way: the states already read, by
 * user id, next to the output file (`OUT.state.json`), bound to the Graph origin they came
 * from. `--resume` reads it so those users are not asked again; a successful run removes it.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { GraphItem } from "../graph/mod.ts";
import { readSmallTextFile } from "../io/small_file.ts";
import { writeTextFileAtomic } from "../report/mod.ts";

/** Kind tag of the file. */
const KIND = "entra-mfa-toolkit per-user-mfa checkpoint";

/** Largest checkpoint read (about 100 bytes a user: millions of users). */
const MAX_BYTES = 512 * 1024 * 1024;

/** The checkpoint file of an output file. */
export function perUserMfaCheckpointPath(out: string): string {
  return `${out}.state.json`;
}

/**
 * The checkpoint's text.
 *
 * @example
 * ```ts
 * import { checkpointText, parseCheckpoint } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 * const text = checkpointText("https://graph.microsoft.com", new Map([["u1", { perUserMfaState: "enforced" }]]));
 * const back = parseCheckpoint(text, "x.state.json", "https://graph.microsoft.com");
 * assert.deepEqual(back.get("u1"), { perUserMfaState: "enforced" });
 * assert.throws(() => parseCheckpoint(text, "x.state.json", "http://127.0.0.1:8787"), /another Graph/);
 * ```
 */
export function checkpointText(graphRoot: string, read: ReadonlyMap<string, GraphItem>): string {
  const states: Record<string, unknown> = {};
  for (const [id, body] of read) {
    states[id] = typeof body.perUserMfaState === "string" ? body.perUserMfaState : null;
  }
  return JSON.stringify({ kind: KIND, schemaVersion: 1, graphRoot, states }) + "\n";
}

/**
 * Reads a checkpoint's text: the requirements bodies by user id.
 *
 * @throws {InputError} for another kind of file, another Graph origin, or a malformed entry
 */
export function parseCheckpoint(text: string, file: string, graphRoot: string): Map<string, GraphItem> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError("not a per-user-mfa checkpoint: not valid JSON", { file });
  }
  const d = doc as { kind?: unknown; schemaVersion?: unknown; graphRoot?: unknown; states?: unknown };
  if (d === null || typeof d !== "object" || d.kind !== KIND || d.schemaVersion !== 1) {
    throw new InputError(`not a per-user-mfa checkpoint (expected "kind": "${KIND}", schema version 1)`, {
      file,
    });
  }
  if (d.graphRoot !== graphRoot) {
    throw new InputError(
      `the checkpoint was made against another Graph (${String(d.graphRoot)}), not ${graphRoot}; ` +
        "delete it to start over",
      { file },
    );
  }
  if (d.states === null || typeof d.states !== "object" || Array.isArray(d.states)) {
    throw new InputError('expected "states": an object of user id → state', { file });
  }
  const out = new Map<string, GraphItem>();
  for (const [id, state] of Object.entries(d.states as Record<string, unknown>)) {
    if (state !== null && typeof state !== "string") {
      throw new InputError(`expected the state of ${JSON.stringify(id)} to be text or null`, { file });
    }
    out.set(id, state === null ? {} : { perUserMfaState: state });
  }
  return out;
}

/** Reads the checkpoint next to `out`. @throws {InputError} when missing or unusable */
export async function readPerUserMfaCheckpoint(
  out: string,
  graphRoot: string,
): Promise<Map<string, GraphItem>> {
  const file = perUserMfaCheckpointPath(out);
  const text = await readSmallTextFile(file, { what: "per-user-mfa checkpoint", maxBytes: MAX_BYTES });
  return parseCheckpoint(text, file, graphRoot);
}

/** Writes the checkpoint next to `out` (atomically). */
export async function writePerUserMfaCheckpoint(
  out: string,
  graphRoot: string,
  read: ReadonlyMap<string, GraphItem>,
): Promise<string> {
  const file = perUserMfaCheckpointPath(out);
  await writeTextFileAtomic(file, checkpointText(graphRoot, read));
  return file;
}

/** Removes the checkpoint next to `out`, if any. */
export async function removePerUserMfaCheckpoint(out: string): Promise<void> {
  try {
    await Deno.remove(perUserMfaCheckpointPath(out));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
