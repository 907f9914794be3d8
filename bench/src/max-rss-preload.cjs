// Preload (node --require): write this process's peak RSS in KB to $WHYDIFF_BENCH_RSS_FILE at exit.
// Used by the benchmark only when GNU time is not installed.
process.on('exit', () => {
  const file = process.env.WHYDIFF_BENCH_RSS_FILE;
  if (file) require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
});
