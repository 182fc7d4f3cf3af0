// The settings and deployment, read once when Ponder loads the config, the handlers and the API, so all
// of them follow the same contracts. `start.ts` has already checked them.
import { readSettings } from "./deployment.ts";

export const settings = readSettings();
export const deployment = settings.deployment;
