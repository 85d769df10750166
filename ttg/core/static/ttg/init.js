// Start GOV.UK Frontend and MoJ Frontend components. Every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/moj/moj-frontend.min.js";

initAll();
initMoj();
