import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type SyntheticEvent,
  type KeyboardEvent,
  type ReactElement,
} from "react";
import { useChatContext } from "../chat/chat-context";
import { SendIcon, StopIcon } from "./icons";

export const MESSAGE_MAX_CHARS = 4000;

/** The message box: Enter sends, Shift+Enter breaks the line, nothing sends mid-composition (IME). */
export function Composer(): ReactElement {
  const { send, stop, replying, stopping, state } = useChatContext();
  const [text, setText] = useState("");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const counterId = useId();
  const hintId = useId();
  const length = text.length;
  const tooLong = length > MESSAGE_MAX_CHARS;
  const canSend = text.trim() !== "" && !tooLong;

  useLayoutEffect(() => {
    const el = textareaRef.current;
    if (el === null) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const submit = () => {
    if (!canSend) return;
    send(text.trim());
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Safari ends an IME composition with an Enter whose isComposing is already false but
    // whose keyCode is 229; keyCode is deprecated, yet nothing else tells the two apart.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const imeEnter = event.nativeEvent.isComposing || event.keyCode === 229;
    if (event.key !== "Enter" || event.shiftKey || imeEnter) return;
    event.preventDefault();
    submit();
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    submit();
  };

  const offline = state.status !== "connected";
  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Send a message">
      <div className={`composer-box${tooLong ? " invalid" : ""}`}>
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={textareaRef}
          rows={1}
          value={text}
          placeholder="Ask IBAL anything…"
          aria-describedby={`${counterId} ${hintId}`}
          aria-invalid={tooLong}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {replying ? (
          <button
            type="button"
            className="send-button stop"
            onClick={stop}
            disabled={stopping}
            aria-label={stopping ? "Stopping the reply…" : "Stop the reply"}
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            className="send-button"
            disabled={!canSend}
            aria-label="Send message"
          >
            <SendIcon />
          </button>
        )}
      </div>
      <div className="composer-foot">
        <span id={hintId} className="quiet">
          {offline && text !== ""
            ? "You're offline — it will be sent when the connection is back."
            : "Enter to send, Shift+Enter for a new line"}
        </span>
        <span
          id={counterId}
          className={`counter${tooLong ? " over" : ""}`}
          aria-live={tooLong ? "polite" : "off"}
        >
          {tooLong
            ? `${length - MESSAGE_MAX_CHARS} characters over the ${MESSAGE_MAX_CHARS} limit`
            : `${length} / ${MESSAGE_MAX_CHARS}`}
        </span>
      </div>
    </form>
  );
}
