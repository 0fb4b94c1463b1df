package ai.emotion.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.routing.VersionRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** emotion-ai.models.self-check=false serves every version unchecked, even one whose test vectors it would fail. */
class SelfCheckOffTest {
    @Test
    void withTheCheckOffTheCorruptedChildIsServed() {
        nu.pattern.OpenCV.loadLocally();
        EmotionAiConfig config = TestConfig.with(Map.of("emotion-ai.models.dir", SelfCheckTest.MODELS.toString(),
                "emotion-ai.models.self-check", "false", "emotion-ai.models.warm-up", "false"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ModelRegistry registry = new ModelRegistry(config, meters);
        try {
            registry.loadSessions(SelfCheckTest.MODELS, name -> java.util.Set.of());
            registry.loadDetector(java.util.Optional.empty());
            registry.warmAll();
            String child = SelfCheckTest.CHILD.version();
            assertEquals("unchecked", registry.status().get("emotion/" + child));
            Inference inference = new Inference(registry, new VersionRouter(config, meters), null, null,
                    new Admission(config, meters));
            assertEquals(child, inference.route(Inference.EMOTION, null, null).id().version());
        } finally {
            registry.close();
        }
    }
}
