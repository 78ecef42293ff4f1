/**
 * The bundle the IBAL XBlock loads (`npm run build:xblock` → its static/js/build/ibal-chat.js,
 * global `IbalChat`): the app's protocol client, chat state and LMS sign-in; the XBlock keeps
 * only rendering. Everything exported here is the XBlock's API: keep it small.
 */
import { CLIENT_ERROR_CODES, WS_ERROR_CODES } from "../protocol/error-codes";

export { createLmsChat } from "./lms-chat";
export { createLmsUsage } from "./lms-usage";
export { PopupBlockedError } from "./lms-tokens";
export { isAwaitingReply } from "../chat/chat-state";

/** Every error code the chat state can hold; the XBlock has a translated text for each. */
export const ERROR_CODES: readonly string[] = [...WS_ERROR_CODES, ...CLIENT_ERROR_CODES];
