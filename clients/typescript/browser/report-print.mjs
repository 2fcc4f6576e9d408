// The yearly report's printable page in a real browser: the service with the demo programme,
// the demo admin opening and publishing the report of the demo's latest fiscal year through
// the API, and Debian's Chromium (headless, driven by playwright-core; nothing here downloads
// a browser) opening the Japanese page, which must show its Japanese title and headings. A
// screenshot of the page as printed is kept as CI's artefact; its path is printed.
//
//   node browser/report-print.mjs   SAGAMIHARA_BIN: the service's binary (default target/debug/...)
//                                   CHROMIUM: the browser (default /usr/bin/chromium)
//                                   ARTIFACTS: where the screenshot goes (default target/artifacts)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium, runTest, startService } from "./service.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..", "..");
const binary = path.resolve(repo, process.env.SAGAMIHARA_BIN ?? "target/debug/sagamihara-match");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const artifacts = path.resolve(repo, process.env.ARTIFACTS ?? "target/artifacts");
// The demo programme's admin (src/cli/demo/).
const admin = { email: "admin@demo.sagamihara-match.example", password: "sagamihara-demo-2026" };

const scratch = mkdtempSync(path.join(tmpdir(), "report-print-"));
const log = path.join(scratch, "service.log");
const cleanups = [];

/** A JSON request to the API; asserts the status and returns the body. */
async function call(api, method, route, { token, body, status }) {
  const response = await fetch(`${api}/api/v1${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.equal(response.status, status, `${method} ${route}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function main() {
  const env = {
    ...process.env,
    DATA_DIR: scratch,
    DATABASE_URL: `sqlite://${path.join(scratch, "report.sqlite3")}`,
    RUST_LOG: "warn",
    JWT_SECRET: randomBytes(32).toString("hex"),
  };
  const seeded = spawnSync(binary, ["seed-demo"], { env, encoding: "utf8" });
  assert.equal(seeded.status, 0, `seed-demo failed: ${seeded.stderr}`);

  const api = await startService(binary, env, log, cleanups);

  // The demo's latest fiscal year with records, as the public KPI report picks it.
  const { fiscal_year: year } = await call(api, "GET", "/public/kpi", { status: 200 });
  const { access_token: token } = await call(api, "POST", "/auth/login", { body: admin, status: 200 });
  await call(api, "POST", `/reports/${year}`, { token, status: 201 });
  const published = await call(api, "POST", `/reports/${year}/publish`, { token, status: 201 });
  console.log(`FY${year} report published: version ${published.version}, sha256 ${published.sha256}`);

  const browser = await launchChromium(browserPath, cleanups);
  const page = await browser.newPage({ viewport: { width: 1024, height: 1400 } });
  const answer = await page.goto(`${api}/api/v1/public/reports/${year}.html?lang=ja`);
  assert.equal(answer?.status(), 200);
  const title = `相模原市グローバル展開事業 年次報告書（${year}年度）`;
  assert.equal(await page.title(), title);
  assert.equal((await page.textContent("h1"))?.trim(), title);
  const headings = await page.locator("h2").allTextContents();
  for (const heading of ["主要指標", "指標の定義", "評価委員の意見", "版の履歴"]) {
    assert.ok(headings.includes(heading), `the page lacks the heading ${heading}: ${headings.join(", ")}`);
  }
  assert.match(await page.textContent("body"), new RegExp(published.sha256));

  mkdirSync(artifacts, { recursive: true });
  const shot = path.join(artifacts, `report-${year}-ja.png`);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 10_000, "the screenshot is empty");
  console.log(`screenshot of the printable page: ${shot}`);
}

await runTest("report print test", main, { log, scratch, cleanups });
