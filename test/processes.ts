// The processes a process started, read from /proc (Linux): to kill -9 the Chromium a run
// launched, as a crash would end it.
import { readFileSync, readdirSync } from 'node:fs';

/** The pids whose parent is `pid`, with their command names. */
export function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === pid) out.push({ pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The browser processes (Chromium, its headless shell) that `pid` started itself. */
export function browsersOf(pid: number): number[] {
  return childrenOf(pid).filter((c) => /chrom/i.test(c.comm)).map((c) => c.pid);
}

/** kill -9 every browser `pid` started; how many there were. */
export function killBrowsersOf(pid: number): number {
  const pids = browsersOf(pid);
  for (const p of pids) process.kill(p, 'SIGKILL');
  return pids.length;
}
