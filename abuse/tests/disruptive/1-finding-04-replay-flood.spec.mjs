// Finding 4: resending one known clientMessageId ~1,000 times a second from a socket that never reads blocked
// invocation slots on pushes for up to 10 s each: other learners' messages timed out after 29 s, /api/health
// took 27 s then answered 503, RSS climbed 440 MB → 1,989 MB in 40 s, ~11,500 stack traces (39 MB) hit the log.
// The bounded version of that attack against the direct gateway, with a few hundred idle connections around it.
import { test, expect } from "../../support/fixtures.mjs";
import { runFlood } from "../../support/flood.mjs";

test("finding 4: a reader-less replay flood does not stall other learners, memory or the log", async ({
  stack,
  addresses,
}) => {
  test.setTimeout(180_000);
  const figures = await runFlood({
    gateway: stack.direct,
    addresses,
    floodSeconds: 15,
    repliesPerSecond: 1000,
    idleConnections: 250,
    halfSentFrames: 50,
    log: (line) => console.log(line),
  });
  test.info().annotations.push({ type: "figures", description: JSON.stringify(figures) });
  expect(
    {
      everyProbeAnswered: figures.learner.unanswered === 0,
      learnerWithin2s: figures.learner.maxMs !== null && figures.learner.maxMs <= 2000,
      healthAlways200: figures.health.non200 === 0,
      healthWithin1s: figures.health.maxMs !== null && figures.health.maxMs <= 1000,
      rssUnder768MB: figures.rssPeakMb < 768,
      logGrowthUnder1MB: figures.logGrowthBytes < 1024 * 1024,
      flooderDisconnected: figures.flooder.firstSocketClosedByServer,
      idleClassKept: figures.idle.stillOpenAfter === figures.idle.opened,
    },
    JSON.stringify(figures),
  ).toEqual({
    everyProbeAnswered: true,
    learnerWithin2s: true,
    healthAlways200: true,
    healthWithin1s: true,
    rssUnder768MB: true,
    logGrowthUnder1MB: true,
    flooderDisconnected: true,
    idleClassKept: true,
  });
});
