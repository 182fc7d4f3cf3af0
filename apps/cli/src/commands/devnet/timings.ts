/**
 * Where `keel devnet`'s start-up time goes. With KEEL_DEBUG set, each phase prints its duration and
 * the time since start to stderr as it ends; without it nothing is printed and a phase costs two
 * clock reads, so the timing stays in the code rather than being re-added for each investigation.
 */
export type PhaseClock = {
  /** Runs `work` as the phase `name`, printing its duration when debugging. */
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Prints a line about a moment inside a phase (an Ignition module finishing), when debugging. */
  note(text: string): void;
  /** Seconds since the clock started, one decimal, for the start-up lines. */
  elapsed(): string;
  /** True when KEEL_DEBUG asks for timings. */
  readonly debugging: boolean;
};

export function phaseClock(debugging = Boolean(process.env.KEEL_DEBUG)): PhaseClock {
  const started = performance.now();
  const since = (from: number) => (performance.now() - from) / 1000;
  const note = (text: string) => {
    if (debugging) console.error(`[keel devnet ${since(started).toFixed(2).padStart(6)} s] ${text}`);
  };
  return {
    debugging,
    note,
    elapsed: () => since(started).toFixed(1),
    async time(name, work) {
      const phaseStarted = performance.now();
      try {
        return await work();
      } finally {
        note(`${name}: ${since(phaseStarted).toFixed(2)} s`);
      }
    },
  };
}
