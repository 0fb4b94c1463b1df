package ai.emotion.serving;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where a whole photo's time goes, as one Micrometer timer per stage ({@code emotion_ai_analyze_stage_seconds
 * {stage="decode|detect|crop|inference"}} on /q/metrics): operators see which stage a slow photo spent its
 * time in, and the analyze benchmark reads the in-service breakdown from here.
 */
@ApplicationScoped
public class AnalysisStages {
    public enum Stage {
        /** image bytes to the gray photo and the detector's view */
        DECODE,
        /** face detector on the detection view */
        DETECT,
        /** every face cut by each model's crop rule */
        CROP,
        /** tensor packing and both session runs (side by side) */
        INFERENCE
    }

    private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);

    public AnalysisStages(MeterRegistry registry) {
        for (Stage stage : Stage.values()) {
            timers.put(stage, Timer.builder("emotion_ai.analyze.stage")
                    .description("whole-photo analysis time per stage")
                    .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public Timer timer(Stage stage) {
        return timers.get(stage);
    }
}
