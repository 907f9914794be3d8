import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';
import { readCpio } from './cpio.js';
import type { Member } from './entry.js';
import { gunzip } from './gzip.js';
import { BufferSource } from './random-access.js';
import { collect, recordingContext } from './test-context.js';
import { readXar } from './xar.js';
import { basePkg, BOM_BYTES, PKG_TIME, pinnedGzip, pkgFixtures, pkgPairCases, productPkg, type PkgVariant } from '../../../test-fixtures/src/pkg-pairs.js';
import { writeXar } from '../../../test-fixtures/src/xar-writer.js';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Row {
  path: string;
  type: string;
  mode: string;
  uid: number | null;
  gid: number | null;
  mtime: number | null;
  size: number;
  sha256: string | null;
  problems: string[];
}

const row = (m: Member, path: string, sha256: string | null): Row => ({
  path, type: m.type, mode: m.mode.toString(8), uid: m.uid, gid: m.gid, mtime: m.mtime, size: m.size, sha256, problems: m.problems.map((p) => p.code),
});

/** What the walker will show: xar members, and Payload/Scripts opened as gzip → cpio under `!/`. */
async function walk(bytes: Uint8Array) {
  const ctx = recordingContext();
  const rows: Row[] = [];
  for await (const m of readXar(new BufferSource(bytes), ctx)) {
    const content = m.content === null ? null : await collect(m.content);
    rows.push(row(m, m.path, content === null ? null : sha(content)));
    if (content !== null && /(^|\/)(Payload|Scripts)$/.test(m.path) && content[0] === 0x1f) {
      const inner = recordingContext();
      for await (const c of readCpio(new ByteReader(gunzip(new BufferSource(content).stream(0, content.byteLength), inner)), inner)) {
        rows.push(row(c, `${m.path}!/${c.path}`, c.content === null ? null : sha(await collect(c.content))));
      }
    }
  }
  return { rows, layers: ctx.layers, problems: ctx.problems };
}

describe('pkg: a product archive', () => {
  it('is reported as a pkg layer named from its Distribution and PackageInfo', async () => {
    const { layers, problems } = await walk(productPkg());
    expect(problems).toEqual([]);
    expect(layers.map((l) => l.format)).toEqual(['xar', 'pkg']);
    expect(layers[1]).toEqual({
      format: 'pkg',
      summary: 'pkg com.example.tool 1.2.3',
      raw: {
        kind: 'product',
        components: [{
          path: 'comp.pkg', identifier: 'com.example.tool', version: '1.2.3', installLocation: '/', auth: 'root', formatVersion: '2',
          generatorVersion: 'whydiff-test-fixtures', payloadFiles: '6', payloadKBytes: '8', scripts: { postinstall: './postinstall' },
        }],
        distribution: {
          root: 'installer-gui-script', minSpecVersion: '2', title: 'Tool', product: { id: 'com.example.tool', version: '1.2.3' },
          pkgRefs: [{ id: 'com.example.tool', version: '1.2.3', ref: '#comp.pkg' }],
        },
      },
    });
  });

  it('lists the xar members and, nested under Payload!/ and Scripts!/, the cpio members', async () => {
    const { rows } = await walk(productPkg());
    const t = PKG_TIME;
    const x = (path: string, type: string, mode: string, size: number, sha256: string | null): Row => ({ path, type, mode, uid: 0, gid: 0, mtime: t, size, sha256, problems: [] });
    const p = (path: string, type: string, mode: string, size: number, sha256: string | null): Row => ({ path, type, mode, uid: 0, gid: 80, mtime: t, size, sha256, problems: [] });
    const s = (path: string, type: string, mode: string, size: number, sha256: string | null): Row => ({ path, type, mode, uid: 501, gid: 20, mtime: t, size, sha256, problems: [] });
    const payload = rows.find((r) => r.path === 'comp.pkg/Payload')!;
    const scripts = rows.find((r) => r.path === 'comp.pkg/Scripts')!;
    expect(rows.filter((r) => !r.path.includes('!/')).map((r) => [r.path, r.type, r.size])).toEqual([
      ['Distribution', 'file', 690],
      ['comp.pkg', 'dir', 0],
      ['comp.pkg/Bom', 'file', 32],
      ['comp.pkg/Payload', 'file', payload.size],
      ['comp.pkg/Scripts', 'file', scripts.size],
      ['comp.pkg/PackageInfo', 'file', 423],
    ]);
    expect(rows.find((r) => r.path === 'comp.pkg/Bom')).toEqual(x('comp.pkg/Bom', 'file', '644', 32, sha(BOM_BYTES)));
    expect(rows.filter((r) => r.path.includes('!/'))).toEqual([
      p('comp.pkg/Payload!/.', 'dir', '755', 0, null),
      p('comp.pkg/Payload!/./usr', 'dir', '755', 0, null),
      p('comp.pkg/Payload!/./usr/local', 'dir', '755', 0, null),
      p('comp.pkg/Payload!/./usr/local/bin', 'dir', '755', 0, null),
      p('comp.pkg/Payload!/./usr/local/bin/tool', 'file', '755', 28, sha(basePkg.toolContent)),
      p('comp.pkg/Payload!/./usr/local/share/doc/tool/README', 'file', '644', 25, sha('tool: an example payload\n')),
      s('comp.pkg/Scripts!/.', 'dir', '755', 0, null),
      s('comp.pkg/Scripts!/./postinstall', 'file', '755', 17, sha('#!/bin/sh\nexit 0\n')),
    ]);
  });

  it('is byte-identical on every run, its gzip headers pinned (MTIME 0, OS 3)', () => {
    expect(Buffer.compare(productPkg(), productPkg())).toBe(0);
    expect([...pinnedGzip(new Uint8Array([1, 2, 3])).subarray(4, 10)]).toEqual([0, 0, 0, 0, 2, 3]);
  });

  it('a component package (PackageInfo at the top) is a pkg too', async () => {
    const meta = { uid: 0, gid: 0, mtime: PKG_TIME };
    const info = '<pkg-info identifier="com.example.lib" version="0.9" install-location="/opt" auth="none" format-version="2"/>';
    const { layers } = await walk(writeXar([{ name: 'PackageInfo', type: 'file', mode: 0o644, ...meta, data: info }], { creationTime: null }));
    expect(layers[1]).toMatchObject({ format: 'pkg', summary: 'pkg com.example.lib 0.9', raw: { kind: 'component' } });
  });

  it('a pbzx Payload is listed with a problem saying so', async () => {
    const meta = { uid: 0, gid: 0, mtime: PKG_TIME };
    const bytes = writeXar(
      [
        { name: 'Payload', type: 'file', mode: 0o644, ...meta, data: 'pbzx\0\0\0\0\0\x10\0\0', encoding: 'none' },
        { name: 'PackageInfo', type: 'file', mode: 0o644, ...meta, data: '<pkg-info identifier="x" version="1"/>' },
      ],
      { creationTime: null },
    );
    const ctx = recordingContext();
    const members: Member[] = [];
    for await (const m of readXar(new BufferSource(bytes), ctx)) members.push(m);
    expect(members[0]!.problems).toEqual([{ code: 'PKG_PAYLOAD_PBZX', message: "pkg: Payload is pbzx (Apple's chunked xz); not read yet", path: 'Payload' }]);
    expect(members[1]!.problems).toEqual([]);
  });

  it('a PackageInfo that is not XML is a problem, and the package is still listed', async () => {
    const meta = { uid: 0, gid: 0, mtime: PKG_TIME };
    const { rows, problems } = await walk(writeXar([{ name: 'PackageInfo', type: 'file', mode: 0o644, ...meta, data: '<pkg-info' }], { creationTime: null }));
    expect(rows.map((r) => r.path)).toEqual(['PackageInfo']);
    expect(problems.map((p) => p.code)).toEqual(['PKG_BAD_XML']);
  });
});

describe('pkg pairs', () => {
  it('are named pkg/<case>/a.pkg and b.pkg beside pkg/product.pkg', () => {
    expect(pkgFixtures.map((f) => f.name)).toEqual([
      'pkg/product.pkg',
      ...pkgPairCases.flatMap((c) => [`pkg/${c.name}/a.pkg`, `pkg/${c.name}/b.pkg`]),
    ]);
  });

  /** Paths whose listed fields differ between a and b (content by sha256), with the fields. */
  async function differences(b: Partial<PkgVariant>) {
    const left = await walk(productPkg());
    const right = await walk(productPkg({ ...basePkg, ...b }));
    const out: string[] = [];
    const byPath = new Map(left.rows.map((r) => [r.path, r]));
    for (const r of right.rows) {
      const l = byPath.get(r.path);
      if (l === undefined) { out.push(`${r.path}: only in b`); continue; }
      for (const k of ['type', 'mode', 'uid', 'gid', 'mtime', 'size', 'sha256'] as const) if (l[k] !== r[k]) out.push(`${r.path}: ${k}`);
    }
    const order = (rows: Row[]) => rows.map((r) => r.path).join(' ');
    if (order(left.rows) !== order(right.rows)) out.push('order');
    if (left.layers[0]!.raw.creationTime !== right.layers[0]!.raw.creationTime) out.push('creation-time');
    return out;
  }

  it('payload-mtimes: only the Payload members’ mtimes (and so the Payload bytes) differ', async () => {
    expect(await differences(pkgPairCases[0]!.b)).toEqual([
      'comp.pkg/Payload: sha256',
      ...['.', './usr', './usr/local', './usr/local/bin', './usr/local/bin/tool', './usr/local/share/doc/tool/README'].map((p) => `comp.pkg/Payload!/${p}: mtime`),
    ]);
  });

  it('creation-time: only the TOC creation-time differs', async () => {
    expect(await differences(pkgPairCases[1]!.b)).toEqual(['creation-time']);
  });

  it('member-order: the same members in another order', async () => {
    expect(await differences(pkgPairCases[2]!.b)).toEqual(['order']);
  });

  it("payload-content: one Payload file's content", async () => {
    expect(await differences(pkgPairCases[3]!.b)).toEqual(['comp.pkg/Payload: sha256', 'comp.pkg/Payload!/./usr/local/bin/tool: sha256']);
  });

  it("scripts-mode: one Scripts file's mode", async () => {
    expect(await differences(pkgPairCases[4]!.b)).toEqual(['comp.pkg/Scripts: size', 'comp.pkg/Scripts: sha256', 'comp.pkg/Scripts!/./postinstall: mode']);
  });
});
