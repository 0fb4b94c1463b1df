package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.batching.InferenceRunner;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.health.ModelsReadiness;
import ai.emotion.routing.VersionRouter;
import ai.emotion.service.PredictionService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Readiness is DOWN, and predictions answer 503, until every loaded session has been warmed. */
class ReadinessTest {

    @Test
    void downWhileLoadingThenUpOnceWarm() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceRunner runner = new InferenceRunner(TestConfig.defaults(), registry);
        ModelRepository repository = new ModelRepository(TestConfig.defaults(), registry, runner);
        VersionRouter router = new VersionRouter(TestConfig.defaults(), repository, registry);
        ModelsReadiness readiness = new ModelsReadiness(repository);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "nothing loaded yet");

        repository.load(Path.of("models-onnx"));
        HealthCheckResponse loading = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, loading.getStatus());
        assertEquals("loading", loading.getData().orElseThrow().get("emotion/2"));
        ApiException notReady = assertThrows(ApiException.class,
                () -> new PredictionService(repository, router, runner).model(PredictionService.EMOTION, null));
        assertEquals(ErrorCode.NOT_READY, notReady.code());
        assertEquals(503, notReady.code().status());

        repository.warmAll();
        HealthCheckResponse warm = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, warm.getStatus());
        assertEquals("warm", warm.getData().orElseThrow().get("keypoints/1"));
        assertEquals("2", new PredictionService(repository, router, runner).model(PredictionService.EMOTION, null).metadata().version());
        repository.close();
        runner.close();
    }
}
