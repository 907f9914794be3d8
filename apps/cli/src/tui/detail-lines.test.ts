import { describe, it, expect } from 'vitest';
import { detailLines, sideBySide, type DetailLine } from './detail-lines.js';
import { NESTED_CHANGED, nestedReport } from './reports.fixture.js';

const text = (lines: DetailLine[]) => lines.map((l) => l.map((s) => s.text).join('').trimEnd());

describe('detailLines', () => {
  const report = nestedReport();
  it('shows the fields as an a/b table, times as UTC dates and raw fields as stored', () => {
    const lines = text(detailLines(report.differences[0]!, 'release/', 60));
    expect(lines).toEqual([
      'release/  [mtime]',
      'changed, dir',
      '',
      'field      a                        b',
      'mtime      2024-01-01 00:00:00 UTC  2024-01-01 01:00:00 UTC',
      'raw.mtime  1704067200               1704070800',
    ]);
  });
  it('lists the fields that only follow from others (a header checksum) after the member\'s own, dimmed', () => {
    const node = { ...report.differences[0]!, fields: [{ field: 'raw.chksum', a: 6047, b: 6050, derived: true as const }, ...report.differences[0]!.fields] };
    const lines = detailLines(node, 'release/', 60);
    expect(text(lines).slice(3)).toEqual([
      'field       a                        b',
      'mtime       2024-01-01 00:00:00 UTC  2024-01-01 01:00:00 UTC',
      'raw.mtime   1704067200               1704070800',
      'raw.chksum  6047                     6050',
    ]);
    expect(lines[lines.length - 1]!.map((s) => s.tone)).toEqual(['dim', 'dim', 'plain', 'dim']);
  });
  it('shows a binary region as the differ wrote it: rows of hex and ASCII, a above b', () => {
    const node = {
      ...report.differences[0]!,
      fields: [],
      content: { kind: 'binary' as const, truncated: false, regions: [{ offset: 0x10, a: '10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................\n20 21 22  !"', b: '10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................\n20 ff 22  .."' }] },
    };
    const lines = detailLines(node, 'release/', 80);
    expect(text(lines).slice(-5)).toEqual([
      'binary content differs:',
      'a 00000010  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
      'b 00000010  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
      'a 00000020  20 21 22  !"',
      'b 00000020  20 ff 22  .."',
    ]);
    expect(lines[lines.length - 1]![0]!.tone).toBe('added');
  });
  it('colours a unified diff when narrow', () => {
    const node = report.differences[5]!.children[0]!;
    const lines = detailLines(node, 'acme/src/version.py', 60);
    const removed = lines.find((l) => l[0]?.text === '-__version__ = "1.0.0"');
    expect(removed?.[0]?.tone).toBe('removed');
    expect(text(lines)).toContain('+__version__ = "1.0.1"');
    expect(text(lines)).toContain(`--- a/${NESTED_CHANGED}`);
  });
  it('goes side by side when wide, pairing removed with added lines', () => {
    const node = report.differences[5]!.children[0]!;
    const lines = text(detailLines(node, 'acme/src/version.py', 120));
    expect(lines).toContain(`${'# generated'.padEnd(58)} │ # generated`);
    expect(lines).toContain(`${'__version__ = "1.0.0"'.padEnd(58)} │ __version__ = "1.0.1"`);
  });
});

describe('sideBySide', () => {
  it('leaves a side empty where one side has more lines', () => {
    expect(text(sideBySide(['-a', '-b', '+c', ' d', '+e'], 23))).toEqual(['a          │ c', 'b          │', 'd          │ d', '           │ e']);
  });
  it('never lets a control character from an archive reach the terminal', () => {
    const node = { ...nestedReport().differences[0]!, fields: [{ field: 'raw.name', a: 'x\u001b[31m', b: 'y' }] };
    const shown = text(detailLines(node, 'p\u001b]0;t\u0007', 60)).join('\n');
    expect(shown).toContain('"x\\u001b[31m"');
    expect(shown).toContain('p\\x1b]0;t\\x07');
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
