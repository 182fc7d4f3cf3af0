// The page uses top-level await, as the SDK's examples do: build for browsers that have it.
export default { build: { target: "es2022", outDir: "dist", emptyOutDir: true } };
