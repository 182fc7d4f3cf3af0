import type { Readable } from "node:stream";
import type { PhaseClock } from "./timings.ts";

/** Per module: when its first future started executing and when its last one was seen executed. */
type ModuleSpan = { firstStarted: number; lastExecuted: number; futures: Set<string> };

/**
 * Follows Ignition's progress output (it re-prints the running batch on every change) to tell, when
 * debugging, how long Hardhat took to load and check the build before the first transaction, and
 * the span of each module's transactions. Returns a function that prints the module spans.
 */
export function followIgnitionProgress(output: Readable, clock: PhaseClock): () => void {
  const spawned = performance.now();
  const at = () => (performance.now() - spawned) / 1000;
  const modules = new Map<string, ModuleSpan>();
  const executed = new Set<string>();
  let firstBatch: number | undefined;
  let partial = "";
  output.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (firstBatch === undefined && line.startsWith("Batch #")) firstBatch = at();
      const match = /^\s+(Executing|Executed) ((\w+)#[\w.]+)/.exec(line);
      if (match === null) continue;
      const [, state, future, module] = match;
      const span = modules.get(module) ?? { firstStarted: at(), lastExecuted: 0, futures: new Set() };
      modules.set(module, span);
      span.futures.add(future);
      if (state === "Executed" && !executed.has(future)) {
        executed.add(future);
        span.lastExecuted = at();
      }
    }
  });
  return () => {
    clock.note(`Ignition: first transaction ${firstBatch?.toFixed(2) ?? "?"} s after its process started`);
    for (const [module, span] of modules) {
      clock.note(
        `  ${module}: ${span.futures.size} futures, ${span.firstStarted.toFixed(2)} → ${span.lastExecuted.toFixed(2)} s`,
      );
    }
  };
}
