package ai.emotion.batching;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One caller's items waiting in a {@link BatchQueue}; completed with that caller's slice of every output. */
final class PendingRun {
    final float[] input;
    final int items;
    final long enqueuedNanos = System.nanoTime();
    final CompletableFuture<Map<String, float[]>> result = new CompletableFuture<>();

    PendingRun(float[] input, int items) {
        this.input = input;
        this.items = items;
    }
}
