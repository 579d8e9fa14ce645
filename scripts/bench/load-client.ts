/**
 * bench:api's load generator, run as its own process so it does not share an event loop with
 * the benchmark's bookkeeping: autocannon with a fixed number of connections (a closed loop:
 * each connection sends its next request when the last one answered) for a fixed time. Every
 * response's latency is kept, so p50/p95/p99 are exact. Prints one JSON line.
 *   tsx scripts/bench/load-client.ts '{"url":…,"connections":10,"durationSeconds":5,"headers":{}}'
 */
import autocannon from "autocannon";

type Job = { url: string; connections: number; durationSeconds: number; headers?: Record<string, string> };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main() {
  const job = JSON.parse(process.argv[2] ?? "{}") as Job;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationSeconds,
    headers: job.headers,
    setupClient(client) {
      client.on("response", (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
    },
  });
  latencies.sort((a, b) => a - b);
  const ok = statuses.get(200) ?? 0;
  console.log(
    JSON.stringify({
      requests: latencies.length,
      requestsPerSecond: latencies.length / job.durationSeconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      // Non-2xx answers, timeouts and connection errors are all errors for this benchmark.
      errors: latencies.length - ok + result.errors + result.timeouts,
      statuses: Object.fromEntries(statuses),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
