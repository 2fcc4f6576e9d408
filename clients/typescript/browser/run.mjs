// The browser test: the service with the demo programme, the page of browser/ served from an
// origin CORS_ORIGINS allows and from one it does not, and Debian's Chromium (headless, driven
// by playwright-core; nothing here downloads a browser) doing what a buyer does. Fails on any
// wrong answer, and when the whole flow takes 30 s or more.
//
//   node browser/run.mjs     SAGAMIHARA_BIN: the service's binary (default target/debug/...)
//                            CHROMIUM: the browser (default /usr/bin/chromium)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as esbuild from "esbuild";

import { launchChromium, runTest, startService } from "./service.mjs";

const BUDGET_MS = 30_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..", "..");
const binary = path.resolve(repo, process.env.SAGAMIHARA_BIN ?? "target/debug/sagamihara-match");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
// The demo programme's logins (src/cli/demo/): one password for all.
const PASSWORD = "sagamihara-demo-2026";
const buyer = { email: "buyer1@demo.sagamihara-match.example", password: PASSWORD };
const otherBuyer = { email: "buyer2@demo.sagamihara-match.example", password: PASSWORD };
const desk = { email: "desk@demo.sagamihara-match.example", password: PASSWORD };
const QUERY = "精密";

const started = Date.now();
const seconds = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const step = (what) => console.log(`[${seconds()}] ${what}`);

const scratch = mkdtempSync(path.join(tmpdir(), "browser-test-"));
const log = path.join(scratch, "service.log");
const cleanups = [];

/** Serves the page and its bundled script on a port of its own: one origin. */
async function servePage(bundle) {
  const html = readFileSync(path.join(here, "index.html"));
  const server = createServer((request, response) => {
    const route = new URL(request.url ?? "/", "http://x").pathname;
    if (route === "/" || route === "/index.html") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } else if (route === "/app.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

/** Bundles a TypeScript entry point (with openapi-fetch) for `platform`. */
async function bundle(entry, platform) {
  const built = await esbuild.build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    format: "esm",
    platform,
    target: platform === "node" ? "node20" : "chrome120",
    write: false,
    logLevel: "warning",
  });
  return built.outputFiles[0].text;
}

async function main() {
  const env = {
    ...process.env,
    DATA_DIR: scratch,
    DATABASE_URL: `sqlite://${path.join(scratch, "test.sqlite3")}`,
    RUST_LOG: "warn",
    JWT_SECRET: randomBytes(32).toString("hex"),
  };
  const seeded = spawnSync(binary, ["seed-demo"], { env, encoding: "utf8" });
  assert.equal(seeded.status, 0, `seed-demo failed: ${seeded.stderr}`);
  assert.match(seeded.stdout, /buyer1@demo\.sagamihara-match\.example/);
  step("demo programme seeded");

  const [pageBundle, setupBundle] = await Promise.all([
    bundle("page.ts", "browser"),
    bundle("setup.ts", "node"),
  ]);
  const setupFile = path.join(scratch, "setup.mjs");
  writeFileSync(setupFile, setupBundle);
  const { prepare, meetingsOf, runFlow } = await import(pathToFileURL(setupFile).href);
  const allowed = await servePage(pageBundle);
  const refused = await servePage(pageBundle);

  const api = await startService(binary, { ...env, CORS_ORIGINS: allowed }, log, cleanups);
  step(`service at ${api}, CORS_ORIGINS=${allowed}; page also at ${refused} (not allowed)`);

  const ready = await prepare(api, desk, QUERY);
  const { capability, fair } = ready;
  step(`fair "${fair.name}" with ${capability.company.name_ja} exhibiting; KPI FY${ready.kpiFiscalYear} read`);

  const browser = await launchChromium(browserPath, cleanups);
  step(`chromium ${browser.version()} started`);

  // The allowed origin: sign in, search in Japanese, ask for a meeting.
  const page = await browser.newPage();
  await page.goto(`${allowed}/?api=${encodeURIComponent(api)}`);
  await page.fill("#email", buyer.email);
  await page.fill("#password", buyer.password);
  await page.click("#sign-in");
  await page.locator("#who").filter({ hasText: "Signed in" }).waitFor({ timeout: 10_000 });
  assert.equal(await page.textContent("#error"), "");
  assert.match(await page.textContent("#who"), /^Signed in as .+ \(buyer\)$/);
  await page.locator(`#fair option[value="${fair.id}"]`).waitFor({ state: "attached" });
  await page.selectOption("#fair", fair.id);

  await page.fill("#q", QUERY);
  await page.click("#search");
  await page.locator("#count").filter({ hasText: "found" }).waitFor({ timeout: 10_000 });
  assert.equal(await page.textContent("#count"), `${ready.catalogue.length} found for 「${QUERY}」`);
  assert.ok(ready.catalogue.length > 0);
  const shown = await page.locator("#results li").evaluateAll((items) =>
    items.map((li) => li.dataset.capabilityId),
  );
  assert.deepEqual(shown, ready.catalogue.map((c) => c.id), "the page lists what the API finds");
  const item = page.locator(`#results li[data-capability-id="${capability.id}"]`);
  assert.equal(
    await item.locator(".title").textContent(),
    `${capability.title_ja} / ${capability.title_en}`,
  );
  assert.ok(capability.title_ja.includes(QUERY), `${capability.title_ja} matches ${QUERY}`);
  step(`signed in as ${buyer.email}; ${shown.length} results for ${QUERY}`);

  await item.locator("button").click();
  await page.locator("#meeting").filter({ hasText: "Meeting" }).waitFor({ timeout: 10_000 });
  assert.equal(await page.textContent("#error"), "");
  assert.equal(
    await page.textContent("#meeting"),
    `Meeting requested with ${capability.company.name_ja} at ${fair.name}`,
  );
  const meetingId = await page.getAttribute("#meeting", "data-meeting-id");
  const held = await meetingsOf(api, buyer, fair.id);
  assert.deepEqual(
    held.map((m) => [m.id, m.status, m.company.id, m.capability_id]),
    [[meetingId, "requested", capability.company.id, capability.id]],
    "the API holds the meeting the page requested",
  );
  step(`meeting ${meetingId} requested through the page`);

  // An origin not in CORS_ORIGINS: the browser refuses the answer; the page says so.
  const other = await browser.newPage();
  const console_ = [];
  other.on("console", (message) => console_.push(message.text()));
  await other.goto(`${refused}/?api=${encodeURIComponent(api)}`);
  await other.fill("#email", buyer.email);
  await other.fill("#password", buyer.password);
  await other.click("#sign-in");
  await other.waitForFunction(
    () => document.querySelector("#who")?.textContent || document.querySelector("#error")?.textContent,
    undefined,
    { timeout: 10_000 },
  );
  assert.equal(await other.textContent("#who"), "", "a page from a refused origin signed in");
  assert.match(
    await other.textContent("#error"),
    new RegExp(`^The service could not be reached from ${refused} \\(Failed to fetch\\)$`),
  );
  assert.ok(
    console_.some((text) => text.includes(`from origin '${refused}' has been blocked by CORS policy`)),
    `Chromium reports the CORS refusal; it said: ${console_.join(" | ")}`,
  );
  step(`the page from ${refused} was refused by the browser (CORS)`);

  // The example (examples/flow.ts) as written, from Node, for another buyer.
  const flow = await runFlow(api, otherBuyer, desk);
  assert.equal(flow.found, ready.catalogue.length);
  assert.equal(flow.meeting.status, "requested");
  assert.ok(ready.catalogue.some((c) => c.company.id === flow.meeting.company.id));
  const theirs = await meetingsOf(api, otherBuyer, flow.meeting.event_id);
  assert.ok(theirs.some((m) => m.id === flow.meeting.id), "the example's meeting is held");
  step(`examples/flow.ts ran: meeting ${flow.meeting.id} with ${flow.meeting.company.name_ja}`);

  const took = Date.now() - started;
  console.log(`browser flow: ${(took / 1000).toFixed(1)} s (budget ${BUDGET_MS / 1000} s)`);
  assert.ok(took < BUDGET_MS, `the flow took ${took} ms, over the ${BUDGET_MS} ms budget`);
}

await runTest("browser test", main, { log, scratch, cleanups });
