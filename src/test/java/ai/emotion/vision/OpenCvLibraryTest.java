package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import ai.emotion.TestConfig;

/** Where OpenCV's native library comes from: a pre-extracted file when one is configured, else the jar. */
class OpenCvLibraryTest {
    @TempDir
    Path dir;

    @Test
    void aPreExtractedLibraryIsLoadedInPlace() throws IOException {
        Path file = dir.resolve(System.mapLibraryName(Core.NATIVE_LIBRARY_NAME));
        // The file a container image or a Lambda layer ships: the openpnp jar's linux-x64 library.
        try (InputStream in = nu.pattern.OpenCV.class.getResourceAsStream(
                "/nu/pattern/opencv/linux/x86_64/" + file.getFileName())) {
            assumeTrue(in != null, "linux-x64 only");
            Files.copy(in, file);
        }
        assertEquals(file.toString(), library(file.toString()).load());
        assertOpenCvWorks();
    }

    @Test
    void aMissingFileFallsBackToTheJarsCopy() {
        String from = library(dir.resolve("absent.so").toString()).load();
        assertTrue(from.contains("openpnp"), from);
        assertOpenCvWorks();
    }

    private static OpenCvLibrary library(String path) {
        return new OpenCvLibrary(TestConfig.with(Map.of("emotion-ai.opencv.library", path)));
    }

    private static void assertOpenCvWorks() {
        Mat m = Mat.ones(3, 3, CvType.CV_8UC1);
        try {
            assertEquals(9, Core.sumElems(m).val[0]);
        } finally {
            m.release();
        }
    }
}
