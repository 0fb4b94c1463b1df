package ai.emotion.protocol;

import java.util.Base64;
import java.util.regex.Pattern;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/** Binary protocol values (encoded images) sent as base64 text; standard or URL-safe alphabet. */
public final class Base64Values {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Base64Values() {
    }

    public static byte[] decode(String text, String what) {
        String compact = WHITESPACE.matcher(text).replaceAll("").replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_BASE64, what + " is not valid base64: " + e.getMessage());
        }
    }
}
