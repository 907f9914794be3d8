/**
 * fast-xml-parser, loaded when the first XML is parsed rather than with every reader: its ES module
 * build takes ~30 ms to load (many small modules), its CommonJS build ~5 ms, and most comparisons
 * (tar, zip) parse no XML at all. Each side's worker and the main thread load the readers, so this
 * is on the way to every comparison's first member.
 */
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';

let loaded: typeof FastXmlParser | null = null;

export function fastXmlParser(): typeof FastXmlParser {
  loaded ??= createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;
  return loaded;
}
