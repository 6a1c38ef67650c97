import { ConfigError, parseConfig } from "../../config.ts";
import { describeError } from "../describe-error.ts";
import { logProblem } from "../node/log.ts";
import { SeedsFolderError } from "../node/seed-library.ts";
import { startServer } from "../node/server.ts";
import { StylesheetError } from "../node/stylesheet-file.ts";

/**
 * `feed-publisher serve` (`npm start`): the Node server with the settings from the environment
 * (README: Configuration). Resolves once it listens; it then runs until SIGTERM or SIGINT.
 */
export async function serve(): Promise<number | "serving"> {
  try {
    await startServer(parseConfig(process.env));
    return "serving";
  } catch (error) {
    // An invalid setting or an unreadable folder is the operator's mistake: one line.
    const isOperators =
      error instanceof ConfigError ||
      error instanceof SeedsFolderError ||
      error instanceof StylesheetError;
    logProblem(isOperators ? error.message : `failed to start: ${describeError(error)}`);
    return 1;
  }
}
