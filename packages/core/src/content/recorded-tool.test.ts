import { describe, expect, it } from 'vitest';
import { recordedToolOnly } from './recorded-tool.js';

const manifest = (createdBy: string, version = '1.0') =>
  `Manifest-Version: 1.0\r\nCreated-By: ${createdBy}\r\nImplementation-Version: ${version}\r\n\r\n`;

describe('recordedToolOnly', () => {
  it("names the tool a jar's manifest records, CRLF lines and all", () => {
    expect(recordedToolOnly(manifest('17.0.2 (Eclipse Adoptium)'), manifest('11.0.21 (Debian)'))).toEqual({ a: 'Created-By: 17.0.2 (Eclipse Adoptium)', b: '11.0.21 (Debian)' });
  });

  it("names a wheel's generator and a metadata version, whatever the key's case", () => {
    expect(recordedToolOnly('Wheel-Version: 1.0\nGenerator: bdist_wheel (0.41.2)\n', 'Wheel-Version: 1.0\nGenerator: bdist_wheel (0.43.0)\n')).toEqual({ a: 'Generator: bdist_wheel (0.41.2)', b: 'bdist_wheel (0.43.0)' });
    expect(recordedToolOnly('metadata-version: 2.1\nName: acme\n', 'Metadata-Version: 2.4\nName: acme\n')).toEqual({ a: 'metadata-version: 2.1', b: '2.4' });
  });

  it('is null when another line differs too, a line was added, or the key is not a tool', () => {
    expect(recordedToolOnly(manifest('17', '1.0'), manifest('11', '1.1'))).toBeNull();
    expect(recordedToolOnly('Created-By: 17\n', 'Created-By: 11\nBuilt-By: ci\n')).toBeNull();
    expect(recordedToolOnly('Implementation-Version: 1.0\n', 'Implementation-Version: 1.1\n')).toBeNull();
    expect(recordedToolOnly('same\n', 'same\n')).toBeNull();
  });
});
