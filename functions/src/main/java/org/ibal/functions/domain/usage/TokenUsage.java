package org.ibal.functions.domain.usage;

/**
 * The model tokens of one reply.
 *
 * @param estimated true when the provider gave no usage and the counts are the documented estimate
 *                  (characters / {@value #CHARS_PER_TOKEN}, rounded up)
 */
public record TokenUsage(long tokensIn, long tokensOut, boolean estimated) {
    /** The usual rule of thumb for English text with GPT-style tokenizers (OpenAI's own guidance: ~4 chars). */
    public static final int CHARS_PER_TOKEN = 4;

    public static TokenUsage estimate(long charsIn, long charsOut) {
        return new TokenUsage(ceilDiv(charsIn), ceilDiv(charsOut), true);
    }

    private static long ceilDiv(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
