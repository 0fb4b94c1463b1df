package ai.emotion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.emotion.config.EmotionAiConfig;

class SessionOptionsFactoryTest {

    static EmotionAiConfig.Engine provider(String name) {
        return new EmotionAiConfig.Engine() {
            public String executionProvider() {
                return name;
            }

            public int cudaDeviceId() {
                return 0;
            }

            public int intraOpThreads() {
                return 0;
            }

            public Optional<String> optimizedModelDir() {
                return Optional.empty();
            }
        };
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
