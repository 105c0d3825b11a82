// The root's own dependencies on the workspace packages (the `hazard-ledger` bin that the
// README's `pnpm exec hazard-ledger` runs, and the packages the root `test/` imports) are
// declared here, not in package.json: npm stops at a `workspace:` range with
// EUNSUPPORTEDPROTOCOL before it reads `engines`, so with them in package.json a plain
// `npm install` could never print the hint in package.json's `engines.npm`.
const WORKSPACE_DEV_DEPENDENCIES = {
  "@hazard-ledger/cli": "workspace:*",
  "@hazard-ledger/core": "workspace:*",
  "@hazard-ledger/projections": "workspace:*",
  "@hazard-ledger/store-file": "workspace:*",
  "@hazard-ledger/testing": "workspace:*",
};

module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === "hazard-ledger-workspace")
        pkg.devDependencies = { ...pkg.devDependencies, ...WORKSPACE_DEV_DEPENDENCIES };
      return pkg;
    },
  },
};
