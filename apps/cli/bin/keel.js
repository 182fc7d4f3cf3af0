#!/usr/bin/env node
// The package's bin. It is committed, not built, because npm links a bin only if its file exists when
// it installs, and a fresh clone has no dist/ until the postinstall builds it: a bin inside dist/ left
// a new clone without `keel` (so `npm start` failed, and `npx keel` would have looked for a package of
// that name on the registry). It only starts the build.
try {
  await import("../dist/keel.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/keel.js")) {
    console.error(
      "keel is not built yet: run `npm install` (or `npm run build --workspace apps/cli`) in the repository.",
    );
    process.exit(1);
  }
  throw error;
}
