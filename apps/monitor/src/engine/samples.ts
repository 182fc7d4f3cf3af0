/** One reading of a series (a price, a rate, a peg module's reserves) at a block. */
export type Sample = { block: bigint; timestamp: bigint; value: bigint };

/** Where samples older than the monitor's own come from: the indexer's hourly series, when it runs. */
export type HistorySource = (series: string, from: bigint, to: bigint) => Promise<Sample[]>;

/**
 * The recent history the window conditions compare against (highest price of the last hour, the rate
 * a day ago). Samples are taken each block a rule reads the series, kept in memory, written to the
 * store with the block's other changes (so a restart keeps them), dropped with the blocks of a reorg,
 * and pruned past the longest window. A series whose samples do not reach back to a window's start is
 * completed once from `history` (the indexer), when there is one.
 */
export class Samples {
  private readonly series = new Map<string, Sample[]>();
  private readonly seeded = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  private historyFailing = false;
  /** Samples taken since the last `takeUnsaved`, for the store. */
  private unsaved: { series: string; sample: Sample }[] = [];

  private readonly history?: HistorySource;
  private readonly onHistoryError?: (error: unknown) => void;

  constructor(history?: HistorySource, onHistoryError?: (error: unknown) => void) {
    this.history = history;
    this.onHistoryError = onHistoryError;
  }

  load(rows: { series: string; sample: Sample }[]): void {
    for (const { series, sample } of rows) this.insert(series, sample);
  }

  record(series: string, sample: Sample): void {
    this.insert(series, sample);
    this.unsaved.push({ series, sample });
  }

  /** The samples of `series` from `from` (unix seconds) on, oldest first, completed from history if short. */
  async window(series: string, from: bigint, now: bigint): Promise<Sample[]> {
    const list = this.series.get(series) ?? [];
    const retry = this.retryAt.get(series) ?? 0;
    if (
      this.history &&
      !this.seeded.has(series) &&
      Date.now() >= retry &&
      (list.length === 0 || list[0].timestamp > from)
    ) {
      try {
        const older = await this.history(series, from, now);
        for (const sample of older)
          if (list.length === 0 || sample.timestamp < list[0].timestamp) this.insert(series, sample);
        this.seeded.add(series);
        this.historyFailing = false;
      } catch (error) {
        // Not there yet (starting beside the monitor) or down: try again in a minute, say so once.
        this.retryAt.set(series, Date.now() + 60_000);
        if (!this.historyFailing) this.onHistoryError?.(error);
        this.historyFailing = true;
      }
    }
    return (this.series.get(series) ?? []).filter((s) => s.timestamp >= from);
  }

  /** Forgets every sample above `block` (a reorg); samples from history (block 0) stay. */
  dropAbove(block: bigint): void {
    for (const [name, list] of this.series)
      this.series.set(
        name,
        list.filter((s) => s.block <= block || s.block === 0n),
      );
    this.unsaved = this.unsaved.filter((u) => u.sample.block <= block);
  }

  /** Forgets samples older than `before` (unix seconds). */
  prune(before: bigint): void {
    for (const [name, list] of this.series)
      this.series.set(
        name,
        list.filter((s) => s.timestamp >= before),
      );
  }

  takeUnsaved(): { series: string; sample: Sample }[] {
    const out = this.unsaved;
    this.unsaved = [];
    return out;
  }

  private insert(series: string, sample: Sample): void {
    const list = this.series.get(series) ?? [];
    const at = list.findIndex((s) => s.block === sample.block && sample.block !== 0n);
    if (at >= 0) list[at] = sample;
    else list.push(sample);
    list.sort((a, b) => (a.timestamp === b.timestamp ? Number(a.block - b.block) : a.timestamp < b.timestamp ? -1 : 1));
    this.series.set(series, list);
  }
}
