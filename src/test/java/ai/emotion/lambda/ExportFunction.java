package ai.emotion.lambda;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A Lambda deployment serves one Funqy function: the one quarkus.funqy.export names. */
abstract class ExportFunction implements QuarkusTestProfile {
    private final String function;

    ExportFunction(String function) {
        this.function = function;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", function);
    }

    public static class Emotion extends ExportFunction {
        public Emotion() {
            super("emotion");
        }
    }

    public static class Analyze extends ExportFunction {
        public Analyze() {
            super("analyze");
        }
    }
}
