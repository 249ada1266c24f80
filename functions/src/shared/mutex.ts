/** A FIFO async mutex: one holder at a time, waiters served in call order. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Whether a holder or a waiter is there: an idle mutex kept per key can be dropped. */
  get busy(): boolean {
    return this.waiting > 0;
  }

  async run<R>(fn: () => Promise<R>): Promise<R> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.waiting += 1;
    await previous;
    try {
      return await fn();
    } finally {
      this.waiting -= 1;
      release();
    }
  }
}
