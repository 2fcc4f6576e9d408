/**
 * The browser test's page (`index.html`): a buyer signs in, searches the catalogue and asks a
 * company for a meeting, through the generated client and the example's functions. The API's
 * origin comes from the page's `?api=` parameter; the page is served from another origin, so
 * every call is a cross-origin request the service must allow (`CORS_ORIGINS`).
 */
import { ApiProblem, createApiClient, type Schemas } from "../src/index";
import { openTradeFairs, requestMeeting, searchCatalogue, signIn } from "../examples/flow";

function element<T extends HTMLElement>(id: string, kind: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`the page has no #${id}`);
  return found;
}

const ui = {
  signInForm: element("sign-in-form", HTMLFormElement),
  email: element("email", HTMLInputElement),
  password: element("password", HTMLInputElement),
  who: element("who", HTMLParagraphElement),
  searchForm: element("search-form", HTMLFormElement),
  fair: element("fair", HTMLSelectElement),
  q: element("q", HTMLInputElement),
  count: element("count", HTMLParagraphElement),
  results: element("results", HTMLUListElement),
  meeting: element("meeting", HTMLParagraphElement),
  error: element("error", HTMLParagraphElement),
};

const apiOrigin = new URLSearchParams(location.search).get("api") ?? location.origin;
let accessToken: string | undefined;
const api = createApiClient({ baseUrl: apiOrigin, accessToken: () => accessToken });
let fairs: Schemas["EventView"][] = [];

/** What the user reads when a call fails. */
function explain(failure: unknown): string {
  if (failure instanceof ApiProblem) {
    return `${failure.problem.title}: ${failure.problem.detail}`;
  }
  // fetch rejects without an answer to read: the service is down, or the browser refused the
  // answer because the service does not allow this page's origin.
  if (failure instanceof TypeError) {
    return `The service could not be reached from ${location.origin} (${failure.message})`;
  }
  return String(failure);
}

/** Runs one user action; a failure is shown, not thrown. */
function action(run: () => Promise<void>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    ui.error.textContent = "";
    run().catch((failure: unknown) => {
      ui.error.textContent = explain(failure);
    });
  };
}

ui.signInForm.addEventListener(
  "submit",
  action(async () => {
    const session = await signIn(api, ui.email.value, ui.password.value);
    accessToken = session.access_token;
    ui.who.textContent = `Signed in as ${session.user.display_name} (${session.user.role})`;
    fairs = await openTradeFairs(api);
    ui.fair.replaceChildren(
      ...fairs.map((fair) => new Option(`${fair.name} (${fair.starts_on})`, fair.id)),
    );
  }),
);

ui.searchForm.addEventListener(
  "submit",
  action(async () => {
    const q = ui.q.value;
    const found = await searchCatalogue(api, q);
    ui.count.textContent = `${found.length} found for 「${q}」`;
    ui.results.replaceChildren(...found.map(resultItem));
  }),
);

function resultItem(capability: Schemas["CapabilityView"]): HTMLLIElement {
  const item = document.createElement("li");
  item.dataset["capabilityId"] = capability.id;
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = `${capability.title_ja} / ${capability.title_en}`;
  const company = document.createElement("span");
  company.className = "company";
  company.textContent = ` (${capability.company.name_ja})`;
  const ask = document.createElement("button");
  ask.type = "button";
  ask.textContent = "Request a meeting";
  ask.addEventListener(
    "click",
    action(async () => {
      const fair = fairs.find((f) => f.id === ui.fair.value);
      if (!fair) throw new Error("Choose a trade fair first");
      const message = `We would like to discuss ${capability.title_en} at ${fair.name}.`;
      const meeting = await requestMeeting(api, fair, capability, message);
      ui.meeting.dataset["meetingId"] = meeting.id;
      ui.meeting.textContent = `Meeting ${meeting.status} with ${meeting.company.name_ja} at ${fair.name}`;
    }),
  );
  item.append(title, company, ask);
  return item;
}
