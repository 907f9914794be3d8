/**
 * Pairs of zip archives (zip/<case>/a.zip and b.zip), eggs, wheels and .pyc files that differ in
 * exactly ONE thing each, the way two builds of the same project differ. A small Python project
 * written with fixed times, owners and order, then varied one knob at a time.
 */
import { createHash } from 'node:crypto';
import type { Fixture } from './fixture.js';
import { marshalAssignModule, writePyc } from './pyc-writer.js';
import { writeZip, type ZipEntry, type ZipOptions } from './zip-writer.js';

/** 2023-11-14T22:13:20Z (an even second: DOS times have 2-second steps), and one hour later. */
export const ZIP_BUILD_TIME = 1700000000;
export const ZIP_REBUILD_TIME = ZIP_BUILD_TIME + 3600;

const initPy = '"""acme: a tiny package."""\n__version__ = "1.0.0"\n';
/** Long and varied enough that deflate levels 6 and 9 give different bytes (2177 against 2110). */
const corePy = Array.from(
  { length: 300 },
  (_, i) => `def f${i}(x):\n    return x * ${(i * 31) % 97} + ${(i * 7919) % 101}  # ${['alpha', 'beta', 'gamma', 'delta'][i % 4]}\n`,
).join('\n');
const readme = 'acme\n====\n\nA tiny package used by whydiff tests.\n';

export interface ProjectOptions {
  mtime?: number;
  /** Info-ZIP extras 0x5455 (mtime) and 0x7875 (uid/gid): `zip` writes them, `zip -X` does not. */
  extras?: boolean;
  level?: number;
  /**
   * General purpose bits 1-2 on the deflated members: the compressor's option (APPNOTE 4.4.4).
   * Info-ZIP's zip writes 0x2 (maximum) for -8 and -9 and 0x4 (fast) for -1; zlib-based writers
   * (Python's zipfile, the default here) write 0.
   */
  deflateOption?: number;
  order?: 'sorted' | 'reversed';
  /** No entry for the directory acme/, as `zip -D` writes. */
  noDirectories?: boolean;
  /** "Version made by" of every member (default 0x031e: Unix, spec 3.0, as Info-ZIP 3.0 writes). */
  madeBy?: number;
  /** Mode of acme/core.py. */
  coreMode?: number;
  /** acme/__init__.py stored, as Info-ZIP stores a file deflate would not shrink much (others deflate every file). */
  initStored?: boolean;
  /** The text files' internal attributes bit 0 set, as Info-ZIP marks files it reads as text (Python's zipfile does not). */
  textFlag?: boolean;
  dataDescriptor?: 'signature' | 'no-signature';
  zip64?: boolean;
  /**
   * Seconds east of UTC of the time zone zip ran in: DOS times are local time, the extended
   * timestamp (with `extras`) is UTC, so only the DOS times move.
   */
  utcOffset?: number;
}

export function projectEntries(o: ProjectOptions = {}): ZipEntry[] {
  const mtime = o.mtime ?? ZIP_BUILD_TIME;
  const common = (): Partial<ZipEntry> => ({
    mtime: mtime + (o.utcOffset ?? 0),
    ...(o.level !== undefined ? { level: o.level } : {}),
    ...(o.extras ? { extendedTimestamp: { mtime, atime: mtime }, unixIds: { uid: 1000, gid: 1000 } } : {}),
    ...(o.dataDescriptor ? { dataDescriptor: o.dataDescriptor } : {}),
    ...(o.zip64 ? { zip64: true } : {}),
    ...(o.madeBy !== undefined ? { madeBy: o.madeBy } : {}),
  });
  const text: Partial<ZipEntry> = o.textFlag ? { internalAttributes: 1 } : {};
  const deflated: Partial<ZipEntry> = o.deflateOption !== undefined ? { extraFlags: o.deflateOption } : {};
  const entries: ZipEntry[] = [
    { ...common(), name: 'acme/', unixMode: 0o40755 },
    { ...common(), ...deflated, ...text, name: 'acme/__init__.py', data: initPy, unixMode: 0o100644, ...(o.initStored ? { method: 'stored' as const } : {}) },
    { ...common(), ...deflated, ...text, name: 'acme/core.py', data: corePy, unixMode: o.coreMode ?? 0o100644 },
    { ...common(), ...text, name: 'README.txt', data: readme, unixMode: 0o100644, method: 'stored' },
  ];
  const kept = o.noDirectories === true ? entries.filter((e) => e.data !== undefined || !String(e.name).endsWith('/')) : entries;
  return o.order === 'reversed' ? kept.reverse() : kept;
}

function pair(name: string, about: string, a: () => Uint8Array, b: () => Uint8Array, ext = 'zip'): Fixture[] {
  return [
    { name: `${name}/a.${ext}`, about: `${about} (a)`, bytes: a },
    { name: `${name}/b.${ext}`, about: `${about} (b)`, bytes: b },
  ];
}

const project = (o: ProjectOptions = {}, z: ZipOptions = {}) => () => writeZip(projectEntries(o), z);

/** café.txt as UTF-8 with flag bit 11, or as CP437 bytes (é = 0x82) without it. */
function cafe(utf8: boolean): () => Uint8Array {
  return () =>
    writeZip([
      {
        name: utf8 ? 'café.txt' : Uint8Array.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]),
        utf8Flag: utf8,
        data: 'coffee\n',
        mtime: ZIP_BUILD_TIME,
      },
    ]);
}

// --- eggs --------------------------------------------------------------------------------------

export const PKG_INFO = [
  'Metadata-Version: 2.1',
  'Name: acme',
  'Version: 1.0.0',
  'Summary: A tiny package',
  'Author: Acme Ltd',
  'License: MIT',
  '',
  'A tiny package used by whydiff tests.',
  '',
].join('\n');

/** The .pyc of acme/__init__.py: Python 3.11, timestamp-based, source mtime as given. */
export function initPyc(sourceMtime: number, value = 1): Uint8Array {
  return writePyc({ python: '3.11', kind: 'timestamp', sourceMtime, sourceSize: Buffer.byteLength(initPy) }, marshalAssignModule('x', value));
}

/** An egg as `setup.py bdist_egg` lays it out; `mtime` is both the members' time and the .pyc source mtime. */
export function writeEgg(mtime: number): Uint8Array {
  const m = (name: string, data?: string | Uint8Array): ZipEntry => ({ name, ...(data !== undefined ? { data } : {}), mtime, madeBy: 0x0314, externalAttributes: 0 });
  return writeZip([
    m('EGG-INFO/PKG-INFO', PKG_INFO),
    m('EGG-INFO/SOURCES.txt', 'README.txt\nsetup.py\nacme/__init__.py\nacme/core.py\n'),
    m('EGG-INFO/dependency_links.txt', '\n'),
    m('EGG-INFO/top_level.txt', 'acme\n'),
    m('EGG-INFO/zip-safe', '\n'),
    m('acme/__init__.py', initPy),
    m('acme/__pycache__/__init__.cpython-311.pyc', initPyc(mtime)),
  ]);
}

// --- wheels ------------------------------------------------------------------------------------

const METADATA = ['Metadata-Version: 2.1', 'Name: acme', 'Version: 1.0.0', 'Summary: A tiny package', ''].join('\n');
const WHEEL = ['Wheel-Version: 1.0', 'Generator: bdist_wheel (0.41.2)', 'Root-Is-Purelib: true', 'Tag: py3-none-any', ''].join('\n');

function recordLine(path: string, data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return `${path},sha256=${createHash('sha256').update(bytes).digest('base64url')},${bytes.byteLength}`;
}

export interface WheelOptions {
  mtime?: number;
  /** Replace one file's content after RECORD was written (a wheel edited by hand). */
  tamper?: { path: string; data: string };
  /** Leave one file out of RECORD. */
  unrecorded?: string;
  /** acme/core.py as built from other source (RECORD lists its digest and size). */
  core?: string;
}

/** A jar as `jar cf` writes it: the manifest first, naming the JDK that wrote it, then the classes. */
function writeJar(createdBy: string): Uint8Array {
  const manifest = `Manifest-Version: 1.0\r\nCreated-By: ${createdBy}\r\nMain-Class: acme.Main\r\n\r\n`;
  return writeZip([
    { name: 'META-INF/', mtime: ZIP_BUILD_TIME, unixMode: 0o40755 },
    { name: 'META-INF/MANIFEST.MF', data: manifest, mtime: ZIP_BUILD_TIME, unixMode: 0o100644 },
    { name: 'acme/Main.class', data: Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61]), mtime: ZIP_BUILD_TIME, unixMode: 0o100644 },
  ]);
}

/** A wheel as bdist_wheel writes it: files, then dist-info with RECORD last. */
export function writeWheel(o: WheelOptions = {}): Uint8Array {
  const files: Array<[string, string]> = [
    ['acme/__init__.py', initPy],
    ['acme/core.py', o.core ?? corePy],
    ['acme-1.0.0.dist-info/METADATA', METADATA],
    ['acme-1.0.0.dist-info/WHEEL', WHEEL],
    ['acme-1.0.0.dist-info/top_level.txt', 'acme\n'],
  ];
  const record = [
    ...files.filter(([p]) => p !== o.unrecorded).map(([p, d]) => recordLine(p, d)),
    'acme-1.0.0.dist-info/RECORD,,',
    '',
  ].join('\n');
  const mtime = o.mtime ?? ZIP_BUILD_TIME;
  return writeZip([
    ...files.map(([name, data]): ZipEntry => ({ name, data: o.tamper?.path === name ? o.tamper.data : data, mtime, unixMode: 0o100644 })),
    { name: 'acme-1.0.0.dist-info/RECORD', data: record, mtime, unixMode: 0o100644 },
  ]);
}

export const zipFixtures: Fixture[] = [
  ...pair('zip/dos-time', 'the same project zipped an hour later: only DOS times differ', project(), project({ mtime: ZIP_REBUILD_TIME })),
  ...pair('zip/extra-fields', '`zip -X` (no extras) against `zip` (0x5455 times and 0x7875 uid/gid)', project(), project({ extras: true })),
  ...pair('zip/deflate-level', 'deflate level 6 against level 9', project({ level: 6 }), project({ level: 9 })),
  ...pair('zip/deflate-option', 'deflate level 9 against level 1, with the option bits Info-ZIP writes for them (maximum, fast)', project({ level: 9, deflateOption: 0x2 }), project({ level: 1, deflateOption: 0x4 })),
  ...pair('zip/prepended', 'the same zip, with 64 bytes before it in b (a stub joined with cat: its offsets count from the zip\'s own start)', project(), () => Buffer.concat([Buffer.from('#!/bin/sh\nexec unzip -o "$0"\n'.padEnd(64, '#'), 'latin1'), project()()])),
  ...pair('zip/stub', 'the same zip behind two self-extractor stubs of the same length (64 bytes), for another shell', () => Buffer.concat([Buffer.from('#!/bin/sh\nexec unzip -o "$0"\n'.padEnd(64, '#'), 'latin1'), project()()]), () => Buffer.concat([Buffer.from('#!/bin/bash\nexec unzip -o "$0"\n'.padEnd(64, '#'), 'latin1'), project()()])),
  ...pair('zip/text-flag', "the text files marked as text in their internal attributes (Info-ZIP) against not (Python's zipfile)", project({ textFlag: true }), project()),
  ...pair('zip/method', 'acme/__init__.py deflated against stored (the method, not the level)', project(), project({ initStored: true })),
  ...pair('zip/directory-entries', 'with an entry for the directory acme/ against without (zip -D)', project(), project({ noDirectories: true })),
  ...pair('zip/time-zone', '`zip` (with its UTC extended timestamp) run under TZ=UTC against TZ=Europe/Berlin: only the DOS times differ, by an hour', project({ extras: true }), project({ extras: true, utcOffset: 3600 })),
  ...pair('zip/made-by', 'version made by 3.0 (Info-ZIP) against 2.0 (Python zipfile), both Unix', project(), project({ madeBy: 0x0314 })),
  ...pair('zip/member-order', 'members in sorted order against reversed order', project(), project({ order: 'reversed' })),
  ...pair('zip/external-attributes', 'acme/core.py mode 0644 against 0755', project(), project({ coreMode: 0o100755 })),
  ...pair('zip/utf8-flag', 'café.txt as UTF-8 with flag bit 11 against CP437 without it', cafe(true), cafe(false)),
  ...pair('zip/zip64', 'plain records against zip64 extras and end records', project(), project({ zip64: true }, { zip64End: true })),
  ...pair('zip/data-descriptor', 'sizes in the local header against data descriptors', project(), project({ dataDescriptor: 'signature' })),
  ...pair('zip/data-descriptor-signature', 'data descriptors with against without the PK\\7\\8 signature', project({ dataDescriptor: 'signature' }), project({ dataDescriptor: 'no-signature' })),
  ...pair('egg/mtimes', 'an egg built twice: member times and the .pyc source mtime differ', () => writeEgg(ZIP_BUILD_TIME), () => writeEgg(ZIP_REBUILD_TIME), 'egg'),
  ...pair('jar/created-by', "a jar built by two JDKs: the manifest's Created-By differs, nothing else", () => writeJar('17.0.2 (Eclipse Adoptium)'), () => writeJar('21.0.1 (Oracle Corporation)'), 'jar'),
  ...pair('wheel/module-content', 'a wheel built from changed source: acme/core.py differs, and so does its line in RECORD', () => writeWheel(), () => writeWheel({ core: corePy.replace('return x * 0 + 0', 'return x * 1 + 0') }), 'whl'),
  ...pair('wheel/mtimes', 'a wheel built twice: member times differ, RECORD is the same', () => writeWheel(), () => writeWheel({ mtime: ZIP_REBUILD_TIME }), 'whl'),
  ...pair('pyc/invalidation-mode', 'the same code compiled timestamp-based (py_compile) against checked-hash (SOURCE_DATE_EPOCH set, PEP 552)', () => initPyc(ZIP_BUILD_TIME), () => writePyc({ python: '3.11', kind: 'hash-checked', sourceHash: Uint8Array.from([0x4c, 0x03, 0x72, 0xaa, 0x93, 0xf7, 0x52, 0x52]) }, marshalAssignModule('x', 1)), 'pyc'),
  ...pair('pyc/header-only', 'the same code, compiled from a source with another mtime', () => initPyc(ZIP_BUILD_TIME), () => initPyc(ZIP_REBUILD_TIME), 'pyc'),
  ...pair('pyc/code', 'the same header, different code (x = 1 against x = 2)', () => initPyc(ZIP_BUILD_TIME, 1), () => initPyc(ZIP_BUILD_TIME, 2), 'pyc'),
];
