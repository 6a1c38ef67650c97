import { deployRefusals } from "../../publish-guards.ts";
import { type CommandSpec, commandHelp, EXIT, parseCommand, UsageError } from "./args.ts";
import { BuildError, readWorkerConfig, WRANGLER_CONFIG } from "./worker-config.ts";

const SPEC: CommandSpec = {
  name: "check-deploy",
  program: "tsx src/runtime/cli/check-deploy.ts",
  synopsis: "[--config FILE] [--allow-default-id-authority]",
  brief: "check-deploy",
  summary: "refuse a Worker deploy with settings that could never be fixed",
  description: [
    "Runs before `npm run deploy` (its predeploy script). Reads wrangler.toml's [vars] with the",
    "same schema as the server and exits 1, one line per reason, when BASE_URL is a local",
    "address (no reader could reach the Worker) or ID_AUTHORITY is still localhost,2025 (every",
    "article id carries it forever). npm passes no arguments to a pre-script: set",
    "ALLOW_DEFAULT_ID_AUTHORITY=on to deploy a trial Worker under the default ID_AUTHORITY.",
  ].join("\n"),
  options: {
    config: {
      type: "string",
      value: "FILE",
      default: WRANGLER_CONFIG,
      description: "the wrangler configuration to read",
    },
    "allow-default-id-authority": {
      type: "boolean",
      description: "deploy even though ID_AUTHORITY is still localhost,2025 (a trial Worker)",
    },
  },
};

/** `npm run deploy`'s first step: a Worker is public, so its permanent settings must be right. */
function main(): number {
  const parsed = parseCommand(SPEC, process.argv.slice(2));
  if (parsed.isHelp) {
    process.stdout.write(commandHelp(SPEC));
    return EXIT.ok;
  }
  const file = typeof parsed.values.config === "string" ? parsed.values.config : WRANGLER_CONFIG;
  const isAllowed =
    parsed.values["allow-default-id-authority"] === true ||
    process.env.ALLOW_DEFAULT_ID_AUTHORITY === "on";
  const refusals = deployRefusals(readWorkerConfig(file), isAllowed);
  for (const refusal of refusals) console.error(refusal);
  return refusals.length === 0 ? EXIT.ok : EXIT.failed;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UsageError || error instanceof BuildError)) throw error;
  console.error(error.message);
  process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failed;
}
