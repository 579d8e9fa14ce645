#!/usr/bin/env node
// The `clearsight` command (package.json "bin"): runs the TypeScript CLI through tsx, with the
// project's tsconfig so its path aliases resolve wherever the command is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
