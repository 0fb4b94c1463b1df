package ai.emotion.serving;

/**
 * Options of a whole-photo analysis; null = the configured default (or routing's choice of version). The caller
 * key keeps an A/B split sticky; the gate (never null) withholds or qualifies expressions of poor faces.
 */
public record AnalyzeOptions(String emotionVersion, String keypointsVersion, Integer maxFaces, Integer minFaceSize,
        String callerKey, ExpressionGate gate) {

    public AnalyzeOptions {
        gate = gate == null ? ExpressionGate.OFF : gate;
    }
}
