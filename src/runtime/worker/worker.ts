import { createWorker } from "./worker-app.ts";

// Cloudflare's module Worker entry (wrangler.toml `main`): the one default export in the code.
// It bundles no seeds: `npm run build:worker` renders the site into the static assets.
export default createWorker();
