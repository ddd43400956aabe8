/** Running under CI: CI set to anything but "", "0" or "false" (what CI services set, and how people turn it off). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && !/^(|0|false)$/i.test(env.CI.trim());
}
