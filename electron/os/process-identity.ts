import fs from 'node:fs';
import path from 'node:path';

/**
 * Which process holds something, beyond its pid. A pid alone misleads twice: after a crash the pid
 * may be reused by an unrelated process (after a reboot, or on a busy machine), and a crashed
 * process whose parent never reaps it (PID 1 in many containers) lingers as a zombie that signal 0
 * still reports as alive. On Linux, /proc/<pid>/stat says both: the state (Z and X are dead) and
 * the start time in clock ticks since boot, which with the boot id names one process for good.
 * Without /proc (macOS, Windows) only the pid is known, and a live pid counts as the holder.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** /proc/<pid>/stat field 22 (starttime, clock ticks since boot), as written there. */
  readonly startTicks?: string;
  /** /proc/sys/kernel/random/boot_id: start ticks only compare within one boot. */
  readonly bootId?: string;
}

export type ProcessStatus =
  | { readonly kind: 'running'; readonly startTicks: string; readonly command: string }
  | { readonly kind: 'dead' } // no such process, a zombie, or exiting
  | { readonly kind: 'unknown' }; // no /proc here: only signal 0 can tell

export interface ProcReader {
  /** The text of a file under /proc, undefined when it does not exist; throws when /proc itself is missing. */
  read(relative: string): string | undefined;
  readonly available: boolean;
}

export function procReader(root = '/proc'): ProcReader {
  const available = fs.existsSync(path.join(root, 'self', 'stat'));
  return {
    available,
    read(relative) {
      try {
        return fs.readFileSync(path.join(root, relative), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ESRCH') return undefined;
        throw error;
      }
    },
  };
}

/** State and start time from a /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseProcStat(line: string): { readonly state: string; readonly startTicks: string; readonly command: string } | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open === -1 || close < open) return undefined;
  const fields = line.slice(close + 1).trim().split(/\s+/);
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTicks = fields[19];
  if (state === undefined || startTicks === undefined || !/^\d+$/.test(startTicks)) return undefined;
  return { state, startTicks, command: line.slice(open + 1, close) };
}

/** `signalAlive` is signal 0's answer, asked only where /proc cannot tell (hidepid hides other users' processes). */
export function processStatus(pid: number, proc: ProcReader = procReader(), signalAlive: (pid: number) => boolean = isPidInUse): ProcessStatus {
  if (!proc.available) return { kind: 'unknown' };
  const stat = proc.read(`${pid}/stat`);
  const parsed = stat === undefined ? undefined : parseProcStat(stat);
  if (parsed === undefined) return signalAlive(pid) ? { kind: 'unknown' } : { kind: 'dead' };
  if (parsed.state === 'Z' || parsed.state === 'X' || parsed.state === 'x') return { kind: 'dead' };
  const cmdline = proc.read(`${pid}/cmdline`)?.replaceAll('\0', ' ').trim();
  return { kind: 'running', startTicks: parsed.startTicks, command: cmdline || parsed.command };
}

/** This process, as a lock file records it. */
export function ownIdentity(proc: ProcReader = procReader()): ProcessIdentity {
  const status = processStatus(process.pid, proc);
  if (status.kind !== 'running') return { pid: process.pid };
  const bootId = proc.read('sys/kernel/random/boot_id')?.trim();
  return { pid: process.pid, startTicks: status.startTicks, ...(bootId && { bootId }) };
}

/**
 * Whether the process a record names is still that process. With /proc: it exists, is not a
 * zombie, and started when the record says (same boot). Without a recorded start time (a lock
 * from an older Pacer) the process must at least look like Pacer: node, Electron or Pacer itself.
 * Without /proc: signal 0, erring on the side of "still there".
 */
export function isSameProcess(identity: ProcessIdentity, proc: ProcReader = procReader(), signalAlive: (pid: number) => boolean = isPidInUse): boolean {
  const status = processStatus(identity.pid, proc, signalAlive);
  switch (status.kind) {
    case 'unknown':
      return signalAlive(identity.pid);
    case 'dead':
      return false;
    case 'running': {
      if (identity.startTicks === undefined) return looksLikePacer(status.command);
      const bootId = identity.bootId === undefined ? undefined : proc.read('sys/kernel/random/boot_id')?.trim();
      if (bootId !== undefined && bootId !== identity.bootId) return false;
      return status.startTicks === identity.startTicks;
    }
  }
}

/** Pacer runs as `node …/electron/cli/main.ts`, the web host, the Electron binary or the packaged `pacer`. */
function looksLikePacer(command: string): boolean {
  const executable = path.basename(command.split(' ', 1)[0] ?? '').toLowerCase();
  return /^(node|nodejs|electron|pacer)(\.exe)?$/.test(executable) || /pacer/i.test(command);
}

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to another user. A zombie exists too. */
export function isPidInUse(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process that can still do something: not gone, not a zombie. */
export function isProcessAlive(pid: number, proc: ProcReader = procReader()): boolean {
  const status = processStatus(pid, proc);
  return status.kind === 'running' || (status.kind === 'unknown' && isPidInUse(pid));
}
