import type { ReactElement } from "react";
import type { Source } from "../protocol/frames";

const isSafeUrl = (url: string | undefined): url is string =>
  url !== undefined && /^https?:\/\//i.test(url);

/** A reply's sources and follow-up prompts, when the model gave any. */
export function ReplyExtras({
  sources,
  followUps,
  onFollowUp,
}: {
  sources: Source[];
  followUps: string[];
  onFollowUp: (text: string) => void;
}): ReactElement | null {
  if (sources.length === 0 && followUps.length === 0) return null;
  return (
    <div className="reply-extras">
      {sources.length > 0 && (
        <section aria-label="Sources">
          <h3 className="extras-title">Sources</h3>
          <ol className="sources">
            {sources.map((source, i) => (
              <li key={`${source.title}-${i}`}>
                {isSafeUrl(source.url) ? (
                  <a href={source.url} target="_blank" rel="noopener noreferrer nofollow">
                    {source.title}
                  </a>
                ) : (
                  <span>{source.title}</span>
                )}
                {source.snippet !== undefined && <p>{source.snippet}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {followUps.length > 0 && (
        <section aria-label="Suggested follow-ups">
          <ul className="follow-ups">
            {followUps.map((text) => (
              <li key={text}>
                <button type="button" className="chip" onClick={() => onFollowUp(text)}>
                  {text}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
