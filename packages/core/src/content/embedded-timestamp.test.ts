import { describe, expect, it } from 'vitest';
import { embeddedTimestampOnly } from './embedded-timestamp.js';

describe('embeddedTimestampOnly', () => {
  it.each([
    ['ISO 8601', 'built: 2024-01-01T00:00:00Z\n', 'built: 2024-03-05T12:30:00Z\n', '2024-01-01T00:00:00Z', '2024-03-05T12:30:00Z'],
    ['ISO 8601 with offset and fraction', 'at 2024-01-01 00:00:00.123+01:00.', 'at 2024-01-02 10:00:00.456+01:00.', '2024-01-01 00:00:00.123+01:00', '2024-01-02 10:00:00.456+01:00'],
    ['RFC 2822', 'Date: Mon, 01 Jan 2024 00:00:00 +0000\n', 'Date: Tue, 02 Jan 2024 08:15:00 +0000\n', 'Mon, 01 Jan 2024 00:00:00 +0000', 'Tue, 02 Jan 2024 08:15:00 +0000'],
    ['date(1)', '# generated Mon Jan  1 00:00:00 UTC 2024\n', '# generated Tue Jan  2 09:41:07 UTC 2024\n', 'Mon Jan  1 00:00:00 UTC 2024', 'Tue Jan  2 09:41:07 UTC 2024'],
    ['__DATE__ __TIME__', 'const char *b = "Jan  1 2024" " " "12:34:56";', 'const char *b = "Feb 29 2024" " " "23:59:01";', 'Jan  1 2024', 'Feb 29 2024'],
    ['epoch seconds', '{"generated": 1704067200}', '{"generated": 1704070800}', '1704067200', '1704070800'],
  ])('finds %s', (_, a, b, sa, sb) => {
    expect(embeddedTimestampOnly(a, b)).toMatchObject({ a: sa, b: sb });
  });

  it('counts every differing timestamp and keeps the first as the example', () => {
    const a = 'start 2024-01-01T00:00:00Z\nsame 2020-05-05\nend 12:00:00\n';
    const b = 'start 2024-01-01T01:00:00Z\nsame 2020-05-05\nend 13:00:01\n';
    expect(embeddedTimestampOnly(a, b)).toEqual({ a: '2024-01-01T00:00:00Z', b: '2024-01-01T01:00:00Z', occurrences: 2 });
  });

  it('works on bytes', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(embeddedTimestampOnly(enc('\u0000\u0001Jan  1 2024\u0000'), enc('\u0000\u0001Mar 15 2024\u0000'))).toEqual({
      a: 'Jan  1 2024',
      b: 'Mar 15 2024',
      occurrences: 1,
    });
  });

  it('is null for a real content change beside a timestamp', () => {
    expect(embeddedTimestampOnly('v1.2 built 2024-01-01\n', 'v1.3 built 2024-01-02\n')).toBeNull();
  });

  it('is null for numbers that are not plausible epochs, and for equal texts', () => {
    expect(embeddedTimestampOnly('id=123456789', 'id=123456780')).toBeNull();
    expect(embeddedTimestampOnly('size=9999999999', 'size=9999999998')).toBeNull();
    expect(embeddedTimestampOnly('2024-01-01', '2024-01-01')).toBeNull();
  });
});
