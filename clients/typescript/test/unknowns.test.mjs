// The unknown-response count finds what it is meant to find: run on types generated from small
// documents with a known number of untyped bodies, and on the committed types.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import openapiTS, { astToString } from "openapi-typescript";

import { findUnknowns, judge } from "../scripts/unknowns.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "unknowns-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Types for a document with one `GET /things` whose 200 body is `schema`. */
async function typesFor(name, schema, extraPaths = {}) {
  const document = {
    openapi: "3.1.0",
    info: { title: "fixture", version: "1" },
    paths: {
      "/things": {
        get: {
          operationId: "list_things",
          responses: {
            200: { description: "ok", content: { "application/json": { schema } } },
            204: { description: "nothing" },
          },
        },
      },
      ...extraPaths,
    },
  };
  const file = path.join(scratch, `${name}.d.ts`);
  writeFileSync(file, astToString(await openapiTS(document)));
  return file;
}

test("a typed body has no unknown", async () => {
  const file = await typesFor("typed", {
    type: "object",
    required: ["items"],
    properties: { items: { type: "array", items: { type: "string" } } },
  });
  assert.deepEqual(findUnknowns(file), []);
});

test("an untyped body is counted", async () => {
  const file = await typesFor("untyped", {});
  assert.deepEqual(findUnknowns(file), ["GET /things 200 application/json"]);
});

test("an untyped field deep in an array of objects is counted where it is", async () => {
  const file = await typesFor("nested", {
    type: "object",
    properties: {
      items: {
        type: "array",
        items: { type: "object", properties: { id: { type: "string" }, extra: {} } },
      },
      counts: { type: "object", additionalProperties: {} },
    },
  });
  assert.deepEqual(findUnknowns(file).sort(), [
    "GET /things 200 application/json .counts[key]",
    "GET /things 200 application/json .items[].extra",
  ]);
});

test("error bodies count too, and free-form fields outside the audit log are not allowed", async () => {
  const file = await typesFor("errors", { type: "string" }, {
    "/api/v1/other": {
      post: {
        responses: {
          409: {
            description: "clash",
            content: {
              "application/problem+json": {
                schema: { type: "object", properties: { before: {} } },
              },
            },
          },
        },
      },
    },
  });
  const { allowed, untyped } = judge(findUnknowns(file));
  assert.deepEqual(allowed, []);
  assert.deepEqual(untyped, ["POST /api/v1/other 409 application/problem+json .before"]);
});

test("the committed types: none but the audit entry's before/after", () => {
  const { allowed, untyped } = judge(findUnknowns(path.join(here, "..", "src", "schema.d.ts")));
  assert.deepEqual(untyped, []);
  assert.deepEqual(allowed.sort(), [
    "GET /api/v1/audit 200 application/json .items[].after",
    "GET /api/v1/audit 200 application/json .items[].before",
  ]);
});
