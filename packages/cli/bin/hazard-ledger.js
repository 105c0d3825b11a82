#!/usr/bin/env node
// A committed launcher, so the bin exists when pnpm links it, before dist/ is built.
import "../dist/bin.js";
