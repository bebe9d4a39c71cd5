// Requests to a model API are admitted a few per turn of the event loop. Starting one costs
// the process about a millisecond (the SDK builds and sends it); when many runs move on at
// once — a batch started together, a restart resuming them all — starting every request in
// one turn would hold up the text of the streams already flowing. The rest start in later
// turns, after the waiting I/O has been handled.
export class CallGate {
  private admitted = 0;
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Resolves when this call may start: at once, or in a later turn. */
  turn(): Promise<void> {
    this.schedule();
    if (this.admitted < this.perTurn) {
      this.admitted++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // An immediate queued from inside an immediate runs in the next turn, after its I/O.
    setImmediate(() => {
      this.scheduled = false;
      const next = this.waiting.splice(0, this.perTurn);
      this.admitted = next.length;
      if (this.waiting.length > 0 || next.length > 0) this.schedule();
      for (const resolve of next) resolve();
    });
  }
}
