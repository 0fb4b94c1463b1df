package ai.emotion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.config.EmotionAiConfig;

class SessionOptionsFactoryTest {

    static EmotionAiConfig.Engine provider(String name) {
        return TestConfig.with(Map.of("emotion-ai.engine.execution-provider", name)).engine();
    }

    @Test
    void cudaFallsBackToCpuWhereTheProviderIsMissing() throws Exception {
        // The CPU build of ONNX Runtime on this machine has no CUDA provider.
        SessionOptionsFactory.Created created = new SessionOptionsFactory(provider("cuda")).create("test");
        created.options().close();
        assertEquals("cpu", created.provider());
    }

    @Test
    void unknownProviderIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new SessionOptionsFactory(provider("tpu")).create("test"));
    }
}
