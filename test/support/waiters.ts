/**
 * Waiting on signals, not sleeps (style.md rule 12): a test awaits a probe that is re-checked
 * every time something arrives (a socket message, an event delivery), with a timeout that names
 * what it was waiting for.
 */
export class Waiters {
  private readonly pending = new Set<() => void>();

  /** Re-checks every probe; call it whenever something new has arrived. */
  notify(): void {
    for (const check of [...this.pending]) check();
  }

  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(check);
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        const found = probe();
        if (found === undefined) return;
        clearTimeout(timer);
        this.pending.delete(check);
        resolve(found);
      };
      this.pending.add(check);
      check();
    });
  }
}
