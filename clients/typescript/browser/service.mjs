// What the browser tests (run.mjs, report-print.mjs) share: the service started on a free
// loopback port and awaited until ready, Chromium launched headless for a closed network,
// and a test's run that shows the service's log on failure and always cleans up.
import { spawn } from "node:child_process";
import { openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";

import { chromium } from "playwright-core";

/** A port nobody listens on now (the service binds it a moment later). */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitReady(base, service) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`the service exited (${service.exitCode})`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the service was not ready within 15 s");
}

/**
 * `binary serve` on a free loopback port with `env`, its output appended to `log`, stopped
 * by the cleanup it adds to `cleanups`. Resolves to the service's base URL once it is ready.
 */
export async function startService(binary, env, log, cleanups) {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const output = openSync(log, "a");
  const service = spawn(binary, ["serve", "--bind", "127.0.0.1", "--port", String(port)], {
    env,
    stdio: ["ignore", output, output],
  });
  cleanups.push(async () => {
    if (service.exitCode === null) {
      const exited = new Promise((resolve) => service.once("exit", resolve));
      service.kill("SIGTERM");
      await exited;
    }
  });
  await waitReady(api, service);
  return api;
}

/** Debian's Chromium at `executablePath`, headless, closed by a cleanup run first. */
export async function launchChromium(executablePath, cleanups) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Playwright gives each launch a new empty profile directory. The closed network would
    // stall Chromium's background fetches without these.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  cleanups.unshift(() => browser.close());
  return browser;
}

/**
 * Runs `main`, says `${name}: ok` or FAIL with the service's last log lines, then runs every
 * cleanup, removes `scratch` and exits 0 or 1.
 */
export async function runTest(name, main, { log, scratch, cleanups }) {
  let failed = false;
  try {
    await main();
    console.log(`${name}: ok`);
  } catch (error) {
    failed = true;
    console.error(`FAIL: ${error instanceof Error ? error.stack : error}`);
    try {
      console.error(`--- service log (last lines) ---\n${readFileSync(log, "utf8").split("\n").slice(-30).join("\n")}`);
    } catch {
      // the service never started
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
