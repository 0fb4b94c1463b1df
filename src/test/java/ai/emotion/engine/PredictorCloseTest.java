package ai.emotion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.model.ModelFolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A session closed while requests still run it (a retired version's grace period ran out, or shutdown)
 * must not crash the JVM: close waits for the runs in progress, and later runs are refused (503 NOT_READY at
 * the edge).
 */
class PredictorCloseTest {

    @Test
    void closingUnderConcurrentRunsWaitsForThemAndRefusesLaterOnes() throws Exception {
        ModelFolder folder = ModelFolder.scan(Path.of("models-onnx")).stream()
                .filter(f -> f.metadata().name().equals("keypoints")).findFirst().orElseThrow();
        Predictor predictor = new SessionLoader(new SessionOptionsFactory(TestConfig.defaults().engine()),
                Optional.empty(), new SimpleMeterRegistry()).load(folder);
        float[] input = new float[predictor.inputItemSize() * 4];
        ExecutorService callers = Executors.newFixedThreadPool(3);
        CountDownLatch running = new CountDownLatch(3);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            runs.add(callers.submit(() -> {
                running.countDown();
                int done = 0;
                while (true) {
                    try {
                        assertEquals(4 * 30, predictor.run(input, 4).get("keypoints").length);
                        done++;
                    } catch (SessionClosedException e) {
                        return done;
                    }
                }
            }));
        }
        running.await();
        Thread.sleep(50);
        predictor.close();
        predictor.close(); // twice is harmless
        for (Future<Integer> run : runs) {
            assertTrue(run.get(10, TimeUnit.SECONDS) > 0, "each caller ran before the close");
        }
        callers.shutdown();
        SessionClosedException refused = assertThrows(SessionClosedException.class, () -> predictor.run(input, 4));
        assertTrue(refused.getMessage().contains("keypoints/1"), refused.getMessage());
    }
}
