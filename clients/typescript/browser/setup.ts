/**
 * What the browser test sets up and checks through the API, from Node, with the same typed
 * client: a trade fair of its own (so the demo's own requests never clash with the test's) at
 * which a company found for 精密 exhibits; afterwards, the meeting as the API holds it. And
 * the example's whole flow (`runFlow`), run as it is written.
 */
import { ApiProblem, createApiClient, type Schemas } from "../src/index";
import { meetingsAt, readKpi, searchCatalogue, signIn, type Login } from "../examples/flow";

export interface Prepared {
  /** What an anonymous visitor finds for the query: the page must list the same. */
  catalogue: Schemas["CapabilityView"][];
  capability: Schemas["CapabilityView"];
  fair: Schemas["EventView"];
  kpiFiscalYear: number;
}

/** Creates an open trade fair a month ahead where the first company found for `q` exhibits. */
export async function prepare(baseUrl: string, desk: Login, q: string): Promise<Prepared> {
  let token: string | undefined;
  const api = createApiClient({ baseUrl, accessToken: () => token });
  const catalogue = await searchCatalogue(api, q);
  const capability = catalogue[0];
  if (!capability) throw new Error(`the catalogue has nothing for ${q}`);

  token = (await signIn(api, desk.email, desk.password)).access_token;
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const created = await api.POST("/api/v1/events", {
    body: {
      kind: "trade_fair",
      name: `Browser test fair ${day}`,
      city: "Sagamihara",
      country: "JP",
      venue: "Sagamihara City Hall",
      time_zone: "Asia/Tokyo",
      starts_on: day,
      ends_on: day,
      requires_acceptance: true,
    },
  });
  if (created.error) throw new ApiProblem(created.error);
  const fair = created.data;
  const added = await api.POST("/api/v1/events/{id}/exhibitors", {
    params: { path: { id: fair.id } },
    body: { company_id: capability.company.id },
  });
  if (added.error) throw new ApiProblem(added.error);
  const report = await readKpi(api);
  return { catalogue, capability, fair, kpiFiscalYear: report.fiscal_year };
}

/** The meetings `buyer` has at `fairId`, as the API holds them. */
export async function meetingsOf(
  baseUrl: string,
  buyer: Login,
  fairId: string,
): Promise<Schemas["MeetingView"][]> {
  let token: string | undefined;
  const api = createApiClient({ baseUrl, accessToken: () => token });
  token = (await signIn(api, buyer.email, buyer.password)).access_token;
  return meetingsAt(api, fairId);
}

export { runFlow } from "../examples/flow";
