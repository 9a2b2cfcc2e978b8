// Preloaded into the Prism child process (`node --require prism-parent-watch.cjs prism-cli ...`): the parent holds
// the write end of this process's stdin pipe, so when the parent dies for any reason (even SIGKILL) stdin ends
// and Prism exits instead of being left behind holding its port.
"use strict";
if (process.env.AUTHY_PRISM_PARENT_WATCH === "1" && !process.stdin.isTTY) {
  const bye = () => process.exit(0);
  process.stdin.on("end", bye);
  process.stdin.on("close", bye);
  process.stdin.on("error", bye);
  process.stdin.resume();
}
