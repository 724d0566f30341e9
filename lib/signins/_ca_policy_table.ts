/**
 * One shared object per distinct Conditional Access policy entry of a file (private to the
 * mappers). Sign-ins list the same policies with the same few results over and over; a row that
 * keeps its own parsed copies (with every extra beta property and two arrays each) holds about
 * half of what a buffered row weighs. Rows of one reader share the entries instead, which makes
 * the rows the merger buffers cheaper for the garbage collector, and lets the report cache work
 * per entry by identity (and the content fingerprint hash an entry in one step, `_content_tag.ts`).
 * The table is per reader (no global state) and bounded.
 *
 * @module
 */
import type { AppliedConditionalAccessPolicy } from "./sign_in.ts";
import { ENTRY_MIX, entryMix } from "./_content_tag.ts";

/** Distinct entries a table keeps; later new entries are used as they come. */
const MAX_ENTRIES = 4096;
/** Source entry objects a table remembers by identity ({@linkcode CaPolicyTable.known}). */
const MAX_SOURCES = 16384;

/**
 * Whether two lists of strings are equal, element by element (e.g. two entries' controls).
 *
 * @param a one list
 * @param b the other
 * @returns true when they have the same strings in the same order
 *
 * @example
 * ```ts
 * import { sameStrings } from "./_ca_policy_table.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sameStrings(["Mfa"], ["Mfa"]), true);
 * assert.equal(sameStrings(["Mfa", "block"], ["block", "Mfa"]), false);
 * ```
 */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Shared, frozen {@linkcode AppliedConditionalAccessPolicy} entries: equal entries (same id,
 * display name, result and controls) come back as one object holding exactly those five fields.
 *
 * @example Two rows' equal entries become one object
 * ```ts
 * import { CaPolicyTable } from "./_ca_policy_table.ts";
 * import assert from "node:assert/strict";
 * const t = new CaPolicyTable();
 * const raw = () => ({ id: "p1", displayName: "MFA", result: "success", enforcedGrantControls: ["Mfa"], enforcedSessionControls: [], conditionsSatisfied: 3 });
 * const a = t.shared(raw()), b = t.shared(raw());
 * assert.equal(a, b);
 * assert.deepEqual(a, { id: "p1", displayName: "MFA", result: "success", enforcedGrantControls: ["Mfa"], enforcedSessionControls: [] });
 * assert.notEqual(t.shared({ ...raw(), result: "failure" }), a);
 * ```
 */
export class CaPolicyTable {
  readonly #byId = new Map<string | null, AppliedConditionalAccessPolicy[]>();
  /** Frozen source entries (the scanner's interned ones, one object per distinct text) already shared, by identity. */
  readonly #bySource = new Map<object, AppliedConditionalAccessPolicy>();
  #size = 0;

  /**
   * The shared entries of `v` when every element is a frozen source entry that {@linkcode list}
   * has already shared (then it was clean, and being frozen it still is), else null: one lookup
   * by identity per entry instead of checking and comparing its fields.
   *
   * @param v the raw `appliedConditionalAccessPolicies` array
   * @returns the shared entries, or null (then check and map `v` as usual)
   *
   * @example A frozen entry seen before
   * ```ts
   * import { CaPolicyTable } from "./_ca_policy_table.ts";
   * import assert from "node:assert/strict";
   * const t = new CaPolicyTable();
   * const e = Object.freeze({ id: "p1", displayName: "MFA", result: "success", enforcedGrantControls: Object.freeze(["Mfa"]), enforcedSessionControls: Object.freeze([]) });
   * assert.equal(t.known([e]), null);
   * const a = t.list([e]);
   * assert.equal(t.known([e])![0], a[0]);
   * assert.equal(t.known([e, { ...e }]), null);
   * ```
   */
  known(v: readonly unknown[]): readonly AppliedConditionalAccessPolicy[] | null {
    const n = v.length;
    if (n === 0) return null;
    const bySource = this.#bySource;
    const out = new Array<AppliedConditionalAccessPolicy>(n);
    for (let i = 0; i < n; i++) {
      const e = v[i];
      if (typeof e !== "object" || e === null) return null;
      const q = bySource.get(e);
      if (q === undefined) return null;
      out[i] = q;
    }
    return out;
  }
  /**
   * The list of the shared entries of `v`, entry by entry as {@linkcode shared} gives them.
   *
   * @param v entries as mapped
   * @returns the shared entries
   *
   * @example Equal entries, one object
   * ```ts
   * import { CaPolicyTable } from "./_ca_policy_table.ts";
   * import assert from "node:assert/strict";
   * const t = new CaPolicyTable();
   * const raw = (result: string) => [{ id: "p1", displayName: "MFA", result, enforcedGrantControls: ["Mfa"], enforcedSessionControls: [] }];
   * const a = t.list(raw("success"));
   * assert.equal(t.list(raw("success"))[0], a[0]);
   * assert.equal(t.list(raw("failure"))[0]!.result, "failure");
   * ```
   */
  list(v: readonly AppliedConditionalAccessPolicy[]): readonly AppliedConditionalAccessPolicy[] {
    const out = new Array<AppliedConditionalAccessPolicy>(v.length);
    const bySource = this.#bySource;
    for (let i = 0; i < v.length; i++) {
      const p = v[i]!;
      const q = out[i] = this.shared(p);
      // a frozen entry's fields cannot change: the next row that has this very object is known
      if (
        q !== p && bySource.size < MAX_SOURCES && Object.isFrozen(p) &&
        Object.isFrozen(p.enforcedGrantControls) && Object.isFrozen(p.enforcedSessionControls)
      ) bySource.set(p, q);
    }
    return out;
  }

  /**
   * The shared entry equal to `p`; a new one is added (a five-field frozen copy), or, when the
   * table is full, `p` itself is returned.
   *
   * @param p an entry as mapped (extra properties are not compared and not kept)
   * @returns the shared entry
   */
  shared(p: AppliedConditionalAccessPolicy): AppliedConditionalAccessPolicy {
    let same = this.#byId.get(p.id);
    if (same !== undefined) {
      for (let i = 0; i < same.length; i++) {
        const q = same[i]!;
        // the same id already (the list is the id's)
        if (
          q.result === p.result && q.displayName === p.displayName &&
          sameStrings(q.enforcedGrantControls, p.enforcedGrantControls) &&
          sameStrings(q.enforcedSessionControls, p.enforcedSessionControls)
        ) return q;
      }
    }
    if (this.#size >= MAX_ENTRIES) return p;
    const q: AppliedConditionalAccessPolicy = {
      id: p.id,
      displayName: p.displayName,
      result: p.result,
      enforcedGrantControls: Object.freeze([...p.enforcedGrantControls]),
      enforcedSessionControls: Object.freeze([...p.enforcedSessionControls]),
    };
    // the entry's content fingerprint steps as one (not enumerable: not part of its value)
    Object.defineProperty(q, ENTRY_MIX, { value: entryMix(q.id, q.result) });
    Object.freeze(q);
    if (same === undefined) this.#byId.set(p.id, same = []);
    same.push(q);
    this.#size++;
    return q;
  }
}
