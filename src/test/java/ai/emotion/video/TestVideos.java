package ai.emotion.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;

import ai.emotion.TestData;

/**
 * Test videos made by the tests: one person's ordered video frames from ../shared/data/landmarks68 (YouTube Faces
 * frames, "<person>_<frame>.jpg"), each held for a few video frames on a gray canvas, encoded as H.264 in MP4 by
 * JCodec, the decoder the service uses.
 */
public final class TestVideos {
    private TestVideos() {
    }

    /** The frames of the first person (by name) with at least {@code minFrames} of them, in order. */
    public static List<Path> personFrames(int minFrames) {
        Path images = TestData.LANDMARKS.resolve("images");
        TestData.assumePresent(images);
        Map<String, List<Path>> byPerson = new TreeMap<>();
        try (Stream<Path> files = Files.list(images)) {
            files.filter(f -> f.getFileName().toString().matches(".+_\\d+\\.jpg")).sorted().forEach(f -> byPerson
                    .computeIfAbsent(f.getFileName().toString().replaceAll("_\\d+\\.jpg$", ""),
                            k -> new java.util.ArrayList<>()).add(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byPerson.values().stream().filter(l -> l.size() >= minFrames).findFirst()
                .orElseThrow(() -> new AssertionError("no person with " + minFrames + " frames in " + images));
    }

    /**
     * An MP4 of {@code photos} in order, each held for {@code hold} frames at {@code fps}, drawn {@code side} px
     * tall on a {@code width}x{@code height} canvas and drifting a few pixels (a head that moves).
     */
    public static byte[] clip(List<Path> photos, int hold, int fps, int width, int height, int side) {
        try {
            Path file = Files.createTempFile("test-video-", ".mp4");
            try {
                SeekableByteChannel out = NIOUtils.writableChannel(file.toFile());
                try {
                    SequenceEncoder encoder = SequenceEncoder.createWithFps(out, Rational.R(fps, 1));
                    int n = 0;
                    for (Path photo : photos) {
                        BufferedImage face = ImageIO.read(photo.toFile());
                        for (int i = 0; i < hold; i++, n++) {
                            int dx = (int) Math.round(12 * Math.sin(2 * Math.PI * n / 40.0));
                            encoder.encodeNativeFrame(rgb(canvas(face, width, height, side, dx)));
                        }
                    }
                    encoder.finish();
                } finally {
                    NIOUtils.closeQuietly(out);
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Leaves the clip at target/browser-tests/person-clip.mp4 for the demo page's video test (src/test/browser),
     * which runs after Maven and cannot encode H.264 itself.
     */
    public static void keepForBrowserTests(byte[] clip) {
        try {
            Path folder = Path.of("target", "browser-tests");
            Files.createDirectories(folder);
            Files.write(folder.resolve("person-clip.mp4"), clip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage canvas(BufferedImage face, int width, int height, int side, int dx) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, width, height);
        int w = side * face.getWidth() / face.getHeight();
        g.drawImage(face, (width - w) / 2 + dx, (height - side) / 2, w, side, null);
        g.dispose();
        return canvas;
    }

    /** JCodec's RGB picture (samples stored as value - 128). */
    private static Picture rgb(BufferedImage img) {
        Picture p = Picture.create(img.getWidth(), img.getHeight(), ColorSpace.RGB);
        byte[] data = p.getPlaneData(0);
        int at = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                data[at++] = (byte) (((c >> 16) & 0xff) - 128);
                data[at++] = (byte) (((c >> 8) & 0xff) - 128);
                data[at++] = (byte) ((c & 0xff) - 128);
            }
        }
        return p;
    }
}
