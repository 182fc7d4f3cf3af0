/** viem-style actions, the client first: `pool/` for the money market, `cdp/` for kUSD, `token/` for ERC-20s. */
export * from "./cdp/index.ts";
export * from "./pool/index.ts";
export * from "./token/index.ts";
