import { describe, it, expect } from 'vitest';
import { renderText } from './index.js';
import { describePycCode, formatValue } from './shared.js';
import { contentKindsReport, identicalReport, metadataOnlyReport, rebuiltAppReport } from './reports.fixture.js';

const ESC = '\u001b';

describe('renderText', () => {
  it('shows the header, the causes biggest first with their fixes, the members nested, then the problems', () => {
    expect(renderText(rebuiltAppReport())).toBe(
      [
        'a: dist/app-1.0.tar.gz     tar.gz, 20,480 bytes, sha256 3f2a9c0d1e4b',
        'b: rebuild/app-1.0.tar.gz  tar.gz, 20,502 bytes, sha256 8e1d77aa0b12',
        'verdict: differ',
        'members: 11 in a, 11 in b; 10 matched, 7 differ, 1 added, 1 removed',
        '',
        'Causes (7)',
        '  timestamp [entry-mtime]: 5 members (all entries)',
        '    all 5 members of the tar differ in mtime: 2024-01-01 00:00:00 vs 01:00:00 UTC (+1 h)',
        '    fix: set SOURCE_DATE_EPOCH; tar --sort=name --mtime=@$SOURCE_DATE_EPOCH',
        '    paths: app/, app/bin/, app/bin/run.sh, app/main.py, app/vendor.zip',
        '  timestamp [container-header]: the artifact itself',
        '    the gzip header MTIME differs: 2024-01-01 00:00:00 vs 01:00:00 UTC',
        '    fix: gzip -n (or set the gzip header time from SOURCE_DATE_EPOCH)',
        '  permissions: 1 member',
        '    app/bin/run.sh: mode 0755 vs 0775',
        '    fix: build with umask 022, or tar --mode=go-w',
        '    paths: app/bin/run.sh',
        '  content: 1 member',
        '    app/main.py: 1 line differs (line 12)',
        '    fix: a real change in the sources or the build inputs: compare them',
        '    paths: app/main.py',
        '  timestamp [pyc-header]: 1 member',
        '    six.pyc: only the .pyc header source mtime differs (2024-01-01 00:00:00 vs 01:00:00 UTC)',
        '    fix: python -m compileall --invalidation-mode checked-hash, or set SOURCE_DATE_EPOCH',
        '    paths: app/vendor.zip!/py/six-1.16.0.egg!/six.pyc',
        '  removed: 1 member',
        '    app/build.log is only in a',
        '    fix: keep build logs out of the artifact',
        '    paths: app/build.log',
        '  added: 1 member',
        '    app/BUILD_INFO is only in b',
        '    fix: build both sides from the same recipe',
        '    paths: app/BUILD_INFO',
        '',
        'Differences (10 members)',
        '  ~ (the artifact itself)  [header]',
        '      raw.gzip.mtime  1704067200 → 1704070800',
        '  ~ app/  [mtime]',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '  ~ app/bin/  [mtime]',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '  ~ app/bin/run.sh  [mode, mtime]',
        '      mode   0755 → 0775',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '  - app/build.log  [removed (file)]',
        '  + app/BUILD_INFO  [added (file)]',
        '  ~ app/main.py  [content, mtime]',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '      size   812 → 804',
        '      --- a/app/main.py',
        '      +++ b/app/main.py',
        '      @@ -10,4 +10,4 @@ def load(path):',
        '           with open(path) as f:',
        '               data = json.load(f)',
        '      -    return sorted(data)',
        '      +    return data',
        '       ',
        '  ~ app/vendor.zip  [content, mtime]',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '    ~ app/vendor.zip!/py/six-1.16.0.egg  [content]',
        '      ~ app/vendor.zip!/py/six-1.16.0.egg!/six.pyc  [pyc-header]',
        '          pyc header:',
        '            sourceMtime     1704067200 → 1704070800',
        '            sourceMtimeIso  "2024-01-01T00:00:00Z" → "2024-01-01T01:00:00Z"',
        '          code: equal',
        '',
        'Problems (1)',
        '  b: app/vendor.zip!/data/blob.gz at offset 4,096: GZIP_TRAILER_CRC: gzip: trailer crc32 checked; expected 0x1c291ca3, found 0x00000000; the member is truncated or damaged',
        '',
      ].join('\n'),
    );
  });

  it('says identical with both hashes and nothing else', () => {
    expect(renderText(identicalReport())).toBe(
      [
        'a: dist/app-1.0.tar.gz     tar.gz, 20,480 bytes, sha256 3f2a9c0d1e4b',
        'b: rebuild/app-1.0.tar.gz  tar.gz, 20,480 bytes, sha256 3f2a9c0d1e4b',
        'verdict: identical (byte for byte)',
        '',
      ].join('\n'),
    );
  });

  it('describes a directory by its entries: it has no bytes or hash of its own', () => {
    const report = identicalReport();
    report.identical = false;
    report.a = { name: 'out-a/', size: 0, sha256: '', format: 'directory', entries: 3 };
    report.b = { name: 'out-b/', size: 0, sha256: '', format: 'directory', entries: 1 };
    expect(renderText(report).split('\n').slice(0, 2)).toEqual(['a: out-a/  directory, 3 entries', 'b: out-b/  directory, 1 entry']);
  });

  it('keeps 2,134 members that differ only in mtime to a few lines', () => {
    expect(renderText(metadataOnlyReport())).toBe(
      [
        'a: site-a.zip  zip, 1,048,576 bytes, sha256 3f2a9c0d1e4b',
        'b: site-b.zip  zip, 1,048,576 bytes, sha256 8e1d77aa0b12',
        "verdict: differ only in metadata (every member's content is equal)",
        'members: 2,134 in a, 2,134 in b; 2,134 matched, 2,134 differ, 0 added, 0 removed',
        '',
        'Causes (1)',
        '  timestamp [entry-mtime]: 2,134 members (all entries)',
        '    all 2,134 entries differ only in mtime (2024-01-01 00:00 vs 01:00 UTC)',
        '    fix: set SOURCE_DATE_EPOCH and zip -X',
        '    paths: site/page-0000.html, site/page-0001.html, site/page-0002.html … and 2,131 more',
        '',
        'Differences (2,134 members)',
        '  ~ site/page-0000.html … site/page-2133.html  (2,134 members)  [mtime]',
        '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
        '',
      ].join('\n'),
    );
  });

  it('names the fields that only follow from others (each header checksum) instead of listing them, and still groups the members', () => {
    const report = metadataOnlyReport();
    report.differences = report.differences.slice(0, 3).map((node, i) => ({
      ...node,
      fields: [...node.fields, { field: 'raw.chksum', a: 6000 + i, b: 5000 + i, derived: true as const }],
    }));
    const lines = renderText(report).split('\n');
    expect(lines.slice(lines.indexOf('Differences (3 members)'))).toEqual([
      'Differences (3 members)',
      '  ~ site/page-0000.html … site/page-0002.html  (3 members)  [mtime]',
      '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
      '      also differ, following from these: raw.chksum',
      '',
    ]);
  });

  it('lists at most maxPaths paths per cause, and counts the rest', () => {
    const text = renderText(metadataOnlyReport(), { maxPaths: 2, width: 200 });
    expect(text).toContain('\n    paths: site/page-0000.html, site/page-0001.html … and 2,132 more\n');
  });

  it('shows at most maxMembers members and says how many it left out', () => {
    const report = metadataOnlyReport();
    // Every other member also differs in mode, so no two neighbours differ alike and none are grouped.
    report.differences.forEach((node, i) => {
      if (i % 2 === 1) node.fields.push({ field: 'mode', a: 0o644, b: 0o664 });
    });
    const lines = renderText(report, { maxMembers: 3 }).split('\n');
    expect(lines.slice(lines.indexOf('Differences (2,134 members)'))).toEqual([
      'Differences (2,134 members)',
      '  ~ site/page-0000.html  [mtime]',
      '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
      '  ~ site/page-0001.html  [mtime]',
      '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
      '      mode   0644 → 0664',
      '  ~ site/page-0002.html  [mtime]',
      '      mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC',
      '  … 2,131 more differing members not shown',
      '',
    ]);
  });

  it('shows binary regions as hex rows, xml and json changes, omitted content and a type change', () => {
    const text = renderText(contentKindsReport());
    const differences = text.slice(text.indexOf('Differences'), text.indexOf('Problems'));
    expect(differences).toBe(
      [
        'Differences (6 members)',
        '  ~ bin/tool  [content]',
        '      binary: 1 region differs',
        '      @@ offset 64 (0x40)',
        '      - 00000040  7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............',
        '      + 00000040  7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............',
        '      - 00000050  03 00 3e 00 01 00 00 00 40 10 40 00 00 00 00 00  ..>.....@.@.....',
        '      + 00000050  03 00 3e 00 01 00 00 00 90 10 40 00 00 00 00 00  ..>.......@.....',
        '      … more regions not shown',
        '  ~ Distribution  [content]',
        '      xml: 2 changes',
        '        /installer-gui-script/title                    App 1.0 → App 1.1',
        '        /installer-gui-script/options/@rootVolumeOnly  (absent) → true',
        '  ~ meta|data `v1`.json  [content]',
        '      raw.xattr  "a|b" → "`x`"',
        '      json: 1 change',
        '        $.build.host  "ci-1" → "ci-2"',
        '  ~ big.bin  [content]',
        '      content not shown: the diff budget is spent (--max-diff-lines 1000)',
        '  ~ lib/current  [type]',
        '      type        "symlink" → "file"',
        '      linkTarget  "v1" → (none)',
        '  ~ evil\\x1b[2Jname  [content]',
        '      --- a/x',
        '      +++ b/x',
        '      @@ -1 +1 @@',
        '      -``` fence',
        '      +ok\\x1b[31m',
        '      … diff truncated',
        '',
        '',
      ].join('\n'),
    );
    // A problem on the artifact itself has no path and, here, no offset.
    expect(text.endsWith('Problems (1)\n  a: (the artifact itself): XAR_TOC_CHECKSUM: xar: toc checksum checked; expected sha1 0a1b..., found 9f8e...\n')).toBe(true);
  });

  it('never lets a member name or content write an escape sequence to the terminal', () => {
    for (const color of [false, true]) {
      const text = renderText(contentKindsReport(), { color });
      const escapes = text.match(/\u001b\[[0-9;]*[A-Za-z]/g) ?? [];
      // Only the presenter's own colours (SGR ...m) reach the output, and only when asked for.
      expect(escapes.every((e) => /^\u001b\[(1|22|31|32|39)m$/.test(e))).toBe(true);
      expect(escapes.length > 0).toBe(color);
    }
  });

  it('colours only when asked: bold headings, red for a, green for b', () => {
    const lines = renderText(rebuiltAppReport(), { color: true }).split('\n');
    expect(lines[2]).toBe(`${ESC}[1mverdict: differ${ESC}[22m`);
    expect(lines[5]).toBe(`${ESC}[1mCauses (7)${ESC}[22m`);
    expect(lines[6]).toBe(`  ${ESC}[1mtimestamp [entry-mtime]${ESC}[22m: 5 members (all entries)`);
    expect(lines).toContain(`      mode   ${ESC}[31m0755${ESC}[39m → ${ESC}[32m0775${ESC}[39m`);
    expect(lines).toContain(`  ${ESC}[31m- app/build.log${ESC}[39m  [removed (file)]`);
    expect(lines).toContain(`  ${ESC}[32m+ app/BUILD_INFO${ESC}[39m  [added (file)]`);
    expect(lines).toContain(`      ${ESC}[1m--- a/app/main.py${ESC}[22m`);
    expect(lines).toContain(`      ${ESC}[31m-    return sorted(data)${ESC}[39m`);
    expect(lines).toContain(`      ${ESC}[32m+    return data${ESC}[39m`);
    expect(lines).toContain('       '); // the context line stays plain
    expect(renderText(rebuiltAppReport())).not.toContain(ESC);
  });

  it('treats --- and +++ inside a hunk as removed and added lines, not file names', () => {
    const report = rebuiltAppReport();
    const main = report.differences.find((n) => n.path === 'app/main.py')!;
    main.content = { kind: 'text', unified: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n--- old rule\n+++ new rule\n', truncated: false };
    const lines = renderText(report, { color: true }).split('\n');
    expect(lines).toContain(`      ${ESC}[1m--- a/x${ESC}[22m`);
    expect(lines).toContain(`      ${ESC}[31m--- old rule${ESC}[39m`);
    expect(lines).toContain(`      ${ESC}[32m+++ new rule${ESC}[39m`);
  });

  it('cuts long field values to the width', () => {
    const report = rebuiltAppReport();
    report.differences[0]!.fields = [{ field: 'raw.comment', a: 'x'.repeat(100), b: 'y'.repeat(100) }];
    const lines = renderText(report, { width: 60 }).split('\n');
    // 60 columns: 6 of indent, 11 of name, two spaces and ' → ' leave 19 characters for each value.
    expect(lines).toContain(`      raw.comment  "${'x'.repeat(17)}… → "${'y'.repeat(17)}…`);
    expect(lines.find((l) => l.includes('raw.comment'))).toHaveLength(60);
  });
});

describe('formatValue', () => {
  it("shows the entry's and the headers' modes in octal, other raw numbers as stored", () => {
    expect(formatValue('mode', 0o755)).toBe('0755');
    expect(formatValue('raw.mode', 0o755)).toBe('0755');
    expect(formatValue('raw.meta.0.mode', 0o644)).toBe('0644');
    expect(formatValue('raw.stMode', 0o100644)).toBe('0100644');
    expect(formatValue('raw.mtime', 1700000000)).toBe('1700000000');
    expect(formatValue('raw.externalAttributes', 2175008768)).toBe('2175008768');
    // cpio keeps its mode as the octal text it stores: a string, shown as one.
    expect(formatValue('raw.mode', '100644')).toBe('"100644"');
  });
});

describe('describePycCode', () => {
  it("says whether a .pyc's code is equal, differs, or differs only in marshal's reference flags", () => {
    expect(describePycCode({ kind: 'pyc', header: [], codeDiffers: false })).toBe('equal');
    expect(describePycCode({ kind: 'pyc', header: [], codeDiffers: true })).toBe('differs');
    expect(describePycCode({ kind: 'pyc', header: [], codeDiffers: true, sameObjects: true })).toBe("differs in its bytes only: the same objects, other reference flags (marshal's FLAG_REF)");
  });
});
