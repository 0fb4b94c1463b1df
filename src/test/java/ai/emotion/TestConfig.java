package ai.emotion;

import java.util.Map;

import ai.emotion.config.EmotionAiConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The service's configuration outside Quarkus, for plain unit tests: defaults plus the given overrides. */
public final class TestConfig {
    private TestConfig() {
    }

    public static EmotionAiConfig with(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder().withMapping(EmotionAiConfig.class).withDefaultValues(overrides).build()
                .getConfigMapping(EmotionAiConfig.class);
    }

    public static EmotionAiConfig defaults() {
        return with(Map.of());
    }
}
