package ai.emotion.batching;

/** The batcher did not run a request: its queue was full, its result came too late, or it is stopping. */
public class BatchRejectedException extends RuntimeException {
    public enum Reason {
        /** the bounded queue was full at submission: retry shortly */
        QUEUE_FULL,
        /** no result within emotion-ai.batching.timeout */
        TIMED_OUT,
        /** the queue is draining (version retired, or the service stopping) */
        STOPPING
    }

    private final Reason reason;

    public BatchRejectedException(Reason reason, String message) {
        super(message, null, false, false); // an answer to a caller, not a fault: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
