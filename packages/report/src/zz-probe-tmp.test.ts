import { it } from 'vitest';
import { renderText, renderMarkdown } from './index.js';
import { rebuiltAppReport, identicalReport, metadataOnlyReport, contentKindsReport } from './reports.fixture.js';
import { writeFileSync } from 'node:fs';
it('p', () => {
  const outs = [rebuiltAppReport(), identicalReport(), metadataOnlyReport(), contentKindsReport()];
  writeFileSync('/tmp/tsc-report/text.txt', outs.map((r) => renderText(r, { maxMembers: 12 })).join('\n=====\n'));
  writeFileSync('/tmp/tsc-report/md.md', outs.map((r) => renderMarkdown(r, { maxMembers: 8 })).join('\n=====\n'));
  writeFileSync('/tmp/tsc-report/color.txt', renderText(rebuiltAppReport(), { color: true }));
});
