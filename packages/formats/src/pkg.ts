/**
 * macOS flat packages (.pkg): a xar whose TOC holds a `Distribution` (a product archive, made by
 * productbuild) or a `PackageInfo` (a component package, made by pkgbuild; inside a product archive
 * each component is a `<name>.pkg/` directory holding its own PackageInfo, Bom, Payload, Scripts).
 * This module names the package from those XML files; the members themselves are listed by the
 * xar reader, and Payload/Scripts (gzip'd or bzip2'd cpio) are opened by the walker by content.
 */
import type { LayerInfo, Problem, RawFields, RawValue } from './entry.js';
import { FormatError } from './errors.js';
import { child, childrenNamed, parseXml, type XarFile, type XmlElement } from './xar-toc.js';

/** Longest PackageInfo or Distribution we read to name the package. */
export const PKG_XML_CAP = 1 << 20;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** PackageInfo files that belong to the package: at the top (component) or one level down (product). */
function packageInfos(files: readonly XarFile[]): XarFile[] {
  return files.filter((f) => f.name === 'PackageInfo' && (f.depth === 0 || (f.depth === 1 && f.path.split('/')[0]!.endsWith('.pkg'))));
}

export function isPkg(files: readonly XarFile[]): boolean {
  return files.some((f) => f.depth === 0 && f.name === 'Distribution') || packageInfos(files).length > 0;
}

/**
 * The `pkg` layer: kind, components (identifier, version, install location...), and from a
 * Distribution its title, product and pkg-refs. `read` returns a member's decoded text (capped) or
 * null when it cannot be read; XML that does not parse becomes a problem, not a failure.
 */
export async function describePkg(
  files: readonly XarFile[],
  read: (file: XarFile) => Promise<string | null>,
  problem: (p: Problem) => void,
): Promise<LayerInfo | null> {
  if (!isPkg(files)) return null;
  const dist = files.find((f) => f.depth === 0 && f.name === 'Distribution');
  const raw: RawFields = { kind: dist ? 'product' : 'component' };
  const components: RawValue[] = [];
  const names: string[] = [];
  for (const info of packageInfos(files)) {
    const root = await readXml(info, 'pkg-info', read, problem);
    if (root === null) continue;
    const a = root.attrs;
    const payload = child(root, 'payload');
    const scripts = child(root, 'scripts');
    components.push({
      path: info.depth === 0 ? '' : info.path.split('/')[0]!,
      identifier: a.identifier ?? null,
      version: a.version ?? null,
      installLocation: a['install-location'] ?? null,
      auth: a.auth ?? null,
      formatVersion: a['format-version'] ?? null,
      generatorVersion: a['generator-version'] ?? null,
      payloadFiles: payload?.attrs.numberOfFiles ?? null,
      payloadKBytes: payload?.attrs.installKBytes ?? null,
      scripts: scripts ? Object.fromEntries(scripts.children.map((s) => [s.name, s.attrs.file ?? null])) : null,
    });
    names.push([a.identifier, a.version].filter((x) => x !== undefined).join(' '));
  }
  raw.components = components;
  let product: string | null = null;
  if (dist) {
    const root = await readXml(dist, null, read, problem);
    if (root !== null) {
      const p = child(root, 'product');
      product = p ? [p.attrs.id, p.attrs.version].filter((x) => x !== undefined).join(' ') : null;
      raw.distribution = {
        root: root.name,
        minSpecVersion: root.attrs.minSpecVersion ?? null,
        title: child(root, 'title')?.text.trim() ?? null,
        product: p ? { id: p.attrs.id ?? null, version: p.attrs.version ?? null } : null,
        pkgRefs: childrenNamed(root, 'pkg-ref')
          .filter((r) => r.text.trim() !== '' || r.attrs.version !== undefined)
          .map((r) => ({ id: r.attrs.id ?? null, version: r.attrs.version ?? null, ref: r.text.trim() || null })),
      };
    }
  }
  const what = product ?? (names.join(', ') || (dist ? 'product' : 'component'));
  return { format: 'pkg', raw, summary: `pkg ${what}` };
}

async function readXml(
  file: XarFile,
  rootName: string | null,
  read: (file: XarFile) => Promise<string | null>,
  problem: (p: Problem) => void,
): Promise<XmlElement | null> {
  const text = await read(file);
  if (text === null) return null;
  try {
    const root = parseXml(text, 'pkg', 'PKG_BAD_XML', 0).find((e) => rootName === null || e.name === rootName);
    if (root === undefined) {
      problem({ code: 'PKG_BAD_XML', message: `pkg: ${file.path} has no <${rootName}> element`, path: file.path });
      return null;
    }
    return root;
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    problem({ code: 'PKG_BAD_XML', message: `pkg: ${file.path}: ${error.message}`, path: file.path });
    return null;
  }
}

/** A problem for a Payload stored in pbzx (Apple's chunked xz), which we do not read yet. */
export function payloadProblem(path: string, head: Uint8Array): Problem | null {
  if (baseName(path) !== 'Payload') return null;
  if (head.byteLength >= 4 && head[0] === 0x70 && head[1] === 0x62 && head[2] === 0x7a && head[3] === 0x78) {
    return { code: 'PKG_PAYLOAD_PBZX', message: "pkg: Payload is pbzx (Apple's chunked xz); not read yet", path };
  }
  return null;
}
