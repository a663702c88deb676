import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * What the tests start, they must stop. Every server process a test starts is written down
 * (pid and test file) in the file named by IKRAR_TEST_PIDS, which the global setup creates; the
 * global teardown then fails the run, naming each process, when a recorded server (or anything
 * in its process group) is still alive, or when any process below Jest still listens on a port.
 */
export const PIDS_ENV = 'IKRAR_TEST_PIDS';

export function openProcessRegistry(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-test-pids-'));
  const file = path.join(dir, 'servers.tsv');
  fs.writeFileSync(file, '');
  process.env[PIDS_ENV] = file;
}

export function closeProcessRegistry(): void {
  const file = process.env[PIDS_ENV];
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** Outside Jest (the bench scripts) there is no registry and nothing is written. */
export function recordProcess(pid: number, startedBy: string): void {
  const file = process.env[PIDS_ENV];
  if (file && fs.existsSync(file)) fs.appendFileSync(file, `${pid}\t${startedBy}\n`);
}

/** Signals a whole process group; false when none of it is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  cmd: string;
  cwd: string;
}

/** Live processes from /proc (zombies left out: they hold nothing). */
function processTable(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the parenthesised command name: state, ppid, pgrp, …
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // another user's process: not ours anyway
      }
      out.set(Number(entry), { pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), cmd, cwd });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** pid -> the addresses it listens on, from `ss -ltnpH` (… users:(("node",pid=123,fd=20))). */
function listeners(): Map<number, string[]> {
  let text: string;
  try {
    text = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  } catch (err) {
    console.warn(`Cannot list listening sockets (ss: ${(err as Error).message}); checking the recorded servers only.`);
    return new Map();
  }
  const out = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    for (const m of line.matchAll(/pid=(\d+)/g)) out.set(Number(m[1]), [...(out.get(Number(m[1])) ?? []), local]);
  }
  return out;
}

function descendsFrom(table: Map<number, Proc>, pid: number, ancestor: number): boolean {
  for (let p = table.get(pid)?.ppid; p !== undefined && p > 1; p = table.get(p)?.ppid) if (p === ancestor) return true;
  return false;
}

export interface Leftover {
  pid: number;
  pgrp: number;
  cmd: string;
  startedBy: string;
  listening: string[];
  /** The process group is a recorded server's own (so the whole group may be killed). */
  ownGroup: boolean;
}

function recorded(): Map<number, string> {
  const file = process.env[PIDS_ENV];
  const out = new Map<number, string>();
  if (!file || !fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [pid, by] = line.split('\t');
    if (pid) out.set(Number(pid), by ?? '');
  }
  return out;
}

/**
 * What the tests left running: recorded servers and their process groups (checked against the
 * folder they run in, so a reused pid is not mistaken for one), and anything below `runner`
 * (the Jest process) that listens on a TCP port.
 */
export function findLeftovers(runner: number, root: string): Leftover[] {
  const started = recorded();
  const table = processTable();
  const ports = listeners();
  const out: Leftover[] = [];
  for (const proc of table.values()) {
    if (proc.pid === runner) continue;
    const ownGroup = proc.cwd === root && started.has(proc.pgrp);
    const by = ownGroup ? started.get(proc.pgrp) : proc.cwd === root ? started.get(proc.pid) : undefined;
    const listening = ports.get(proc.pid) ?? [];
    if (by === undefined && !(listening.length && descendsFrom(table, proc.pid, runner))) continue;
    out.push({ pid: proc.pid, pgrp: proc.pgrp, cmd: proc.cmd, startedBy: by ?? 'a process below Jest', listening, ownGroup });
  }
  return out;
}

export function describeLeftover(p: Leftover): string {
  const where = p.listening.length ? `, listening on ${p.listening.join(', ')}` : '';
  return `  pid ${p.pid} (group ${p.pgrp}) started by ${p.startedBy}${where}: ${p.cmd}`;
}

export function killLeftover(p: Leftover): void {
  if (p.ownGroup) signalGroup(p.pgrp, 'SIGKILL');
  else {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
