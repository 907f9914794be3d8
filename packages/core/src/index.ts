// @whydiff/core: the walk (recursion, limits, temp dir) and the differ (match, compare, classify).
export * from './limits.js';
export * from './temp-dir.js';
export { seekableInput, removeCopies, STDIN, type SeekableInput } from './seekable-input.js';
export * from './walk.js';
export { newTwinTable } from './twin-content.js';
export * from './directory.js';
export * from './side.js';
export * from './report-model.js';
export * from './causes.js';
export { groupDigits, plural } from './values.js';
export { compare, compareSides, provisionalReport, movedMembers, FOLD_AFTER, TOOL_VERSION, type CompareOptions, type SidesOptions } from './compare.js';
export * from './manifest/index.js';
export * from './content/index.js';
