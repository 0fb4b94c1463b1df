package ai.emotion.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.emotion.model.ModelFolder;
import ai.emotion.protocol.TestVectors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The batcher on the real emotion/2 session: joined runs give each caller exactly its own answer. A held engine
 * (the seam) keeps the worker busy on purpose, so batch forming, a full queue and timeouts are exact, not timed.
 */
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

    /** An engine that holds its first run until released: what queues meanwhile forms the next batch. */
    static final class HeldEngine implements BatchEngine {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final BatchEngine inner;

        HeldEngine(BatchEngine inner) {
            this.inner = inner;
        }

        @Override
        public Map<String, float[]> run(float[] input, int items) {
            if (runs.getAndIncrement() == 0) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner.run(input, items);
        }
    }

    static BatchQueue queue(BatchEngine engine, Map<String, String> settings, SimpleMeterRegistry registry) {
        return new BatchQueue(model.id(), model.inputItemSize(), engine, batching(settings), registry);
    }

    @Test
    void concurrentCallersShareRunsAndEachGetsItsOwnOutputs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HeldEngine engine = new HeldEngine(model::run);
        BatchQueue queue = queue(engine, Map.of(), registry);
        int callers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Map<String, float[]>>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> queue.run(VECTORS.cases().get(0).tensor(), 1)));
            engine.entered.await();
            for (int i = 1; i < callers; i++) {
                float[] input = VECTORS.cases().get(i % VECTORS.cases().size()).tensor();
                answers.add(pool.submit(() -> queue.run(input, 1)));
            }
            waitUntil(() -> queue.depth() == callers - 1);
            engine.release.countDown();
            for (int i = 0; i < callers; i++) {
                float[] alone = model.run(VECTORS.cases().get(i % VECTORS.cases().size()).tensor(), 1)
                        .get("probabilities");
                assertArrayEquals(alone, answers.get(i).get().get("probabilities"), 1e-5f, "caller " + i);
            }
        } finally {
            pool.shutdown();
            queue.drainAndStop();
        }
        // the held first run, then everything that queued behind it in one shared run
        assertEquals(2, registry.get("emotion_ai.batch.size").summary().count());
        assertEquals(callers - 1, registry.get("emotion_ai.batch.size").summary().max());
    }

    @Test
    void requestsWithSeveralItemsKeepTheirOrder() {
        BatchQueue queue = queue(model::run, Map.of(), new SimpleMeterRegistry());
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
        HeldEngine engine = new HeldEngine(model::run);
        BatchQueue queue = queue(engine, Map.of("max-queue-size", "1", "timeout", "0.2s"), registry);
        try {
            float[] one = VECTORS.cases().get(0).tensor();
            CompletableFuture<Map<String, float[]>> busy = CompletableFuture.supplyAsync(() -> queue.run(one, 1));
            engine.entered.await(); // the only worker is held inside its run
            CompletableFuture<Map<String, float[]>> waiting = CompletableFuture.supplyAsync(() -> queue.run(one, 1));
            waitUntil(() -> queue.depth() == 1);
            // refused at submission: a caller that had waited would have got TIMED_OUT instead
            BatchRejectedException full = assertThrows(BatchRejectedException.class, () -> queue.run(one, 1));
            assertEquals(BatchRejectedException.Reason.QUEUE_FULL, full.reason());
            assertEquals(1.0, registry.get("emotion_ai.batch.rejected").tag("reason", "queue_full").counter().count());
            // the queued caller's 0.2 s pass while the worker is still held
            Throwable late = assertThrows(Exception.class, waiting::join).getCause();
            BatchRejectedException timedOut = assertInstanceOf(BatchRejectedException.class, late);
            assertEquals(BatchRejectedException.Reason.TIMED_OUT, timedOut.reason());
            engine.release.countDown();
            Throwable heldLate = assertThrows(Exception.class, busy::join).getCause();
            assertInstanceOf(BatchRejectedException.class, heldLate, "the held run also outlived its timeout");
            assertEquals(1, engine.runs.get(), "the timed-out caller's run was skipped, not executed");
        } finally {
            queue.drainAndStop();
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(2);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 5 s");
    }
}
