package ai.emotion.dto;

/** The HTTP header that keeps an A/B split sticky for one caller (body field caller_key does the same). */
public final class CallerKey {
    public static final String HEADER = "X-Caller-Key";

    private CallerKey() {
    }
}
