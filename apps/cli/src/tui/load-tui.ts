/**
 * Loads the TUI so that it draws even when the environment says "CI".
 *
 * Ink writes only the last frame, at exit, when it believes it runs in CI: its `is-in-ci`
 * dependency reads CI and CONTINUOUS_INTEGRATION once, when the module is first evaluated. We open
 * the TUI only when stdin and stdout are both terminals, so someone is watching whatever the
 * environment claims (a developer with CI=true exported, a CI job driving a terminal). The two
 * variables are hidden while Ink loads and restored at once, so child processes still see them.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export async function loadTui(): Promise<typeof import('./run-tui.js')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return await import('./run-tui.js');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
