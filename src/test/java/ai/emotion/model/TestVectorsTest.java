package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading expected.json and comparing a run's outputs with it, as the load-time self-check does. */
class TestVectorsTest {
    @TempDir
    Path tmp;

    TestVectors vectors() throws IOException {
        Path file = tmp.resolve("expected.json");
        Files.writeString(file, """
                {"tolerance": 0.02, "tolerance_why": "ignored", "cases": [{"input": "input_0.png",
                 "outputs": {"probabilities": [0.1, 0.9], "keypoints": [[[0.25, 0.5], [0.75, 1.0]]]}}]}""");
        return TestVectors.read(file);
    }

    @Test
    void nestedOutputsAreFlattenedAndInputsLieBesideTheFile() throws IOException {
        TestVectors vectors = vectors();
        assertEquals(0.02, vectors.tolerance());
        TestVectors.Case c = vectors.cases().get(0);
        assertArrayEquals(new double[] { 0.25, 0.5, 0.75, 1.0 }, c.outputs().get("keypoints"));
        assertEquals(tmp.resolve("input_0.png"), vectors.input(c));
    }

    @Test
    void outputsWithinTheTolerancePass() throws IOException {
        TestVectors vectors = vectors();
        assertEquals(Optional.empty(), vectors.mismatch(vectors.cases().get(0), Map.of(
                "probabilities", new float[] { 0.115f, 0.885f }, "keypoints", new float[] { 0.25f, 0.5f, 0.75f, 1f })));
    }

    @Test
    void anOutputBeyondTheToleranceFailsNamingCaseOutputDifferenceAndTolerance() throws IOException {
        TestVectors vectors = vectors();
        String why = vectors.mismatch(vectors.cases().get(0), Map.of("probabilities", new float[] { 0.1f, 0.9f },
                "keypoints", new float[] { 0.25f, 0.5f, 0.75f, 0.95f })).orElseThrow();
        assertEquals("input_0.png: output 'keypoints' differs by up to 0.0500 (tolerance 0.02)", why);
    }

    @Test
    void nanCountsAsBeyond() throws IOException {
        TestVectors vectors = vectors();
        String why = vectors.mismatch(vectors.cases().get(0), Map.of("probabilities", new float[] { Float.NaN, 0.9f },
                "keypoints", new float[] { 0.25f, 0.5f, 0.75f, 1f })).orElseThrow();
        assertTrue(why.contains("'probabilities' differs by up to NaN"), why);
    }

    @Test
    void aMissingOrMisshapenOutputFailsWithAClearReason() throws IOException {
        TestVectors vectors = vectors();
        String missing = vectors.mismatch(vectors.cases().get(0), Map.of("probabilities", new float[] { 0.1f, 0.9f }))
                .orElseThrow();
        assertEquals("input_0.png: no output 'keypoints' (the run gave [probabilities])", missing);
        String size = vectors.mismatch(vectors.cases().get(0), Map.of("probabilities", new float[] { 0.1f },
                "keypoints", new float[4])).orElseThrow();
        assertEquals("input_0.png: output 'probabilities' has 1 values, the test vectors 2", size);
    }

    @Test
    void aMalformedFileStopsLoadingNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("expected.json"), "{\"cases\": []}");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TestVectors.read(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": unreadable test vectors"), e.getMessage());
    }
}
