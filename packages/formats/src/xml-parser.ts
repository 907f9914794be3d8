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

/**
 * A parser in document order (`preserveOrder`: repeated elements and their order are kept), with
 * attributes by their own names, every value as text (nothing turned into numbers), XML's entities
 * expanded and HTML's not, processing instructions dropped. The xar TOC reader and the XML
 * comparator differ only in what `options` adds (whitespace, the declaration, a nesting limit).
 */
export function orderedXmlParser(options: FastXmlParser.X2jOptions): FastXmlParser.XMLParser {
  return new (fastXmlParser().XMLParser)({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    ignorePiTags: true,
    processEntities: true,
    htmlEntities: false,
    ...options,
  });
}
