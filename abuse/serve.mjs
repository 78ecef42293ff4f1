// Starts the stacks and keeps them up until Ctrl-C, for working on one test at a time:
//   node serve.mjs &        # prints the stack file once everything is up
//   ABUSE_STACK=results/stack.json npx playwright test --project=class tests/finding-05-cors-from-the-lms.spec.mjs
// Disruptive tests leave the stacks disturbed (a replica killed): restart serve.mjs after them.
import { startStacks } from "./stack/start.mjs";

const stacks = await startStacks();
console.log(`abuse: stacks up; ABUSE_STACK=${stacks.file}`);
const stop = async () => {
  await stacks.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
