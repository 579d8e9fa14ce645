import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withClient } from "@/tests/support/backup-data";
import { createTestDatabase, dropTestDatabase } from "@/tests/support/test-database";
import { LineChunks, loadTable, STAGING_TEMP_BUFFERS, type ChunkLimits } from "./load-table";
import { createProgressCounter, type ProgressEvent } from "./progress";
import { JSON_SESSION_SETTINGS, listBackupTables, readTableColumns } from "./tables";

/** The lines inside one chunk's COPY BINARY stream. */
function decodeTuples(stream: Buffer): string[] {
  expect(stream.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
  const lines: string[] = [];
  let offset = 19;
  for (let fields = stream.readInt16BE(offset); fields !== -1; fields = stream.readInt16BE(offset)) {
    expect(fields).toBe(1);
    const length = stream.readInt32BE(offset + 2);
    lines.push(stream.subarray(offset + 6, offset + 6 + length).toString("utf8"));
    offset += 6 + length;
  }
  expect(offset + 2).toBe(stream.length);
  return lines;
}

async function readChunks(file: string, limits: ChunkLimits): Promise<{ chunks: string[][]; counted: number }> {
  const reader = new LineChunks(file);
  const chunks: string[][] = [];
  let counted = 0;
  while (!reader.ended) {
    const parts: Buffer[] = [];
    for await (const part of reader.next(limits, (lines) => (counted += lines))) parts.push(part);
    chunks.push(decodeTuples(Buffer.concat(parts)));
  }
  await reader.close();
  return { chunks, counted };
}

describe("reading a data file as COPY chunks", () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-chunks-"));
  });
  afterAll(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("passes every non-empty line through whole, across read buffers, within the limits", async () => {
    // Lines longer than a read buffer (1 MB), multi-byte characters, blank lines, no final newline.
    const lines = [`{"a":"${"é".repeat(700_000)}"}`, '{"b":1}', "", '{"c":"日本語"}', `{"d":"${"x".repeat(3_000_000)}"}`, "", "", '{"e":null}'];
    const file = path.join(workDir, "awkward.jsonl");
    await fs.writeFile(file, lines.join("\n"));
    const expected = lines.filter((line) => line.length > 0);

    const byRows = await readChunks(file, { rows: 2, bytes: 1 << 30 });
    expect(byRows.chunks.flat()).toEqual(expected);
    expect(byRows.counted).toBe(expected.length);
    expect(byRows.chunks.every((chunk) => chunk.length <= 2)).toBe(true);

    // A chunk ends with the line that reaches the byte limit.
    const byBytes = await readChunks(file, { rows: 1_000, bytes: 100 });
    expect(byBytes.chunks).toEqual([[expected[0]], [expected[1], expected[2], expected[3]], [expected[4]]]);

    const whole = await readChunks(file, { rows: 1_000, bytes: 1 << 30 });
    expect(whole.chunks).toEqual([expected]);
  });

  it("reads an empty file as one empty chunk", async () => {
    const file = path.join(workDir, "empty.jsonl");
    await fs.writeFile(file, "");
    expect(await readChunks(file, { rows: 10, bytes: 1_000 })).toEqual({ chunks: [[]], counted: 0 });
  });
});

describe("loading a table in chunks", () => {
  let databaseUrl: string;
  let workDir: string;
  let file: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(inject("databaseServerUrl"), "load_table");
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "clearsight-load-"));
    file = path.join(workDir, "login_throttles.jsonl");
    const row = (email: string, windowStartsAt = "2025-01-02T03:04:05.678+00:00") =>
      JSON.stringify({ email, failures: 1, window_starts_at: windowStartsAt, locked_until: null, updated_at: "2025-01-02T03:04:05.678+00:00" });
    const lines = [
      row("a@example.org"),
      row("b@example.org"),
      row("already@example.org"),
      row("c@example.org", "not a time"),
      "",
      row("a@example.org"),
      row("d@example.org"),
      row("e@example.org"),
    ];
    await fs.writeFile(file, lines.map((line) => `${line}\n`).join(""));
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
    await fs.rm(workDir, { recursive: true, force: true });
  });

  async function load(deferConstraints: boolean) {
    return withClient(databaseUrl, async (client) => {
      await client.query("TRUNCATE login_throttles");
      await client.query("INSERT INTO login_throttles (email, failures, updated_at) VALUES ('already@example.org', 9, now())");
      await client.query(JSON_SESSION_SETTINGS);
      await client.query(STAGING_TEMP_BUFFERS);
      const spec = listBackupTables().find((table) => table.name === "login_throttles")!;
      const columns = (await readTableColumns(client, [spec.name])).get(spec.name)!;
      const events: ProgressEvent[] = [];
      await client.query("BEGIN");
      const result = await loadTable(client, { table: spec.name, primaryKey: spec.primaryKey, columns }, {
        file,
        expectedRows: 7,
        deferConstraints,
        progress: createProgressCounter(7, (event) => events.push(event)),
        chunk: { rows: 3, bytes: 1 << 20 },
      });
      await client.query("COMMIT");
      const { rows } = await client.query<{ email: string; failures: number }>("SELECT email, failures FROM login_throttles ORDER BY email");
      return { result, rows, events };
    });
  }

  it.each([false, true])("rejects a bad row with its reason, skips ids already there or seen before (constraints deferred: %s)", async (deferConstraints) => {
    const { result, rows, events } = await load(deferConstraints);
    expect(result).toMatchObject({ rows: 7, inserted: 4, skipped: 2, rejected: 1 });
    expect(result.rejections).toEqual([{ id: "c@example.org", line: 4, reason: expect.stringContaining('invalid input syntax for type timestamp with time zone: "not a time"') }]);
    expect(rows).toEqual([
      { email: "a@example.org", failures: 1 },
      { email: "already@example.org", failures: 9 },
      { email: "b@example.org", failures: 1 },
      { email: "d@example.org", failures: 1 },
      { email: "e@example.org", failures: 1 },
    ]);
    expect(events.map((event) => event.rows)).toEqual([3, 6, 7]);
  });
});
