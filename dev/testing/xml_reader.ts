/**
 * A strict reader for the XML subset the JUnit renderer writes (declaration, elements,
 * attributes, text, comments, the five predefined entities and character references). It
 * checks well-formedness: one root, matching end tags, unique attributes, quoted values, no raw
 * `<` or stray `&`, only characters XML 1.0 allows. Used by tests to parse the JUnit output
 * back (Deno has no DOMParser); not a general XML parser (no DTD, CDATA or processing
 * instructions besides the declaration).
 *
 * @module
 */

/** An element. */
export interface XmlElement {
  /** Tag name. */
  name: string;
  /** Attributes, decoded. */
  attributes: Record<string, string>;
  /** Child elements and text, decoded, in document order. */
  children: (XmlElement | string)[];
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Parses a document and returns its root element.
 *
 * @throws {SyntaxError} `Cannot parse XML: <detail> at offset N` for anything not well-formed
 *
 * @example Usage
 * ```ts
 * import { parseXml } from "./xml_reader.ts";
 * import assert from "node:assert/strict";
 * const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; 2"><b/>t&lt;&#65;</a>\n');
 * assert.equal(root.attributes.x, "1 & 2");
 * assert.deepEqual(root.children, [{ name: "b", attributes: {}, children: [] }, "t<A"]);
 * assert.throws(() => parseXml("<a><b></a></b>"), /Cannot parse XML: expected <\/b>/);
 * assert.throws(() => parseXml('<a x="1" x="2"/>'), /duplicate attribute/);
 * assert.throws(() => parseXml("<a>AT&T</a>"), /"&"/);
 * ```
 */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const fail = (detail: string): never => {
    throw new SyntaxError(`Cannot parse XML: ${detail} at offset ${i}`);
  };
  for (const ch of text) {
    if (!isXmlChar(ch.codePointAt(0) as number)) {
      i = text.indexOf(ch);
      fail(`expected only XML characters, got U+${(ch.codePointAt(0) as number).toString(16).toUpperCase()}`);
    }
  }
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i] as string)) i++;
  };
  const misc = () => {
    while (true) {
      space();
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i + 4);
        if (end < 0) fail("expected --> to close a comment");
        if (text.slice(i + 4, end).includes("--")) fail("expected no -- inside a comment");
        i = end + 3;
      } else return;
    }
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (m === null) return fail("expected a name");
    i += m[0].length;
    return m[0];
  };
  const decode = (raw: string, where: string): string =>
    raw.replace(/&([^;&<]*);|&/g, (all, ref: string | undefined) => {
      if (ref === undefined) return fail(`expected an entity or character reference after "&" in ${where}`);
      if (ENTITIES[ref] !== undefined) return ENTITIES[ref] as string;
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (m === null) return fail(`expected a known reference, got ${all}`);
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] as string, 10);
      if (!isXmlChar(cp)) return fail(`expected a reference to an XML character, got ${all}`);
      return String.fromCodePoint(cp);
    });
  const element = (): XmlElement => {
    if (text[i] !== "<") fail("expected <");
    i++;
    const el: XmlElement = { name: name(), attributes: {}, children: [] };
    while (true) {
      const before = i;
      space();
      if (text.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      if (i === before) fail("expected whitespace before an attribute");
      const key = name();
      space();
      if (text[i] !== "=") fail(`expected = after attribute ${key}`);
      i++;
      space();
      const q = text[i];
      if (q !== '"' && q !== "'") return fail(`expected a quoted value for attribute ${key}`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) fail(`expected a closing quote for attribute ${key}`);
      const raw = text.slice(i + 1, end);
      if (raw.includes("<")) fail(`expected no "<" in attribute ${key}`);
      if (Object.hasOwn(el.attributes, key)) fail(`duplicate attribute ${key}`);
      el.attributes[key] = decode(raw, `attribute ${key}`);
      i = end + 1;
    }
    while (true) {
      const lt = text.indexOf("<", i);
      if (lt < 0) fail(`expected </${el.name}>`);
      const raw = text.slice(i, lt);
      if (raw.includes("]]>")) fail("expected no ]]> in text");
      if (raw !== "") el.children.push(decode(raw, "text"));
      i = lt;
      if (text.startsWith("</", i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) {
          i -= closing.length + 2;
          fail(`expected </${el.name}>, got </${closing}>`);
        }
        space();
        if (text[i] !== ">") fail("expected >");
        i++;
        return el;
      }
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i + 4);
        if (end < 0) fail("expected --> to close a comment");
        i = end + 3;
        continue;
      }
      if (text.startsWith("<!", i) || text.startsWith("<?", i)) {
        fail("expected an element (no CDATA, DTD or PI)");
      }
      el.children.push(element());
    }
  };
  if (text.startsWith("<?xml", 0)) {
    const end = text.indexOf("?>");
    if (end < 0) fail("expected ?> to end the declaration");
    if (
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][A-Za-z0-9._-]*")?( standalone="(yes|no)")? ?\?>$/.test(
        text.slice(0, end + 2),
      )
    ) {
      fail('expected a declaration like <?xml version="1.0" encoding="UTF-8"?>');
    }
    i = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (i !== text.length) fail("expected nothing after the root element");
  return root;
}

/**
 * Child elements of an element with a given name.
 *
 * @example Usage
 * ```ts
 * import { childElements, parseXml } from "./xml_reader.ts";
 * import assert from "node:assert/strict";
 * assert.equal(childElements(parseXml("<a><b/>x<b/><c/></a>"), "b").length, 2);
 * ```
 */
export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

/**
 * The text content of an element (its text children joined).
 *
 * @example Usage
 * ```ts
 * import { textOf, parseXml } from "./xml_reader.ts";
 * import assert from "node:assert/strict";
 * assert.equal(textOf(parseXml("<a>x&amp;<b/>y</a>")), "x&y");
 * ```
 */
export function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === "string").join("");
}
