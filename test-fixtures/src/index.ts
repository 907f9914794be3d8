// @whydiff/test-fixtures: deterministic generators of every archive the tests and the demo use.
export type { Fixture } from './fixture.js';
export { allFixtures, generateAll, generatedPairs, fixturePath, outDir } from './generate.js';
export { demoFixtures } from './demo.js';
export { writeTar, type TarMember, type TarFormat, type TarOptions } from './tar-writer.js';
export { writeGzip, writeGzipMembers, type GzipOptions } from './gzip-writer.js';
export { writeBzip2, writeBzip2Streams } from './bzip2-writer.js';
