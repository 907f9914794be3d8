/**
 * XML compared as a tree (xar TOC, Distribution, PackageInfo, plists): element paths like
 * `/xar/toc/file[2]/mtime`, attributes as `…/@name`, an element's own text at its path. Attribute
 * order, whitespace-only text, comments and processing instructions are not compared; a change in
 * those alone gives no changes, and the caller shows a text diff instead.
 *
 * Same-named siblings pair by position; `[n]` (1-based) appears when either side has more than one.
 */
import type { XMLParser } from 'fast-xml-parser';
import { fastXmlParser, orderedXmlParser } from '@whydiff/formats/xml-parser';
import { collectChanges, type AddChange, type StructuredContentDiff, type StructuredDiffOptions } from './structured-changes.js';

export type XmlContentDiff = Omit<StructuredContentDiff, 'kind'> & { kind: 'xml' };

/** One element as compared: attributes, its own text (trimmed pieces joined), child elements in order. */
interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  text: string;
  children: XmlElement[];
}

// fast-xml-parser's preserveOrder shape: each node is `{ [name]: children, ':@'?: attributes }`.
type OrderedNode = Record<string, unknown>;

let parser: XMLParser | null = null;

/** Loaded on the first XML compared (see fastXmlParser). */
function xmlParser(): XMLParser {
  parser ??= orderedXmlParser({ trimValues: true });
  return parser;
}

const SHOWN_CHARS = 200;

/** Changes between two XML documents by element path, or null when either is not well-formed XML. */
export function diffXml(a: string, b: string, options: StructuredDiffOptions = {}): XmlContentDiff | null {
  const rootA = parseXml(a);
  const rootB = parseXml(b);
  if (rootA === null || rootB === null) return null;
  // Nesting deep enough to exhaust the stack gives null: the caller shows a text diff instead.
  const found = collectChanges(options, (add) => compareChildren(rootA.children, rootB.children, '', add));
  return found === null ? null : { kind: 'xml', ...found };
}

/** The document as a nameless root holding the top-level elements, or null when not well-formed. */
function parseXml(text: string): XmlElement | null {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    if (fastXmlParser().XMLValidator.validate(source) !== true) return null;
    const nodes: unknown = xmlParser().parse(source);
    if (!Array.isArray(nodes)) return null;
    const root = toElement('', undefined, nodes);
    return root.children.length > 0 ? root : null;
  } catch {
    // A parser error, or nesting deep enough to exhaust the stack: not comparable as a tree.
    return null;
  }
}

function toElement(name: string, attributes: unknown, nodes: unknown[]): XmlElement {
  const element: XmlElement = { name, attributes: new Map(), text: '', children: [] };
  if (typeof attributes === 'object' && attributes !== null) {
    for (const [key, value] of Object.entries(attributes)) element.attributes.set(key, String(value));
  }
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const record = node as OrderedNode;
    for (const key of Object.keys(record)) {
      if (key === ':@') continue;
      const value = record[key];
      if (key === '#text') element.text += String(value);
      else if (Array.isArray(value) && !key.startsWith('?') && !key.startsWith('!')) {
        element.children.push(toElement(key, record[':@'], value));
      }
    }
  }
  element.text = element.text.trim();
  return element;
}

type Sink = AddChange;

function compareElements(a: XmlElement, b: XmlElement, path: string, add: Sink): boolean {
  const names = [...new Set([...a.attributes.keys(), ...b.attributes.keys()])].sort();
  for (const name of names) {
    const va = a.attributes.get(name) ?? null;
    const vb = b.attributes.get(name) ?? null;
    if (va !== vb && !add({ path: `${path}/@${name}`, a: va, b: vb })) return false;
  }
  if (a.text !== b.text && !add({ path, a: a.text, b: b.text })) return false;
  return compareChildren(a.children, b.children, path, add);
}

/** Pairs same-named children by position, names in order of first appearance (a, then b). */
function compareChildren(a: XmlElement[], b: XmlElement[], path: string, add: Sink): boolean {
  const groupsA = groupByName(a);
  const groupsB = groupByName(b);
  const names = [...new Set([...groupsA.keys(), ...groupsB.keys()])];
  for (const name of names) {
    const listA = groupsA.get(name) ?? [];
    const listB = groupsB.get(name) ?? [];
    const indexed = listA.length > 1 || listB.length > 1;
    for (let i = 0; i < Math.max(listA.length, listB.length); i++) {
      const at = `${path}/${name}${indexed ? `[${i + 1}]` : ''}`;
      const ea = listA[i];
      const eb = listB[i];
      if (ea === undefined) {
        if (eb !== undefined && !add({ path: at, a: null, b: serialize(eb) })) return false;
      } else if (eb === undefined) {
        if (!add({ path: at, a: serialize(ea), b: null })) return false;
      } else if (!compareElements(ea, eb, at, add)) return false;
    }
  }
  return true;
}

function groupByName(elements: XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const element of elements) {
    const list = groups.get(element.name);
    if (list === undefined) groups.set(element.name, [element]);
    else list.push(element);
  }
  return groups;
}

/** A compact, escaped rendering of an element added or removed, cut at SHOWN_CHARS. */
function serialize(element: XmlElement): string {
  const out = render(element);
  return out.length > SHOWN_CHARS ? `${out.slice(0, SHOWN_CHARS)}…` : out;
}

function render(element: XmlElement): string {
  let out = `<${element.name}`;
  for (const [key, value] of element.attributes) out += ` ${key}="${escape(value)}"`;
  if (element.text === '' && element.children.length === 0) return `${out}/>`;
  out += `>${escape(element.text)}`;
  for (const child of element.children) {
    out += render(child);
    if (out.length > SHOWN_CHARS) break;
  }
  return `${out}</${element.name}>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
