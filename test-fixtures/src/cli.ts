/** `pnpm --filter @whydiff/test-fixtures generate [--list]`: write (or list) every fixture. */
import { allFixtures, generateAll, outDir } from './generate.js';

if (process.argv.includes('--list')) {
  for (const fixture of await allFixtures()) console.log(`${fixture.name}\t${fixture.about}`);
} else {
  const written = await generateAll();
  console.log(`${written.length} fixtures written under ${outDir} (unchanged ones left as they were)`);
}
