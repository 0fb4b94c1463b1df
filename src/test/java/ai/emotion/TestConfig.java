package ai.emotion;

import java.time.Duration;
import java.util.Map;

import ai.emotion.config.EmotionAiConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The service's configuration outside Quarkus, for plain unit tests: defaults plus the given overrides. */
public final class TestConfig {
    private TestConfig() {
    }

    public static EmotionAiConfig with(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder().withMapping(EmotionAiConfig.class).withDefaultValues(overrides)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's "10s" form
                .build().getConfigMapping(EmotionAiConfig.class);
    }

    public static EmotionAiConfig defaults() {
        return with(Map.of());
    }
}
