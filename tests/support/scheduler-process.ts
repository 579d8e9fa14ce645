/**
 * One scheduler process for the race test: says "ready" once it has polled, then fires due
 * schedules as fast as it can until its stdin closes, and prints how many ticks it fired.
 * DATABASE_URL names the test database.
 */
import { disconnectDb } from "@/lib/db";
import { fireDueSchedules } from "@/lib/schedules/scheduler";

let stopped = false;
process.stdin.on("end", () => (stopped = true)).resume();
let fired = (await fireDueSchedules()).length;
process.stdout.write("ready\n");
while (!stopped) fired += (await fireDueSchedules()).length;
await disconnectDb();
process.stdout.write(`${JSON.stringify({ fired })}\n`);
