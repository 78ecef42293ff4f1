import { useEffect, useLayoutEffect, useRef, type ReactElement } from "react";
import { useChatContext } from "../chat/chat-context";
import { LogoMark } from "./icons";
import { MessageBubble } from "./message-bubble";

const STARTERS = [
  "Explain photosynthesis like I'm twelve",
  "Quiz me on the French Revolution",
  "How do I reverse a list in Python?",
];

/** Stick to the bottom while the learner is there; leave them alone when they scrolled up. */
function useStickToBottom(dependency: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [dependency]);
  return ref;
}

export function MessageList(): ReactElement {
  const { state, retry, send, loadOlder, reloadHistory, replying } = useChatContext();
  const { messages, history } = state;
  const last = messages.at(-1);
  const scrollRef = useStickToBottom(`${messages.length}:${last?.content.length ?? 0}`);
  const empty = messages.length === 0 && !history.loading && !history.failed;

  return (
    <div className="message-scroll" ref={scrollRef}>
      <div className="message-column">
        {history.nextCursor !== null && (
          <button
            type="button"
            className="text-button load-older"
            onClick={loadOlder}
            disabled={history.loading}
          >
            Load earlier messages
          </button>
        )}
        {history.loading && messages.length === 0 && (
          <p className="quiet centered" role="status">
            Loading the conversation…
          </p>
        )}
        {history.failed && (
          <div className="inline-error" role="alert">
            <span>The earlier messages could not be loaded.</span>
            <button type="button" className="text-button" onClick={reloadHistory}>
              Try again
            </button>
          </div>
        )}
        {empty && (
          <div className="empty-chat">
            <LogoMark size={48} />
            <h2>What would you like to learn?</h2>
            <p className="quiet">Ask a question, paste a problem, or pick one of these to start.</p>
            <ul className="follow-ups centered-list">
              {STARTERS.map((text) => (
                <li key={text}>
                  <button type="button" className="chip" onClick={() => send(text)}>
                    {text}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {/* Re-created once history is in, so a live region announces only what arrives after
            (a loaded conversation is not read out as if it were new). */}
        <div
          key={history.loading ? "loading" : "ready"}
          role="log"
          aria-live="polite"
          aria-relevant="additions"
          aria-label="Conversation"
          className="message-log"
        >
          {messages.map((message) => (
            <MessageBubble key={message.key} message={message} onRetry={retry} onFollowUp={send} />
          ))}
        </div>
        {replying && last?.type === "user" && (
          <p className="typing" aria-hidden="true">
            <span />
            <span />
            <span />
          </p>
        )}
      </div>
    </div>
  );
}
