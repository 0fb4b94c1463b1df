package ai.emotion.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Locale;

/** Reading and comparing credentials: the Bearer scheme in any case, compared in constant time. */
final class Credentials {
    private Credentials() {
    }

    /** The token of an "Authorization: Bearer &lt;token&gt;" header (scheme in any case), or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        return value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")
                ? value.substring(7).trim() : null;
    }

    /** Whether {@code given} is one of {@code accepted}; every candidate is compared, each in constant time. */
    static boolean matchesAny(String given, Collection<String> accepted) {
        if (given == null) {
            return false;
        }
        byte[] digest = sha256(given);
        boolean match = false;
        for (String key : accepted) {
            match |= MessageDigest.isEqual(digest, sha256(key)); // equal-length digests: no length leak
        }
        return match;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
