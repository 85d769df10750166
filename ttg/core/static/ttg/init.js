// Start GOV.UK Frontend and MoJ Frontend components. Every page works without this file.
import { initAll } from "/static/ttg/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/ttg/moj-frontend.min.js";

initAll();
initMoj();
