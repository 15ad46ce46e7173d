import { nodeWriteFs } from '../../../electron/export/write-new-file.ts';
import type { WriteFs, WriteHandle } from '../../../electron/export/write-new-file.ts';

/** File systems for the exporter tests: the real one, with a failure or a crash injected. */
function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system, except that writing an article whose text matches `pattern` fails with ENOSPC. */
export function diskFullFor(pattern: RegExp): WriteFs {
  return {
    ...nodeWriteFs,
    open: async (path, flags) => {
      const handle = await nodeWriteFs.open(path, flags);
      return {
        writeFile: (data, encoding) => (pattern.test(data) ? Promise.reject(fsError('ENOSPC')) : handle.writeFile(data, encoding)),
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

/**
 * The real file system until the `killAt`-th call (0-based, counting every call on it and on its
 * file handles), then a process that died: that call and every later one never settle. With
 * `after`, the fatal call itself completes first. `dead` resolves once it has happened; `bury`
 * then closes the files it left open, as the OS would.
 */
export function dyingFs(killAt: number, after: boolean) {
  let calls = 0;
  const opened: WriteHandle[] = [];
  const started: Promise<unknown>[] = [];
  let died!: () => void;
  const dead = new Promise<void>((resolve) => (died = resolve));
  const hang = new Promise<never>(() => undefined);
  const step = async <T>(call: () => Promise<T>): Promise<T> => {
    const n = calls++;
    if (n > killAt) return hang;
    const real = n < killAt || after ? call() : undefined;
    if (real) started.push(real.catch(() => undefined));
    if (n < killAt) return real!;
    await real?.catch(() => undefined);
    died();
    return hang;
  };
  const handle = (real: WriteHandle): WriteHandle => ({
    writeFile: (data, encoding) => step(() => real.writeFile(data, encoding)),
    sync: () => step(() => real.sync()),
    close: () => step(() => real.close()),
  });
  const fs: WriteFs = {
    open: (path, flags) =>
      step(async () => {
        const real = await nodeWriteFs.open(path, flags);
        opened.push(real);
        return handle(real);
      }),
    link: (from, to) => step(() => nodeWriteFs.link(from, to)),
    copyFile: (from, to, mode) => step(() => nodeWriteFs.copyFile(from, to, mode)),
    unlink: (path) => step(() => nodeWriteFs.unlink(path)),
    // Opening the folder is not part of the crash window under test.
    mkdir: (path) => nodeWriteFs.mkdir(path),
    readdir: (path) => nodeWriteFs.readdir(path),
  };
  const bury = async () => {
    await Promise.all(started);
    await Promise.all(opened.map((real) => real.close().catch(() => undefined)));
  };
  return { fs, dead, bury, calls: () => calls };
}
