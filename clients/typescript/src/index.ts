/**
 * A thin typed client for the Sagamihara Global Matching API: `openapi-fetch` over the types
 * that `openapi-typescript` generates from `openapi/openapi.json` (`./schema.d.ts`, never
 * edited by hand; `npm run generate` rewrites it). Every operation of the document is a call
 * such as `api.GET("/api/v1/capabilities", { params: { query: { q: "精密" } } })`, with the
 * path, parameters, body and answer checked by the compiler.
 */
import createClient, { type Client } from "openapi-fetch";

import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

/** The document's schemas by name: `Schemas["CapabilityView"]`, `Schemas["Problem"]`. */
export type Schemas = components["schemas"];

export type ApiClient = Client<paths>;

export interface ClientOptions {
  /** The service's origin, e.g. `http://127.0.0.1:8080` (the paths carry `/api/v1`). */
  baseUrl: string;
  /** The access token to send, read before each request; none while signed out. */
  accessToken?: () => string | undefined;
}

/** A client for every operation; sends `Authorization: Bearer …` while `accessToken` gives one. */
export function createApiClient(options: ClientOptions): ApiClient {
  const api = createClient<paths>({ baseUrl: options.baseUrl });
  const accessToken = options.accessToken;
  if (accessToken) {
    api.use({
      onRequest({ request }) {
        const token = accessToken();
        if (token) {
          request.headers.set("Authorization", `Bearer ${token}`);
        }
        return request;
      },
    });
  }
  return api;
}

/** An error answer of the API (RFC 9457 problem+json), thrown by code that wants exceptions. */
export class ApiProblem extends Error {
  readonly problem: Schemas["Problem"];

  constructor(problem: Schemas["Problem"]) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = "ApiProblem";
    this.problem = problem;
  }
}
