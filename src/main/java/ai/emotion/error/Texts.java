package ai.emotion.error;

/** Caller text quoted in an error message, clipped: an answer never echoes unbounded input. */
public final class Texts {
    static final int MAX_QUOTED = 64;

    private Texts() {
    }

    public static String clip(String text) {
        if (text == null || text.length() <= MAX_QUOTED) {
            return text;
        }
        return text.substring(0, MAX_QUOTED) + "... (" + text.length() + " characters)";
    }
}
