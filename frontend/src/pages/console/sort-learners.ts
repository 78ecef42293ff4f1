import type { LearnerUsage } from "../../api/classes-api";

export type LearnerSortKey = "username" | "messages" | "tokens" | "cost" | "lastActive";
export interface LearnerSort {
  key: LearnerSortKey;
  direction: "ascending" | "descending";
}

const value = (learner: LearnerUsage, key: LearnerSortKey): string | number => {
  switch (key) {
    case "username":
      return learner.username.toLowerCase();
    case "messages":
      return learner.messages;
    case "tokens":
      return learner.tokensIn + learner.tokensOut;
    case "cost":
      return learner.cost;
    case "lastActive":
      // ISO instants sort as text; never active sorts below any date.
      return learner.lastActive ?? "";
  }
};

/** A sorted copy; ties keep the username order so the table does not jump between clicks. */
export function sortLearners(learners: LearnerUsage[], sort: LearnerSort): LearnerUsage[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...learners].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.username.localeCompare(b.username);
  });
}

/** Clicking the sorted column flips it; another column starts with the largest (names: A→Z). */
export function nextSort(current: LearnerSort, key: LearnerSortKey): LearnerSort {
  if (current.key === key) {
    return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  }
  return { key, direction: key === "username" ? "ascending" : "descending" };
}
