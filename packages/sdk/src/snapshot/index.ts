// viem actions that read pools and accounts into snapshots for the math and the simulation.
export * from "./getAccountSnapshot.ts";
export * from "./getPoolSnapshot.ts";
export * from "./getRateModel.ts";
