package ai.emotion.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/**
 * Slows down guessing: a client address that sent more than max-failed-attempts wrong API keys or admin tokens
 * within the window gets 429 until the window has passed. Bounded: the oldest addresses are forgotten first.
 */
@ApplicationScoped
public class CredentialThrottle {
    static final int RETRY_AFTER_SECONDS = 60;
    static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final Map<String, long[]> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public CredentialThrottle(EmotionAiConfig config) {
        this.maxFailures = Math.max(1, config.security().maxFailedAttempts());
        this.windowNanos = config.security().failedAttemptsWindow().toNanos();
    }

    /** Refuses a client that is over its failures now, before its credentials are even compared. */
    public synchronized void check(String client) {
        long[] entry = failures.get(client);
        if (entry != null && System.nanoTime() - entry[1] > windowNanos) {
            failures.remove(client);
        } else if (entry != null && entry[0] >= maxFailures) {
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong credentials from this address; "
                    + "retry later");
        }
    }

    /** Counts a wrong credential ({count, first failure time}). */
    public synchronized void failed(String client) {
        long[] entry = failures.computeIfAbsent(client, c -> new long[] { 0, System.nanoTime() });
        entry[0]++;
    }
}
