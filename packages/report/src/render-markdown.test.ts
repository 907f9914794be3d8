import { describe, it, expect } from 'vitest';
import { renderMarkdown } from './index.js';
import { contentKindsReport, identicalReport, metadataOnlyReport, rebuiltAppReport } from './reports.fixture.js';

const SHA_A = '3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322';
const SHA_B = '8e1d77aa0b12c3d4e5f60718293a4b5c6d7e8f9001122334455667788990aabb';

/** The lines from the one that starts with `from` up to (not including) the one that starts with `to`. */
function section(markdown: string, from: string, to?: string): string {
  const start = markdown.indexOf(from);
  const end = to === undefined ? markdown.length : markdown.indexOf(to, start + from.length);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return markdown.slice(start, end);
}

describe('renderMarkdown', () => {
  it('starts with the verdict, the artifacts and the causes table, biggest cause first', () => {
    const markdown = renderMarkdown(rebuiltAppReport());
    expect(section(markdown, '## whydiff', '### Differences')).toBe(
      [
        '## whydiff: differ',
        '',
        '| | artifact | format | size | sha256 |',
        '|---|---|---|---:|---|',
        `| a | \`dist/app-1.0.tar.gz\` | tar.gz | 20,480 bytes | \`${SHA_A}\` |`,
        `| b | \`rebuild/app-1.0.tar.gz\` | tar.gz | 20,502 bytes | \`${SHA_B}\` |`,
        '',
        'Members: 11 in a, 11 in b; 10 matched, 7 differ, 1 added, 1 removed.',
        '',
        '### Causes',
        '',
        '| category | where | count | summary | fix |',
        '|---|---|---|---|---|',
        '| timestamp | entry-mtime | 5 members (all entries) | all 5 members of the tar differ in mtime: 2024-01-01 00:00:00 vs 01:00:00 UTC (+1 h) | set SOURCE_DATE_EPOCH; tar --sort=name --mtime=@$SOURCE_DATE_EPOCH |',
        '| timestamp | container-header | the artifact itself | the gzip header MTIME differs: 2024-01-01 00:00:00 vs 01:00:00 UTC | gzip -n (or set the gzip header time from SOURCE_DATE_EPOCH) |',
        '| permissions |  | 1 member | app/bin/run.sh: mode 0755 vs 0775 | build with umask 022, or tar --mode=go-w |',
        '| content |  | 1 member | app/main.py: 1 line differs (line 12) | a real change in the sources or the build inputs: compare them |',
        '| timestamp | pyc-header | 1 member | six.pyc: only the .pyc header source mtime differs (2024-01-01 00:00:00 vs 01:00:00 UTC) | python -m compileall --invalidation-mode checked-hash, or set SOURCE_DATE_EPOCH |',
        '| removed |  | 1 member | app/build.log is only in a | keep build logs out of the artifact |',
        '| added |  | 1 member | app/BUILD_INFO is only in b | build both sides from the same recipe |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('gives each differing member a details block: fields table, then the diff fenced', () => {
    const markdown = renderMarkdown(rebuiltAppReport());
    expect(section(markdown, '### Differences', '### Problems')).toBe(
      [
        '### Differences (10 members)',
        '',
        '<details><summary>the artifact itself — header</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `raw.gzip.mtime` | `1704067200` | `1704070800` |',
        '',
        '</details>',
        '',
        '<details><summary><code>app/</code> — mtime</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '',
        '</details>',
        '',
        '<details><summary><code>app/bin/</code> — mtime</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '',
        '</details>',
        '',
        '<details><summary><code>app/bin/run.sh</code> — mode, mtime</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mode` | `0755` | `0775` |',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '',
        '</details>',
        '',
        '<details><summary><code>app/build.log</code> — removed (file)</summary>',
        '',
        'Only in a.',
        '',
        '</details>',
        '',
        '<details><summary><code>app/BUILD_INFO</code> — added (file)</summary>',
        '',
        'Only in b.',
        '',
        '</details>',
        '',
        '<details><summary><code>app/main.py</code> — content, mtime</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '| `size` | `812` | `804` |',
        '',
        '```diff',
        '--- a/app/main.py',
        '+++ b/app/main.py',
        '@@ -10,4 +10,4 @@ def load(path):',
        '     with open(path) as f:',
        '         data = json.load(f)',
        '-    return sorted(data)',
        '+    return data',
        ' ',
        '```',
        '',
        '</details>',
        '',
        '<details><summary><code>app/vendor.zip</code> — content, mtime</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '',
        '</details>',
        '',
        '<details><summary><code>app/vendor.zip!/py/six-1.16.0.egg</code> — content</summary>',
        '',
        '1 member inside differ (below).',
        '',
        '</details>',
        '',
        '<details><summary><code>app/vendor.zip!/py/six-1.16.0.egg!/six.pyc</code> — pyc-header</summary>',
        '',
        '| pyc header | a | b |',
        '|---|---|---|',
        '| `sourceMtime` | `1704067200` | `1704070800` |',
        '| `sourceMtimeIso` | `"2024-01-01T00:00:00Z"` | `"2024-01-01T01:00:00Z"` |',
        '',
        'Code: equal.',
        '',
        '</details>',
        '',
        '',
      ].join('\n'),
    );
    expect(section(markdown, '### Problems')).toBe(
      [
        '### Problems',
        '',
        '| side | path | offset | code | message |',
        '|---|---|---:|---|---|',
        '| b | `app/vendor.zip!/data/blob.gz` | 4,096 | `GZIP_TRAILER_CRC` | gzip: trailer crc32 checked; expected 0x1c291ca3, found 0x00000000; the member is truncated or damaged |',
        '',
      ].join('\n'),
    );
  });

  it('says identical with both hashes', () => {
    expect(renderMarkdown(identicalReport())).toBe(
      [
        '## whydiff: identical',
        '',
        '| | artifact | format | size | sha256 |',
        '|---|---|---|---:|---|',
        `| a | \`dist/app-1.0.tar.gz\` | tar.gz | 20,480 bytes | \`${SHA_A}\` |`,
        `| b | \`rebuild/app-1.0.tar.gz\` | tar.gz | 20,480 bytes | \`${SHA_A}\` |`,
        '',
        'The artifacts are byte-identical.',
        '',
      ].join('\n'),
    );
  });

  it('describes a directory by its entries', () => {
    const report = identicalReport();
    report.a = { name: 'out-a/', size: 0, sha256: '', format: 'directory', entries: 3 };
    expect(renderMarkdown(report)).toContain('\n| a | `out-a/` | directory | 3 entries |  |\n');
  });

  it('says when only metadata differs, and shows 2,134 members that differ alike as one block', () => {
    const markdown = renderMarkdown(metadataOnlyReport());
    expect(markdown).toContain("\n\nEvery member's content is equal: the builds differ only in metadata.\n");
    expect(section(markdown, '### Differences')).toBe(
      [
        '### Differences (2,134 members)',
        '',
        '<details><summary><code>site/page-0000.html</code> … <code>site/page-2133.html</code> (2,134 members) — mtime</summary>',
        '',
        'Each of these 2,134 members differs only in:',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `mtime` | `2024-01-01 00:00:00 UTC` | `2024-01-01 01:00:00 UTC` |',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('shows at most maxMembers blocks and counts the rest', () => {
    const markdown = renderMarkdown(rebuiltAppReport(), { maxMembers: 2 });
    expect(markdown.match(/<details>/g)).toHaveLength(2);
    expect(markdown).toContain('\n</details>\n\n…and 8 more differing members (see the JSON report).\n\n### Problems\n');
  });

  it('escapes pipes, backticks and markup in cells, and fences diffs that hold backticks', () => {
    const markdown = renderMarkdown(contentKindsReport());
    // Plain words: markdown punctuation escaped, so `a | b` stays in its cell and `*x*` is not emphasis.
    expect(markdown).toContain(
      '| content |  | 4 members | a \\| b: \\`4\\` files differ in content, e.g. \\<bin/tool\\> &amp; \\*Distribution\\* | compare the build inputs |',
    );
    expect(section(markdown, '<details><summary><code>bin/tool</code>', '<details><summary><code>big.bin')).toBe(
      [
        '<details><summary><code>bin/tool</code> — content</summary>',
        '',
        'Binary: 1 region differs.',
        '',
        '```diff',
        '@@ offset 64 (0x40)',
        '- 00000040  7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............',
        '+ 00000040  7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............',
        '- 00000050  03 00 3e 00 01 00 00 00 40 10 40 00 00 00 00 00  ..>.....@.@.....',
        '+ 00000050  03 00 3e 00 01 00 00 00 90 10 40 00 00 00 00 00  ..>.......@.....',
        '```',
        '',
        '*More regions not shown.*',
        '',
        '</details>',
        '',
        '<details><summary><code>Distribution</code> — content</summary>',
        '',
        '| xml path | a | b |',
        '|---|---|---|',
        '| `/installer-gui-script/title` | `App 1.0` | `App 1.1` |',
        '| `/installer-gui-script/options/@rootVolumeOnly` | *(absent)* | `true` |',
        '',
        '</details>',
        '',
        // Code spans: pipes escaped for the table, a value holding backticks gets a longer delimiter.
        '<details><summary><code>meta|data `v1`.json</code> — content</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `raw.xattr` | `"a\\|b"` | ``"`x`"`` |',
        '',
        '| json path | a | b |',
        '|---|---|---|',
        '| `$.build.host` | `"ci-1"` | `"ci-2"` |',
        '',
        '</details>',
        '',
        '',
      ].join('\n'),
    );
    expect(section(markdown, '<details><summary><code>big.bin', '### Problems')).toBe(
      [
        '<details><summary><code>big.bin</code> — content</summary>',
        '',
        '*Content not shown: the diff budget is spent (--max-diff-lines 1000)*',
        '',
        '</details>',
        '',
        '<details><summary><code>lib/current</code> — type</summary>',
        '',
        '| field | a | b |',
        '|---|---|---|',
        '| `type` | `"symlink"` | `"file"` |',
        '| `linkTarget` | `"v1"` | *(none)* |',
        '',
        '</details>',
        '',
        // A diff line holding ``` gets a four-backtick fence; the escape in the name is made visible.
        '<details><summary><code>evil\\x1b[2Jname</code> — content</summary>',
        '',
        '````diff',
        '--- a/x',
        '+++ b/x',
        '@@ -1 +1 @@',
        '-``` fence',
        '+ok\\x1b[31m',
        '````',
        '',
        '*Diff truncated.*',
        '',
        '</details>',
        '',
        '',
      ].join('\n'),
    );
    expect(section(markdown, '### Problems')).toBe(
      [
        '### Problems',
        '',
        '| side | path | offset | code | message |',
        '|---|---|---:|---|---|',
        '| a | the artifact itself |  | `XAR_TOC_CHECKSUM` | xar: toc checksum checked; expected sha1 0a1b..., found 9f8e... |',
        '',
      ].join('\n'),
    );
  });

  it('escapes HTML in the details summary', () => {
    const report = rebuiltAppReport();
    report.differences[1]!.path = 'app/<script>&.html';
    expect(renderMarkdown(report)).toContain('<details><summary><code>app/&lt;script&gt;&amp;.html</code> — mtime</summary>');
  });
});
