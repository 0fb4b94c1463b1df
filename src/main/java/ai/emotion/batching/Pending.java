package ai.emotion.batching;

import java.util.Map;

/** A queued run whose outputs the caller collects later (so two models of one photo can run side by side). */
@FunctionalInterface
public interface Pending {
    Map<String, float[]> await();

    /** A run that already has its outputs. */
    static Pending done(Map<String, float[]> outputs) {
        return () -> outputs;
    }
}
