// Next.js installs AsyncLocalStorage as a global in its server runtime, and its request stores
// capture it when first loaded: test files import this (through call-route.ts) before any route.
import { AsyncLocalStorage } from "node:async_hooks";

(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
