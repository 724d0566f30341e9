/**
 * The export's output guard and lock: the output must be a regular file (or nothing yet), and
 * only one run may write it at a time.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { checkOutputTarget } from "../report/output.ts";
import type { ExportPaths } from "./state.ts";
import { removeIfExists } from "./work_file.ts";

const encoder = new TextEncoder();

/**
 * Refuses an output the export cannot replace by rename (a device, a directory, a link).
 *
 * @throws {UsageError} naming the output and why
 */
export async function checkExportTarget(paths: ExportPaths): Promise<void> {
  let target: Awaited<ReturnType<typeof checkOutputTarget>>;
  try {
    target = await checkOutputTarget(paths.out);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (target === "device") {
    throw new UsageError(
      `Cannot export to ${paths.out}: it is not a regular file (the export writes a checkpoint and renames its work file over it)`,
    );
  }
}

/**
 * Takes the export's lock (`OUT.lock`, an exclusive OS file lock — `flock` — on a file holding
 * this process's id), so two runs on the same output cannot interleave: the second fails at
 * once, naming the pid of the first. The OS drops the lock when the holder dies, even by
 * SIGKILL, so a crashed run never blocks the resume (no pid guessing). The file is removed
 * when the run ends; a symlink or anything but a regular file at that name is refused.
 *
 * @returns a function that releases the lock
 * @throws {UsageError} when another run holds it
 */
export async function acquireExportLock(paths: ExportPaths): Promise<() => Promise<void>> {
  try {
    const info = await Deno.lstat(paths.lock);
    if (!info.isFile) {
      throw new UsageError(
        `Cannot run the export to ${paths.out}: ${paths.lock} is not a regular file (a link?)`,
      );
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const file = await Deno.open(paths.lock, { read: true, write: true, create: true, mode: 0o600 });
  let locked = false;
  try {
    locked = await file.tryLock(true);
    if (!locked) {
      const buf = new Uint8Array(32);
      const n = (await file.read(buf)) ?? 0;
      const text = new TextDecoder().decode(buf.subarray(0, n)).trim();
      throw new UsageError(
        `Cannot run the export to ${paths.out}: another run${
          /^\d{1,10}$/.test(text) ? ` (pid ${text})` : ""
        } ` +
          `is writing it (it holds ${paths.lock}); wait for it to finish`,
      );
    }
    await file.truncate(0);
    await file.write(encoder.encode(`${Deno.pid}\n`));
  } catch (e) {
    file.close();
    throw e;
  }
  return async () => {
    await removeIfExists(paths.lock).catch(() => {});
    file.close(); // releases the lock
  };
}
