import { runDenoTask } from "./_run_task.ts";

/**
 * Test helpers for the registration tasks: runs a task through its own deno.json entry
 * (`deno task NAME`, so its permissions are the ones in force), and sorts UPNs the documented
 * way without using the code under test.
 *
 * @module
 */

/** The registration tasks. */
export type RegistrationTaskName = "registered-users" | "unregistered-users" | "registration-report";

/** A finished run. */
export type TaskRun = import("./_run_task.ts").TaskRun;

/**
 * Runs `deno task <name> <args>` (the task's own deno.json permissions) from the project root
 * with a cleared environment (plus `env`), no stdin and no TTY.
 */
export function runRegistrationTask(
  name: RegistrationTaskName,
  args: string[],
  env: Record<string, string> = {},
): Promise<TaskRun> {
  return runDenoTask(name, args, { env });
}

/** Lines of a text, without the empty last one. */
export function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/**
 * Sorts UPNs the way the tasks document it (case-insensitive code-unit order, ties by exact
 * text); written out here so tests do not use the code under test to compute expectations.
 */
export function sortedUpns(upns: Iterable<string>): string[] {
  return [...upns].sort((a, b) => {
    const x = a.toLowerCase(), y = b.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
