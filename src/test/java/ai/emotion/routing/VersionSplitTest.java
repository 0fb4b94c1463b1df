package ai.emotion.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class VersionSplitTest {
    static final TreeMap<String, Integer> NINETY_TEN = new TreeMap<>(Map.of("2", 90, "3", 10));

    @Test
    void weightsSetTheShareOfCallers() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(VersionRouter.split(NINETY_TEN, "caller-" + i).orElseThrow(), 1, Integer::sum);
        }
        double share = counts.get("3") / 20_000.0;
        assertTrue(Math.abs(share - 0.10) < 0.02, "version 3 share " + share);
        counts.clear();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(VersionRouter.split(NINETY_TEN, null).orElseThrow(), 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get("3") / 20_000.0 - 0.10) < 0.02);
    }

    @Test
    void aCallerKeyAlwaysLandsOnTheSameVersion() {
        for (int i = 0; i < 100; i++) {
            String first = VersionRouter.split(NINETY_TEN, "user-" + i).orElseThrow();
            for (int r = 0; r < 5; r++) {
                assertEquals(first, VersionRouter.split(NINETY_TEN, "user-" + i).orElseThrow());
            }
        }
    }

    @Test
    void zeroWeightsMeanNoSplit() {
        assertEquals(Optional.empty(), VersionRouter.split(new TreeMap<>(Map.of("1", 0)), "x"));
        assertEquals(Optional.of("1"), VersionRouter.split(new TreeMap<>(Map.of("1", 5, "2", 0)), "x"));
    }
}
