/**
 * Reading environment variables without ever causing a permission prompt: a variable the task's
 * `--allow-env` does not grant reads as unset. On a terminal Deno would otherwise stop and ask
 * (and answering `n` throws `NotCapable`); off a terminal it would throw at once.
 *
 * @module
 */

/**
 * The value of `name` when the process may read it, else `undefined` (never prompts).
 *
 * @param name the variable
 *
 * @example
 * ```ts
 * import { readGrantedEnv } from "./env.ts";
 * import assert from "node:assert/strict";
 * const v = readGrantedEnv("NO_SUCH_VARIABLE_SET_HERE");
 * assert.equal(v, undefined);
 * ```
 */
export function readGrantedEnv(name: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") return undefined;
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * The values of `names` the process may read and that are set (never prompts).
 *
 * @param names the variables
 *
 * @example
 * ```ts
 * import { readGrantedEnvs } from "./env.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(readGrantedEnvs(["NO_SUCH_VARIABLE_SET_HERE"]), {});
 * ```
 */
export function readGrantedEnvs(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = readGrantedEnv(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
