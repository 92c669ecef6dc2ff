/** A one-line progress bar on standard error, drawn only on a terminal. */
export class ProgressBar {
  private last = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: "bytes" | "items" = "bytes",
  ) {}

  update(done: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const ratio = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 30;
    const bar = "#".repeat(Math.round(ratio * width)).padEnd(width, ".");
    const fmt = (n: number) =>
      this.unit === "bytes" ? `${(n / 1024 ** 2).toFixed(1)} MB` : String(n);
    process.stderr.write(
      `\r${this.label} [${bar}] ${Math.round(ratio * 100)}% ${fmt(done)}/${fmt(this.total)}`,
    );
  }

  done(): void {
    if (this.tty) process.stderr.write("\n");
  }
}
