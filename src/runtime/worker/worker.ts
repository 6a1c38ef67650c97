import { BUNDLED_SEEDS } from "../../generated/seeds.ts";
import { BUNDLED_STYLESHEET } from "../../generated/stylesheet.ts";
import { createWorker } from "./worker-app.ts";

// Cloudflare's module Worker entry (wrangler.toml `main`): the one default export in the code.
// src/generated/seeds.ts and stylesheet.ts are written by `npm run build:seeds`, which runs
// before every command that needs them.
export default createWorker(BUNDLED_SEEDS, BUNDLED_STYLESHEET);
