/**
 * Imported first by the worker entry point, before the modules that fill the heap.
 *
 * V8 lets the old generation grow to up to four times its live size before its next full
 * collection. A worker allocates several MB per page (protocol messages, screenshots, results),
 * and what survives a young collection piles up as garbage until then: over a 200-page scan the
 * worker's RSS rose 40–75 MB without a full collection, measured here. Collecting at 1.2 times
 * the live size keeps it flat (232–244 MB through the same scan); each full collection of the
 * ~65 MB heap takes 5–15 ms and comes every ~7 s of scanning.
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--heap-growing-percent=20");
