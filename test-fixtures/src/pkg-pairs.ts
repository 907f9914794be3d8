/**
 * macOS flat packages made by our own writers: a product archive (`Distribution` and one component
 * `comp.pkg/` holding `PackageInfo`, `Bom`, `Payload`, `Scripts`, as productbuild lays them out),
 * and pairs that differ in one thing each, the things release engineers hunt in .pkg builds.
 *
 * Payload and Scripts are odc cpio (what pkgbuild writes) compressed with gzip; the gzip header is
 * pinned (MTIME 0, OS 3 = Unix) so the bytes do not depend on the machine's zlib build. Bom is NOT
 * a real bill of materials: it is the "BOMStore" magic followed by fixed bytes, enough to be
 * listed and hashed like any member (parsing BOM is a stretch goal).
 */
import { gzipSync } from 'node:zlib';
import type { Fixture } from './fixture.js';
import { writeCpio, type CpioWriteEntry } from './cpio-writer.js';
import { writeXar, type XarWriteFile } from './xar-writer.js';

/** 2024-01-02T03:04:05Z: every time in these fixtures is this or a fixed offset from it. */
export const PKG_TIME = 1704164645;
export const PKG_CREATION_TIME = '2024-01-02T03:04:05';

/** gzip with the header pinned: MTIME 0 (bytes 4-7), XFL as zlib sets it for level 9, OS 3 (byte 9). */
export function pinnedGzip(data: Uint8Array): Uint8Array {
  const out = gzipSync(data, { level: 9 });
  out.writeUInt32LE(0, 4);
  out[9] = 3;
  return out;
}

export interface PkgVariant {
  payloadMtime: number;
  creationTime: string;
  /** Order of comp.pkg's members. */
  componentOrder: Array<'Bom' | 'Payload' | 'Scripts' | 'PackageInfo'>;
  toolContent: string;
  postinstallMode: number;
  /** The Payload's first inode number; the others follow (the build file system's numbers, as cpio records them). */
  payloadInodeBase: number;
}

export const basePkg: PkgVariant = {
  payloadMtime: PKG_TIME,
  creationTime: PKG_CREATION_TIME,
  componentOrder: ['Bom', 'Payload', 'Scripts', 'PackageInfo'],
  toolContent: '#!/bin/sh\necho "tool 1.2.3"\n',
  postinstallMode: 0o755,
  payloadInodeBase: 1,
};

export function payloadEntries(v: PkgVariant): CpioWriteEntry[] {
  const t = v.payloadMtime;
  const owner = { uid: 0, gid: 80 };
  const entries: CpioWriteEntry[] = [
    { name: '.', type: 'dir', perm: 0o755, ...owner, mtime: t },
    { name: './usr', type: 'dir', perm: 0o755, ...owner, mtime: t },
    { name: './usr/local', type: 'dir', perm: 0o755, ...owner, mtime: t },
    { name: './usr/local/bin', type: 'dir', perm: 0o755, ...owner, mtime: t },
    { name: './usr/local/bin/tool', type: 'file', perm: 0o755, ...owner, mtime: t, data: v.toolContent },
    { name: './usr/local/share/doc/tool/README', type: 'file', perm: 0o644, ...owner, mtime: t, data: 'tool: an example payload\n' },
  ];
  return entries.map((e, i) => ({ ...e, ino: v.payloadInodeBase + i }));
}

export function scriptsEntries(v: PkgVariant): CpioWriteEntry[] {
  return [
    { name: '.', type: 'dir', perm: 0o755, uid: 501, gid: 20, mtime: PKG_TIME },
    { name: './postinstall', type: 'file', perm: v.postinstallMode, uid: 501, gid: 20, mtime: PKG_TIME, data: '#!/bin/sh\nexit 0\n' },
  ];
}

const packageInfo = `<?xml version="1.0" encoding="utf-8"?>
<pkg-info overwrite-permissions="true" relocatable="false" identifier="com.example.tool" postinstall-action="none" version="1.2.3" format-version="2" generator-version="whydiff-test-fixtures" install-location="/" auth="root">
    <payload numberOfFiles="6" installKBytes="8"/>
    <bundle-version/>
    <scripts>
        <postinstall file="./postinstall"/>
    </scripts>
</pkg-info>
`;

const distribution = `<?xml version="1.0" encoding="utf-8"?>
<installer-gui-script minSpecVersion="2">
    <title>Tool</title>
    <pkg-ref id="com.example.tool"/>
    <options customize="never" require-scripts="false" hostArchitectures="x86_64,arm64"/>
    <choices-outline>
        <line choice="default">
            <line choice="com.example.tool"/>
        </line>
    </choices-outline>
    <choice id="default"/>
    <choice id="com.example.tool" visible="false">
        <pkg-ref id="com.example.tool"/>
    </choice>
    <pkg-ref id="com.example.tool" version="1.2.3" onConclusion="none" installKBytes="8">#comp.pkg</pkg-ref>
    <product id="com.example.tool" version="1.2.3"/>
</installer-gui-script>
`;

/** Not a real BOM: the BOMStore magic and 24 fixed bytes. */
export const BOM_BYTES = Uint8Array.from([...Buffer.from('BOMStore', 'latin1'), 0, 0, 0, 1, ...Array.from({ length: 20 }, (_, i) => i)]);

export function productPkg(v: PkgVariant = basePkg): Uint8Array {
  const meta = { uid: 0, gid: 0, user: 'root', group: 'wheel', mtime: PKG_TIME };
  // Inode numbers are the files' own (xar records what stat says), whatever order they are stored in.
  const members: Record<PkgVariant['componentOrder'][number], XarWriteFile> = {
    Bom: { name: 'Bom', type: 'file', mode: 0o644, ...meta, data: BOM_BYTES, inode: 3 },
    // pkgbuild stores the already-compressed Payload and Scripts as they are.
    Payload: { name: 'Payload', type: 'file', mode: 0o644, ...meta, data: pinnedGzip(writeCpio('odc', payloadEntries(v))), encoding: 'none', inode: 4 },
    Scripts: { name: 'Scripts', type: 'file', mode: 0o644, ...meta, data: pinnedGzip(writeCpio('odc', scriptsEntries(v))), encoding: 'none', inode: 5 },
    PackageInfo: { name: 'PackageInfo', type: 'file', mode: 0o644, ...meta, data: packageInfo, inode: 6 },
  };
  return writeXar(
    [
      { name: 'Distribution', type: 'file', mode: 0o644, ...meta, data: distribution },
      { name: 'comp.pkg', type: 'directory', mode: 0o755, ...meta, children: v.componentOrder.map((n) => members[n]) },
    ],
    { creationTime: v.creationTime },
  );
}

interface PairCase {
  name: string;
  about: string;
  b: Partial<PkgVariant>;
}

export const pkgPairCases: PairCase[] = [
  { name: 'payload-mtimes', about: 'every Payload member mtime one hour later', b: { payloadMtime: PKG_TIME + 3600 } },
  { name: 'creation-time', about: 'the xar TOC creation-time differs', b: { creationTime: '2024-05-06T07:08:09' } },
  { name: 'member-order', about: "comp.pkg's members in another order (PackageInfo first)", b: { componentOrder: ['PackageInfo', 'Bom', 'Payload', 'Scripts'] } },
  { name: 'payload-content', about: 'usr/local/bin/tool inside the Payload has other content', b: { toolContent: '#!/bin/sh\necho "tool 1.2.4"\n' } },
  { name: 'scripts-mode', about: 'Scripts/postinstall mode 0644 instead of 0755', b: { postinstallMode: 0o644 } },
  { name: 'payload-inodes', about: "the Payload's cpio records other inode numbers (built from another copy of the tree)", b: { payloadInodeBase: 51459 } },
];

export const pkgFixtures: Fixture[] = [
  { name: 'pkg/product.pkg', about: 'a product archive: Distribution and comp.pkg/{Bom,Payload,Scripts,PackageInfo}', bytes: () => productPkg() },
  ...pkgPairCases.flatMap((c): Fixture[] => [
    { name: `pkg/${c.name}/a.pkg`, about: `${c.about} (a: the base package)`, bytes: () => productPkg() },
    { name: `pkg/${c.name}/b.pkg`, about: `${c.about} (b)`, bytes: () => productPkg({ ...basePkg, ...c.b }) },
  ]),
];
