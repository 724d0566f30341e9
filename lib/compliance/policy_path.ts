/**
 * Paths written in a policy file (`scope.excludeFile`): relative to the policy file's folder,
 * and kept inside it. A policy is often reviewed less carefully than a command line, and the
 * file it names is read by a job that may hold secrets, so `"../../secret.env"`, an absolute
 * path, or a symbolic link that leads out of the folder is refused unless the command line says
 * `--allow-outside-paths`.
 *
 * @module
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";

/**
 * A path written in the policy file, relative to the policy file's folder (absolute paths as
 * they are).
 *
 * @example Usage
 * ```ts
 * import { policyRelativePath } from "./policy_path.ts";
 * import assert from "node:assert/strict";
 * assert.equal(policyRelativePath("config/compliance.jsonc", "break-glass.txt"), "config/break-glass.txt");
 * assert.equal(policyRelativePath("compliance.jsonc", "/etc/x.txt"), "/etc/x.txt");
 * ```
 */
export function policyRelativePath(policyFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(policyFile), path);
}

/**
 * Whether `path` is `folder` itself or inside it (both absolute, normalised).
 *
 * @example Usage
 * ```ts
 * import { isInsideFolder } from "./policy_path.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isInsideFolder("/p/conf", "/p/conf/lists/bg.txt"), true);
 * assert.equal(isInsideFolder("/p/conf", "/p/conf-other/x.txt"), false);
 * assert.equal(isInsideFolder("/p/conf", "/p/secret.env"), false);
 * ```
 */
export function isInsideFolder(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/**
 * Resolves a file named in the policy (`what`, e.g. `scope.excludeFile`) and checks it stays in
 * the policy's folder, following symbolic links.
 *
 * @param policyFile the policy file, as given on the command line
 * @param path the path as written in the policy
 * @param what the policy key, for the message
 * @param allowOutside `--allow-outside-paths`
 * @returns the path to read
 * @throws {InputError} naming the policy file when the path leads outside its folder (exit 1)
 */
export async function resolvePolicyPath(
  policyFile: string,
  path: string,
  what: string,
  allowOutside: boolean,
): Promise<string> {
  const file = policyRelativePath(policyFile, path);
  if (allowOutside) return file;
  const folder = resolve(dirname(policyFile));
  const refuse = (where: string): never => {
    throw new InputError(
      `Cannot use ${what} ${JSON.stringify(path)}: it ${where} outside the policy file's folder ${folder} ` +
        "(a policy may only name files next to it or below; give --allow-outside-paths to allow it)",
      { file: policyFile },
    );
  };
  if (!isInsideFolder(folder, resolve(file))) refuse("is");
  // Follow symbolic links on both sides; a file that does not exist is left to the reader's error.
  let realFolder: string, realFile: string;
  try {
    realFolder = await Deno.realPath(folder);
    realFile = await Deno.realPath(file);
  } catch {
    return file;
  }
  if (!isInsideFolder(realFolder, realFile)) refuse("leads (through a symbolic link)");
  return file;
}
