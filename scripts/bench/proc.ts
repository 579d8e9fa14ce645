/**
 * CPU accounting from /proc for the benchmarks: a process tree's CPU time, so a benchmark can
 * report what a page or a request cost in CPU, which holds up on a noisy machine where
 * latencies do not.
 */
import { readFileSync, readdirSync } from "node:fs";

/** Linux reports CPU in clock ticks of 1/100 s (USER_HZ) on every common kernel build. */
export const CLOCK_TICK_MS = 1000 / 100;

export function readStat(pid: number): { ppid: number; cpuMs: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime: the c* fields hold reaped children (closed renderers).
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { ppid: Number(fields[1]), cpuMs: ticks * CLOCK_TICK_MS };
  } catch {
    return undefined;
  }
}

export function allPids(): number[] {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** Every descendant of `root` (not root itself), with its CPU including its reaped children. */
export function descendants(root: number): Array<{ pid: number; cpuMs: number }> {
  const stats = new Map<number, { ppid: number; cpuMs: number }>();
  for (const pid of allPids()) {
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const found: Array<{ pid: number; cpuMs: number }> = [];
  for (const [pid, { cpuMs }] of stats) {
    let parent = stats.get(pid)?.ppid;
    while (parent !== undefined && parent !== root && parent > 1) parent = stats.get(parent)?.ppid;
    if (parent === root) found.push({ pid, cpuMs });
  }
  return found;
}

export function descendantsCpuMs(root: number, filter: (pid: number) => boolean = () => true): number {
  return descendants(root)
    .filter(({ pid }) => filter(pid))
    .reduce((total, { cpuMs }) => total + cpuMs, 0);
}

