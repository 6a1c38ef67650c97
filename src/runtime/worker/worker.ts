import { BUNDLED_SEEDS } from "../../generated/seeds.ts";
import { createWorker } from "./worker-app.ts";

// Cloudflare's module Worker entry (wrangler.toml `main`): the one default export in the code.
// src/generated/seeds.ts is written by `npm run build:seeds`, which runs before every command
// that needs it.
export default createWorker(BUNDLED_SEEDS);
