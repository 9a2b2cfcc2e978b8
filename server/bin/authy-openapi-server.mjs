#!/usr/bin/env node
// The command line: see `authy-openapi-server --help`.
import { loadServerModule } from "./load.mjs";

const cli = await loadServerModule("cli");
await cli.main(process.argv.slice(2));
