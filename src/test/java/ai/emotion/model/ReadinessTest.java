package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.TestModels;
import ai.emotion.api.ErrorAnswers;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.health.ModelsReadiness;
import ai.emotion.routing.VersionRouter;
import ai.emotion.serving.Inference;
import ai.emotion.serving.ModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Readiness is DOWN, and predictions answer 503, until every session and the face detector have been warmed. */
class ReadinessTest {

    @Test
    void downWhileLoadingThenUpOnceWarm() {
        nu.pattern.OpenCV.loadLocally();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // every version (the shipped load policy leaves some out; LoadedVersionsTest checks it)
        ModelRegistry registry = new ModelRegistry(TestConfig.with(java.util.Map.of("emotion-ai.models.load", "all")), meters);
        VersionRouter router = new VersionRouter(TestConfig.defaults(), meters);
        Inference inference = new Inference(registry, router, null, null,
                new ai.emotion.serving.Admission(TestConfig.defaults(), meters));
        ModelsReadiness readiness = new ModelsReadiness(registry);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "nothing loaded yet");

        registry.loadSessions(Path.of("models-onnx"), name -> java.util.Set.of());
        registry.loadDetector(java.util.Optional.empty());
        HealthCheckResponse loading = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, loading.getStatus());
        assertEquals("loading", loading.getData().orElseThrow().get("emotion/2"));
        assertEquals("loading", loading.getData().orElseThrow().get("face-detector/1"));
        ApiException notReady = assertThrows(ApiException.class, () -> inference.route(Inference.EMOTION, null, null));
        assertEquals(ErrorCode.NOT_READY, notReady.code());
        assertEquals(503, ErrorAnswers.status(notReady.code()));

        registry.warmAll();
        router.readRepository(Path.of("models-onnx")); // as Startup does: the models' config.json defaults
        HealthCheckResponse warm = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, warm.getStatus());
        assertEquals("warm", warm.getData().orElseThrow().get("keypoints/1"));
        assertEquals("warm", warm.getData().orElseThrow().get("face-detector/1"));
        assertEquals(TestModels.defaultVersion(Inference.EMOTION),
                inference.route(Inference.EMOTION, null, null).id().version());
        assertEquals(TestModels.defaultVersion(Inference.KEYPOINTS),
                inference.route(Inference.KEYPOINTS, null, null).id().version());
        registry.close();
    }
}
