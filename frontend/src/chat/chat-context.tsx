import { createContext, useContext } from "react";
import type { ChatController } from "./use-chat";

export const ChatContext = createContext<ChatController | null>(null);

export function useChatContext(): ChatController {
  const chat = useContext(ChatContext);
  if (chat === null) throw new Error("useChatContext() outside <ChatContext>");
  return chat;
}
