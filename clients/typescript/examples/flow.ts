/**
 * The main flow of the programme, typed end to end: a buyer signs in, searches the catalogue
 * in Japanese, asks an exhibiting company for a meeting at an open trade fair; the desk reads
 * the KPI report. `tsc --strict` compiles it in CI; the browser test's page
 * (`browser/page.ts`) runs these functions in Chromium, and the test runs `runFlow` as it is.
 */
import { ApiProblem, createApiClient, type ApiClient, type Schemas } from "../src/index";

/** Signs in; the answer carries the access token and the account. */
export async function signIn(
  api: ApiClient,
  email: string,
  password: string,
): Promise<Schemas["Session"]> {
  const { data, error } = await api.POST("/api/v1/auth/login", {
    body: { email, password },
  });
  if (error) throw new ApiProblem(error);
  return data;
}

/** Published capabilities matching every term of `q` (Japanese or English), first page. */
export async function searchCatalogue(
  api: ApiClient,
  q: string,
): Promise<Schemas["CapabilityView"][]> {
  const { data, error } = await api.GET("/api/v1/capabilities", {
    params: { query: { q, limit: 50 } },
  });
  if (error) throw new ApiProblem(error);
  return data.items;
}

/** Trade fairs that take meeting requests now. */
export async function openTradeFairs(api: ApiClient): Promise<Schemas["EventView"][]> {
  const { data, error } = await api.GET("/api/v1/events", {
    params: { query: { kind: "trade_fair", status: "open", limit: 100 } },
  });
  if (error) throw new ApiProblem(error);
  return data.items;
}

/** The companies exhibiting at a fair: the only ones a buyer may ask there. */
export async function exhibitors(
  api: ApiClient,
  eventId: string,
): Promise<Schemas["CompanyBrief"][]> {
  const { data, error } = await api.GET("/api/v1/events/{id}/exhibitors", {
    params: { path: { id: eventId } },
  });
  if (error) throw new ApiProblem(error);
  return data;
}

/** The signed-in buyer's meetings at a fair (the desk's: every buyer's). */
export async function meetingsAt(api: ApiClient, eventId: string): Promise<Schemas["MeetingView"][]> {
  const { data, error } = await api.GET("/api/v1/meetings", {
    params: { query: { event_id: eventId, limit: 100 } },
  });
  if (error) throw new ApiProblem(error);
  return data.items;
}

/** Asks the company of `capability` for a meeting at `event` (as the signed-in buyer). */
export async function requestMeeting(
  api: ApiClient,
  event: Schemas["EventView"],
  capability: Schemas["CapabilityView"],
  message: string,
): Promise<Schemas["MeetingView"]> {
  const body: Schemas["MeetingRequest"] = {
    event_id: event.id,
    company_id: capability.company.id,
    capability_id: capability.id,
    message,
    languages_needed: ["en", "ja"],
  };
  const { data, error } = await api.POST("/api/v1/meetings", { body });
  if (error) throw new ApiProblem(error);
  return data;
}

/** The programme's KPI report for a fiscal year (April–March), the current one by default. */
export async function readKpi(
  api: ApiClient,
  fiscalYear?: number,
): Promise<Schemas["KpiReport"]> {
  const query = fiscalYear === undefined ? {} : { fiscal_year: fiscalYear };
  const { data, error } = await api.GET("/api/v1/kpi", { params: { query } });
  if (error) throw new ApiProblem(error);
  return data;
}

export interface Login {
  email: string;
  password: string;
}

export interface FlowResult {
  found: number;
  meeting: Schemas["MeetingView"];
  closeRatePercent: number | null;
}

/**
 * The whole story against a service at `baseUrl`: the buyer finds a 精密 (precision)
 * capability whose company exhibits at an open trade fair, and which it has not asked there
 * yet, and asks for a meeting; the desk then reads the KPI report.
 */
export async function runFlow(baseUrl: string, buyer: Login, desk: Login): Promise<FlowResult> {
  let token: string | undefined;
  const api = createApiClient({ baseUrl, accessToken: () => token });

  token = (await signIn(api, buyer.email, buyer.password)).access_token;
  const found = await searchCatalogue(api, "精密");
  let choice: { event: Schemas["EventView"]; capability: Schemas["CapabilityView"] } | undefined;
  for (const event of await openTradeFairs(api)) {
    const present = new Set((await exhibitors(api, event.id)).map((c) => c.id));
    const asked = new Set((await meetingsAt(api, event.id)).map((m) => m.company.id));
    const capability = found.find((c) => present.has(c.company.id) && !asked.has(c.company.id));
    if (capability) {
      choice = { event, capability };
      break;
    }
  }
  if (!choice) throw new Error("no company found for 精密 that this buyer has not asked exhibits at an open trade fair");
  const meeting = await requestMeeting(
    api,
    choice.event,
    choice.capability,
    `We would like to discuss ${choice.capability.title_en}.`,
  );

  token = (await signIn(api, desk.email, desk.password)).access_token;
  const report = await readKpi(api);
  return {
    found: found.length,
    meeting,
    closeRatePercent: report.close_rate.actual_percent ?? null,
  };
}
