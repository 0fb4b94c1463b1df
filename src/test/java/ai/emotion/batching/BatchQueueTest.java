package ai.emotion.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.model.ModelFolder;
import ai.emotion.protocol.TestVectors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The batcher on the real emotion/2 session: joined runs give each caller exactly its own answer. */
class BatchQueueTest {
    static Predictor model;
    static final TestVectors VECTORS = TestVectors.of("emotion", "2");

    @BeforeAll
    static void load() {
        EmotionAiConfig config = TestConfig.with(Map.of("emotion-ai.engine.intra-op-threads", "1"));
        model = new SessionLoader(new SessionOptionsFactory(config.engine()), java.util.Optional.empty(),
                new SimpleMeterRegistry()).load(ModelFolder.read(Path.of("models-onnx/emotion/2")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    static EmotionAiConfig.Batching batching(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        settings.forEach((k, v) -> all.put("emotion-ai.batching." + k, v));
        return TestConfig.with(all).batching();
    }

    @Test
    void concurrentCallersShareRunsAndEachGetsItsOwnOutputs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchQueue queue = new BatchQueue(model, batching(Map.of("max-queue-delay-micros", "20000")), registry);
        int callers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Map<String, float[]>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                float[] input = VECTORS.cases().get(i % VECTORS.cases().size()).tensor();
                answers.add(pool.submit(() -> queue.run(input, 1)));
            }
            for (int i = 0; i < callers; i++) {
                float[] alone = model.run(VECTORS.cases().get(i % VECTORS.cases().size()).tensor(), 1)
                        .get("probabilities");
                assertArrayEquals(alone, answers.get(i).get().get("probabilities"), 1e-5f, "caller " + i);
            }
        } finally {
            pool.shutdown();
            queue.drainAndStop();
        }
        double largest = registry.get("emotion_ai.batch.size").summary().max();
        long runs = registry.get("emotion_ai.batch.size").summary().count();
        assertTrue(largest > 1 && runs < callers, "runs were shared: " + runs + " runs, largest " + largest);
    }

    @Test
    void requestsWithSeveralItemsKeepTheirOrder() {
        BatchQueue queue = new BatchQueue(model, batching(Map.of()), new SimpleMeterRegistry());
        try {
            int items = 3;
            float[] input = new float[items * model.inputItemSize()];
            for (int i = 0; i < items; i++) {
                System.arraycopy(VECTORS.cases().get(i).tensor(), 0, input, i * model.inputItemSize(),
                        model.inputItemSize());
            }
            float[] got = queue.run(input, items).get("probabilities");
            assertEquals(items * 7, got.length);
            for (int i = 0; i < items; i++) {
                for (int k = 0; k < 7; k++) {
                    assertEquals(VECTORS.cases().get(i).outputs().get("probabilities").get(k), got[i * 7 + k], 1e-4);
                }
            }
        } finally {
            queue.drainAndStop();
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnceAndALateResultTimesOut() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchQueue queue = new BatchQueue(model,
                batching(Map.of("max-batch-size", "256", "max-queue-size", "1", "timeout", "0.2s")), registry);
        try {
            // 256 items keep the single worker busy for about a second (some 4 ms each on one core)
            float[] big = new float[256 * model.inputItemSize()];
            CompletableFuture<Map<String, float[]>> busy = CompletableFuture.supplyAsync(() -> queue.run(big, 256));
            waitUntil(() -> registry.get("emotion_ai.batch.size").summary().count() == 1);
            float[] one = VECTORS.cases().get(0).tensor();
            CompletableFuture<Map<String, float[]>> waiting = CompletableFuture.supplyAsync(() -> queue.run(one, 1));
            waitUntil(() -> queue.depth() == 1);
            // refused at submission: a caller that had waited would have got INFERENCE_TIMEOUT instead
            ApiException full = assertThrows(ApiException.class, () -> queue.run(one, 1));
            assertEquals(ErrorCode.OVERLOADED, full.code());
            assertEquals(1.0, registry.get("emotion_ai.batch.rejected").tag("reason", "queue_full").counter().count());
            Throwable late = assertThrows(Exception.class, waiting::join).getCause();
            if (late instanceof ApiException api) {
                assertEquals(ErrorCode.INFERENCE_TIMEOUT, api.code());
            }
            busy.exceptionally(e -> null).join();
        } finally {
            queue.drainAndStop();
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(2);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 1 s");
    }
}
