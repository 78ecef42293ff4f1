import { createAuthedRequest, createAuthedTextRequest } from "../api/authed-request";
import { createClassesApi, type ClassUsage } from "../api/classes-api";
import { LmsTokens, type LmsSignInOptions } from "./lms-tokens";

export interface LmsUsage {
  /** The course's usage over the last `days` UTC days, today included, as the staff user. */
  load(classId: string, days: number): Promise<ClassUsage>;
}

/** `YYYY-MM-DD` of the UTC day `daysBack` days before `now`. */
function utcDate(now: Date, daysBack: number): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - daysBack);
  return day.toISOString().slice(0, 10);
}

/**
 * The XBlock's staff view of its course's usage: signs in through the LMS like the chat (the
 * assertion carries the staff role; the server decides), then reads the app's usage route.
 * The server answers `forbidden` to anyone who does not teach the course.
 */
export function createLmsUsage(
  options: LmsSignInOptions,
  now: () => Date = () => new Date(),
): LmsUsage {
  const tokens = new LmsTokens(options);
  const classes = createClassesApi(
    createAuthedRequest(options.apiUrl, tokens, options.fetch),
    createAuthedTextRequest(options.apiUrl, tokens, options.fetch),
  );
  return {
    load: async (classId, days) => {
      if (tokens.user === null) await tokens.signIn();
      const today = now();
      return classes.usage(classId, { from: utcDate(today, days - 1), to: utcDate(today, 0) });
    },
  };
}
