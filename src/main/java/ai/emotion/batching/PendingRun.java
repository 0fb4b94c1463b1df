package ai.emotion.batching;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One caller's items waiting in a {@link BatchQueue}; completed with that caller's slice of every output. */
final class PendingRun implements Pending {
    final float[] input;
    final int items;
    final long enqueuedNanos = System.nanoTime();
    final CompletableFuture<Map<String, float[]>> result = new CompletableFuture<>();

    private final BatchQueue owner;

    PendingRun(BatchQueue owner, float[] input, int items) {
        this.owner = owner;
        this.input = input;
        this.items = items;
    }

    @Override
    public Map<String, float[]> await() {
        return owner.await(this);
    }
}
