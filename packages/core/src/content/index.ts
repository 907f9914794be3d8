// Content comparators and the content analyses the classifier uses; pure functions of bytes or text.
export * from './sniff.js';
export * from './text-diff.js';
export * from './binary-diff.js';
export * from './json-diff.js';
export * from './xml-diff.js';
export * from './pyc-diff.js';
export * from './build-path.js';
export * from './embedded-timestamp.js';
export * from './line-order.js';
export * from './digest-list.js';
export * from './recorded-tool.js';
export * from './diff-content.js';
export { asString, equalBytes } from './bytes.js';
