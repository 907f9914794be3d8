/**
 * The xar table of contents: XML parsed with fast-xml-parser (a maintained, dependency-light
 * parser with limits on nesting and entity expansion), then decoded into plain records. Pure: text
 * in, records out. Files come out in TOC order, depth first (a directory before its children),
 * which is the order users see and hunt.
 */
import type { XMLParser } from 'fast-xml-parser';
import { decodeName, type Problem, type RawFields } from './entry.js';
import { FormatError } from './errors.js';
import { orderedXmlParser } from './xml-parser.js';

/** Deepest element nesting we accept (xar > toc > file ... > data > encoding): bounds recursion. */
export const XAR_MAX_NESTING = 512;

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (its text children, concatenated). */
  text: string;
}

type FxpNode = Record<string, unknown>;

let parser: XMLParser | null = null;

function xarParser(): XMLParser {
  parser ??= orderedXmlParser({ trimValues: false, ignoreDeclaration: true, maxNestedTags: XAR_MAX_NESTING });
  return parser;
}

/** Parse XML into elements; malformed XML is a FormatError (`format` names the document's owner). */
export function parseXml(text: string, format: string, code: string, offset: number): XmlElement[] {
  let nodes: FxpNode[];
  try {
    nodes = xarParser().parse(text, true) as FxpNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FormatError(format, code, `the XML does not parse: ${message}`, { offset });
  }
  return convert(nodes);
}

function convert(nodes: FxpNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (name === undefined) continue;
    const children = (node[name] as FxpNode[] | undefined) ?? [];
    const attrs = (node[':@'] as Record<string, string> | undefined) ?? {};
    let text = '';
    for (const c of children) if (typeof c['#text'] === 'string') text += c['#text'];
    out.push({ name, attrs: { ...attrs }, children: convert(children), text });
  }
  return out;
}

export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name);
}

export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}

export interface XarChecksumRef {
  style: string;
  offset: string;
  size: string;
}

export interface XarDigest {
  style: string;
  value: string;
}

export interface XarData {
  offset: string | null;
  length: string | null;
  size: string | null;
  encoding: string | null;
  archived: XarDigest | null;
  extracted: XarDigest | null;
}

export interface XarFile {
  id: string | null;
  /** Names of the enclosing directories and this file, joined with `/`. */
  path: string;
  /** The stored name's bytes when they are not UTF-8 (base64-encoded names). */
  pathBytes?: Uint8Array;
  name: string;
  depth: number;
  type: string | null;
  /** The `link` attribute of <type>: `original`, or the id of the original for a hard link. */
  typeLink: string | null;
  mode: string | null;
  uid: string | null;
  gid: string | null;
  user: string | null;
  group: string | null;
  mtime: string | null;
  ctime: string | null;
  atime: string | null;
  /** <link> of a symlink: its target. */
  link: string | null;
  inode: string | null;
  deviceno: string | null;
  device: { major: string | null; minor: string | null } | null;
  flags: string[];
  data: XarData | null;
  /** Extended attributes: their names and where their data is (not read). */
  ea: RawFields[];
  problems: Problem[];
}

export interface XarToc {
  creationTime: string | null;
  checksum: XarChecksumRef | null;
  signatures: RawFields[];
  files: XarFile[];
}

const single = ['type', 'mode', 'uid', 'gid', 'user', 'group', 'mtime', 'ctime', 'atime', 'link', 'inode', 'deviceno', 'data', 'device'];

/** Decode the TOC document. `offset` (of the TOC in the file) goes into errors. */
export function decodeToc(text: string, offset: number): XarToc {
  const roots = parseXml(text, 'xar', 'XAR_TOC_XML', offset);
  const xar = roots.find((r) => r.name === 'xar');
  const toc = xar && child(xar, 'toc');
  if (toc === undefined) {
    throw new FormatError('xar', 'XAR_TOC_NO_TOC', `the TOC has no <xar><toc> element; found ${roots.map((r) => `<${r.name}>`).join(', ') || 'nothing'}`, { offset });
  }
  const creation = child(toc, 'creation-time');
  const sum = child(toc, 'checksum');
  const checksum = sum
    ? { style: sum.attrs.style ?? '', offset: (child(sum, 'offset')?.text ?? '').trim(), size: (child(sum, 'size')?.text ?? '').trim() }
    : null;
  const signatures: RawFields[] = [];
  for (const s of toc.children.filter((c) => c.name === 'signature' || c.name === 'x-signature')) {
    signatures.push({
      element: s.name,
      style: s.attrs.style ?? null,
      offset: (child(s, 'offset')?.text ?? '').trim(),
      size: (child(s, 'size')?.text ?? '').trim(),
      certificates: (child(s, 'KeyInfo')?.children ?? []).flatMap((k) => childrenNamed(k, 'X509Certificate')).length,
    });
  }

  const files: XarFile[] = [];
  // Depth first with an explicit stack: TOC order, no recursion on attacker-chosen depth.
  const stack: Array<{ e: XmlElement; parent: string; depth: number }> = [];
  const pushChildren = (e: XmlElement, parent: string, depth: number) => {
    const kids = childrenNamed(e, 'file');
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ e: kids[i]!, parent, depth });
  };
  pushChildren(toc, '', 0);
  while (stack.length > 0) {
    const { e, parent, depth } = stack.pop()!;
    const file = decodeFile(e, parent, depth);
    files.push(file);
    pushChildren(e, file.path, depth + 1);
  }
  return { creationTime: creation ? creation.text.trim() : null, checksum, signatures, files };
}

function decodeFile(e: XmlElement, parent: string, depth: number): XarFile {
  const problems: Problem[] = [];
  const id = e.attrs.id ?? null;
  const where = `file${id !== null ? ` id ${id}` : ''}`;
  const dup = single.filter((n) => childrenNamed(e, n).length > 1);
  const names = childrenNamed(e, 'name');
  if (names.length > 1) dup.unshift('name');
  if (dup.length > 0) {
    problems.push({ code: 'XAR_DUPLICATE_ELEMENT', message: `xar: ${where} has more than one ${dup.map((d) => `<${d}>`).join(', ')}; the first is used${names.length > 1 ? ' (names are joined, as libarchive does)' : ''}` });
  }
  // libarchive appends the character data of every <name>: do the same so paths agree with it.
  let nameBytes: Uint8Array | undefined;
  let name = '';
  for (const n of names) {
    if (n.attrs.enctype === 'base64') {
      const bytes = Buffer.from(n.text.trim(), 'base64');
      const d = decodeName(bytes);
      name += d.text;
      if (d.bytes !== undefined) nameBytes = d.bytes;
    } else {
      name += n.text;
    }
  }
  if (names.length === 0) problems.push({ code: 'XAR_NO_NAME', message: `xar: ${where} has no <name>` });
  if (name === '' || name === '.' || name === '..' || name.includes('/') || /[\u0000-\u001f]/.test(name)) {
    problems.push({ code: 'XAR_UNSAFE_PATH', message: `xar: ${where} has the name ${JSON.stringify(name)}: empty, a dot name, a slash or control characters` });
  }
  const path = parent === '' ? name : `${parent}/${name}`;
  const text = (n: string) => {
    const c = child(e, n);
    return c === undefined ? null : c.text.trim();
  };
  const typeEl = child(e, 'type');
  const dataEl = child(e, 'data');
  const deviceEl = child(e, 'device');
  const file: XarFile = {
    id,
    path,
    name,
    depth,
    type: typeEl ? typeEl.text.trim() : null,
    typeLink: typeEl?.attrs.link ?? null,
    mode: text('mode'),
    uid: text('uid'),
    gid: text('gid'),
    user: child(e, 'user')?.text ?? null,
    group: child(e, 'group')?.text ?? null,
    mtime: text('mtime'),
    ctime: text('ctime'),
    atime: text('atime'),
    link: child(e, 'link')?.text ?? null,
    inode: text('inode'),
    deviceno: text('deviceno'),
    device: deviceEl ? { major: child(deviceEl, 'major')?.text.trim() ?? null, minor: child(deviceEl, 'minor')?.text.trim() ?? null } : null,
    flags: (child(e, 'FinderCreateTime') ? ['FinderCreateTime'] : []).concat(child(e, 'flags')?.children.map((c) => c.name) ?? []),
    data: dataEl ? decodeData(dataEl) : null,
    ea: childrenNamed(e, 'ea').map((a) => {
      const d = decodeData(a);
      return { name: child(a, 'name')?.text ?? null, offset: d.offset, length: d.length, size: d.size, encoding: d.encoding };
    }),
    problems,
  };
  if (nameBytes !== undefined) file.pathBytes = Buffer.concat([Buffer.from(parent === '' ? '' : `${parent}/`, 'utf8'), nameBytes]);
  return file;
}

function decodeData(d: XmlElement): XarData {
  const num = (n: string) => child(d, n)?.text.trim() ?? null;
  const digest = (n: string): XarDigest | null => {
    const c = child(d, n);
    return c ? { style: (c.attrs.style ?? '').toLowerCase(), value: c.text.trim().toLowerCase() } : null;
  };
  return {
    offset: num('offset'),
    length: num('length'),
    size: num('size'),
    encoding: child(d, 'encoding')?.attrs.style ?? null,
    archived: digest('archived-checksum'),
    extracted: digest('extracted-checksum'),
  };
}

/**
 * An ISO 8601 time as xar writes it (`2024-04-23T07:03:27Z`) → seconds since the epoch (UTC). The
 * fixed-width fields are read as libarchive reads them; anything after the seconds other than `Z`
 * is reported, not guessed at. Returns null when the fields are not there.
 */
export function parseXarTime(text: string): { seconds: number; exact: boolean } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(.*)$/.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return { seconds: Date.UTC(y, mo - 1, d, h, mi, s) / 1000, exact: m[7] === 'Z' || m[7] === '' };
}
