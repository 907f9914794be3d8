/**
 * What kind of content a member holds, by its bytes (the path only breaks ties for XML): which
 * comparator shows its difference best.
 */
import { pythonVersionFromMagic } from '@whydiff/formats/pyc-magic';

export type ContentKind = 'text' | 'xml' | 'json' | 'pyc' | 'binary';

/** Bytes looked at for NUL and UTF-8 validity; enough to tell text from binary, as git does. */
export const SNIFF_BYTES = 64 * 1024;
/** Larger JSON is not parsed just to name it: it is shown as text (or omitted). */
const MAX_JSON_SNIFF = 4 * 1024 * 1024;

/** Root elements that make a document XML whatever its name (xar TOC, Distribution, PackageInfo, plist). */
const XML_ROOTS = new Set(['xar', 'installer-gui-script', 'installer-script', 'pkg-info', 'plist', 'pkgref', 'package']);
const XML_NAMES = new Set(['Distribution', 'PackageInfo']);
const XML_EXTENSIONS = /\.(xml|plist|xsd|xsl|xslt|svg|xhtml|rdf|pom|nuspec|csproj|vcxproj|props|targets|resx|wsdl|dist)$/i;

export function sniffContent(bytes: Uint8Array, path: string): ContentKind {
  if (isPyc(bytes)) return 'pyc';
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (hasBinaryControl(head)) return 'binary';
  let text: string;
  try {
    // stream: true lets a multi-byte character cut at the sniff boundary pass.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < bytes.length });
  } catch {
    return 'binary';
  }
  const start = text.replace(/^\uFEFF?\s*/, '');
  if (start.startsWith('<')) return looksLikeXml(start, path) ? 'xml' : 'text';
  if ((start.startsWith('{') || start.startsWith('[')) && bytes.length <= MAX_JSON_SNIFF && parsesAsJson(bytes)) {
    return 'json';
  }
  return 'text';
}

/** A .pyc: a known Python magic number followed by `\r\n`. */
export function isPyc(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || bytes[2] !== 0x0d || bytes[3] !== 0x0a) return false;
  return pythonVersionFromMagic((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8)) !== null;
}

/** NUL, or a control character text does not use (tab, newlines, form feed, backspace and ESC are fine). */
function hasBinaryControl(head: Uint8Array): boolean {
  for (const byte of head) {
    if ((byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f) return true;
  }
  return false;
}

const TEXT_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

function looksLikeXml(start: string, path: string): boolean {
  if (start.startsWith('<?xml')) return true;
  const root = /^(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)/.exec(start);
  if (root === null) return false;
  const name = root[1] ?? '';
  if (name.toLowerCase() === 'html') return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return XML_ROOTS.has(name) || XML_NAMES.has(base) || XML_EXTENSIONS.test(base);
}

function parsesAsJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}
