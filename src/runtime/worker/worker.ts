import { env } from "cloudflare:workers";
import { createWorker } from "./worker-app.ts";

// Cloudflare's module Worker entry (wrangler.toml `main`): the one default export in the code.
// It bundles no seeds: `npm run build:worker` renders the site into the static assets. The
// bindings are read at start-up (`env` of cloudflare:workers), so the app is built and warmed
// while the isolate starts, not in its first request.
export default createWorker(env);
