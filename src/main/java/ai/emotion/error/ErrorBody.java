package ai.emotion.error;

/** The JSON body of every error answer: {"error": "...", "code": "..."}. */
public record ErrorBody(String error, String code) {
}
