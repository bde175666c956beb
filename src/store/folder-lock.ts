/**
 * One process owns an embedded database folder. The owner writes `<dir>.lock` (beside the folder:
 * PGlite's initdb wants the folder itself empty) with its pid and, on Linux, its start time from
 * /proc/<pid>/stat, so a pid reused after a crash or reboot is not mistaken for the owner. A lock
 * whose owner is gone is stale and taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface LockOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot), when /proc exists. */
  startTime?: string;
  /** Where the owner serves the folder to other processes (see local-socket.ts). */
  socket?: string;
}

/** Thrown when a live process already owns the folder; the message is one line for the operator. */
export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    super(`The database folder ${dir} is in use by another Brobygger process (pid ${owner.pid}); stop it first, or use the CLI while it runs.`);
    this.name = 'FolderLockedError';
  }
}

export const lockFileOf = (dir: string) => `${dir.replace(/[/\\]+$/, '')}.lock`;

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.startTime === undefined) return true;
  const now = startTimeOf(owner.pid);
  return now === undefined || now === owner.startTime;
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' ? (parsed as LockOwner) : null;
  } catch {
    return null;
  }
}

/** The live owner of the folder, or null when nobody (alive) holds it. */
export function liveOwner(dir: string): LockOwner | null {
  const owner = readOwner(lockFileOf(dir));
  return owner && isAlive(owner) ? owner : null;
}

export interface FolderLock {
  owner: LockOwner;
  release(): void;
}

/**
 * Takes the folder's lock for this process. Throws FolderLockedError when a live process holds it;
 * replaces a stale lock (owner gone) once, so two processes racing for a stale lock do not both win.
 */
export function lockFolder(dir: string, socket?: string): FolderLock {
  const file = lockFileOf(dir);
  const owner: LockOwner = { pid: process.pid, ...(startTimeOf(process.pid) ? { startTime: startTimeOf(process.pid) } : {}), ...(socket ? { socket } : {}) };
  // Written aside and hard-linked into place: the lock appears atomically with its content.
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(owner));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = readOwner(file);
        if ((current && isAlive(current)) || attempt > 0) throw new FolderLockedError(dir, current ?? { pid: 0 });
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  let released = false;
  return {
    owner,
    release() {
      if (released) return;
      released = true;
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
