// The SDK's and the CLI's layering, checked by `npm run lint` (decision 0027).
// Lower layers never reach up: abis → types → math → format → errors → internal → signatures →
// actions (pool | cdp | token) → snapshot / simulation → CLI.
const sdk = "^packages/sdk/src/";

/** A rule: files under `from` may not import anything matching `to`. */
const forbid = (name, comment, from, to, extra = {}) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: to, ...extra },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle makes the load order matter; split the shared piece out instead.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "math-is-pure",
      comment: "math/ is the contracts' arithmetic: it imports only itself (and the plain data types, as types).",
      severity: "error",
      from: { path: `${sdk}math/` },
      to: { pathNot: [`${sdk}math/`, `${sdk}types\\.ts$`] },
    },
    {
      name: "math-types-only",
      comment: "math/ may name the data types, never load code for them.",
      severity: "error",
      from: { path: `${sdk}math/` },
      to: { path: `${sdk}types\\.ts$`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "types-are-types",
      comment: "types.ts holds data shapes derived from the ABIs; it loads no code.",
      severity: "error",
      from: { path: `${sdk}types\\.ts$` },
      to: { dependencyTypesNot: ["type-only"] },
    },
    forbid(
      "format-is-a-leaf",
      "format/ turns numbers into text; it knows nothing of the protocol's modules.",
      `${sdk}format/`,
      `${sdk}(?!format/)`,
    ),
    forbid(
      "errors-below-clients",
      "errors/ turns error names and arguments into sentences; it never calls a node.",
      `${sdk}errors/`,
      `${sdk}(internal|actions|signatures|snapshot|simulation)/`,
    ),
    forbid(
      "internal-below-actions",
      "internal/ holds what every action shares; it depends on no action.",
      `${sdk}internal/`,
      `${sdk}(actions|signatures|snapshot|simulation)/`,
    ),
    forbid(
      "signatures-below-actions",
      "signatures/ build and check EIP-712 messages; actions use them, never the reverse.",
      `${sdk}signatures/`,
      `${sdk}(actions|snapshot|simulation)/`,
    ),
    forbid(
      "pool-apart-from-cdp",
      "The money market's actions do not reach into kUSD's.",
      `${sdk}actions/pool/`,
      `${sdk}actions/cdp/`,
    ),
    forbid(
      "cdp-apart-from-pool",
      "kUSD's actions do not reach into the money market's.",
      `${sdk}actions/cdp/`,
      `${sdk}actions/pool/`,
    ),
    forbid(
      "simulation-is-offline",
      "simulation/ previews from a snapshot with no RPC call, so it uses no action.",
      `${sdk}simulation/`,
      `${sdk}(actions|internal|snapshot)/`,
    ),
    forbid(
      "cli-through-the-package",
      "The CLI uses the SDK as any integrator does: through @keel/sdk, never its source files.",
      "^apps/cli/",
      "^packages/sdk/src/",
      { dependencyTypes: ["local"] },
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "packages/sdk/src/abis/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
  },
};
