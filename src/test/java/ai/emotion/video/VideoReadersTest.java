package ai.emotion.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.vision.MatScope;

/**
 * Both decoders against ffmpeg's own decoding of committed synthetic clips (src/test/resources/video): frames in
 * display order with B-frames, the display matrix applied, the same pixels; and what each refuses.
 */
class VideoReadersTest {
    enum Reader {
        FFMPEG(file -> FfmpegVideoReader.open(file, 2_073_600)), JCODEC(JcodecVideoReader::open);

        final Function<Path, VideoReader> open;

        Reader(Function<Path, VideoReader> open) {
            this.open = open;
        }
    }

    @BeforeAll
    static void opencv() {
        nu.pattern.OpenCV.loadLocally();
    }

    static Path clip(String name) {
        try {
            return Path.of(VideoReadersTest.class.getResource("/video/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mean absolute difference of two BGR images of the same size, 0-255. */
    static double difference(Mat a, Mat b) {
        assertEquals(a.size(), b.size(), "frame size");
        Mat diff = new Mat();
        Core.absdiff(a, b, diff);
        double[] mean = Core.mean(diff).val;
        diff.release();
        return (mean[0] + mean[1] + mean[2]) / 3;
    }

    @ParameterizedTest
    @EnumSource(Reader.class)
    void bFramesComeInDisplayOrderWithFfmpegsPixels(Reader reader) {
        Mat expected = Imgcodecs.imread(clip("bframes-frame7.png").toString());
        List<Double> times = new ArrayList<>();
        try (VideoReader video = reader.open.apply(clip("bframes-high.mp4")); MatScope scope = new MatScope()) {
            assertEquals(160, video.info().width());
            assertEquals(3.0, video.info().duration(), 0.11);
            for (VideoReader.Decoded frame = video.next(); frame != null; frame = video.next()) {
                if (times.size() == 7) {
                    assertTrue(difference(expected, frame.bgr(scope)) < 3, "frame 7 is ffmpeg's frame 7");
                }
                times.add(frame.time());
            }
        }
        assertEquals(30, times.size(), "every frame");
        for (int i = 0; i < times.size(); i++) {
            assertEquals(i / 10.0, times.get(i), 0.011, "frame " + i + " at its display time: " + times);
        }
    }

    @ParameterizedTest
    @EnumSource(Reader.class)
    void theDisplayMatrixTurnsFramesUpright(Reader reader) {
        Mat expected = Imgcodecs.imread(clip("rotated-frame0.png").toString());
        try (VideoReader video = reader.open.apply(clip("rotated.mp4")); MatScope scope = new MatScope()) {
            Mat first = video.next().bgr(scope);
            assertEquals(120, first.cols(), "upright: as wide as the stored frame is tall");
            assertTrue(difference(expected, first) < 3, "the frame ffmpeg shows");
        }
    }

    @Test
    void ffmpegReadsWebmThatJcodecRefuses() {
        try (VideoReader video = Reader.FFMPEG.open.apply(clip("vp8.webm"))) {
            assertEquals("vp8", video.info().codec());
            assertTrue(video.next() != null);
        }
        ApiException refused = assertThrows(ApiException.class, () -> Reader.JCODEC.open.apply(clip("vp8.webm")));
        assertEquals(ErrorCode.UNDECODABLE_VIDEO, refused.code());
    }

    @ParameterizedTest
    @EnumSource(Reader.class)
    void brokenFilesAreUndecodableVideos(Reader reader, @TempDir Path folder) throws IOException {
        byte[] clip = Files.readAllBytes(clip("bframes-high.mp4"));
        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        for (byte[] bytes : List.of(noise, Arrays.copyOf(clip, 200), new byte[0], "GIF89a".getBytes())) {
            Path file = Files.write(folder.resolve("broken.mp4"), bytes);
            ApiException e = assertThrows(ApiException.class, () -> {
                try (VideoReader video = reader.open.apply(file)) {
                    while (video.next() != null) {
                        // a reader that opens must fail while decoding
                    }
                }
            });
            assertEquals(ErrorCode.UNDECODABLE_VIDEO, e.code());
        }
    }
}
