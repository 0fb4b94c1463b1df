package ai.emotion;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real faces and photos from ../shared, read at test time (the data never enters the repository). Without the
 * data a test that needs it is skipped with a message saying so (a fresh clone's tests pass; CI has the data).
 */
public final class TestData {
    public static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"));
    public static final Path FER_CSV = SHARED.resolve("data/fer2013/fer2013.csv.gz");
    public static final Path LANDMARKS = SHARED.resolve("data/landmarks68");

    private TestData() {
    }

    /** Skips the calling test (or test class, from a @BeforeAll) when {@code data} is absent. */
    public static void assumePresent(Path data) {
        Assumptions.assumeTrue(Files.exists(data), () -> data.toAbsolutePath() + " is absent: this test needs the "
                + "shared data beside the repository (../shared, or -Dshared.dir=DIR), so it is skipped");
    }

    /** The first {@code n} faces of one FER2013 class (id 0..6) in one usage, as PNG bytes. */
    public static List<byte[]> ferFaces(String usage, int ferId, int n) {
        assumePresent(FER_CSV);
        List<byte[]> faces = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(FER_CSV)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null && faces.size() < n; line = in.readLine()) {
                String[] f = line.split(",");
                if (f[2].equals(usage) && Integer.parseInt(f[0]) == ferId) {
                    faces.add(png(f[1].split(" "), 48));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return faces;
    }

    /**
     * The first bytes of a real {@code width x height} PNG: signature and IHDR, no pixel data. A header check
     * refuses it by its size (413); without one the decoder fails on it (400), so a test can tell the two apart.
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        byte[] png = encode(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png");
        return java.util.Arrays.copyOf(png, 8 + 25);
    }

    /** A FER2013 face and its class id. */
    public record FerFace(int ferId, byte[] png) {
    }

    /** The first {@code n} faces of one usage in file order (every class, as the split has them). */
    public static List<FerFace> ferRows(String usage, int n) {
        assumePresent(FER_CSV);
        List<FerFace> faces = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(FER_CSV)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null && faces.size() < n; line = in.readLine()) {
                String[] f = line.split(",");
                if (f[2].equals(usage)) {
                    faces.add(new FerFace(Integer.parseInt(f[0]), png(f[1].split(" "), 48)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return faces;
    }

    /** A number from a committed model's model.json, e.g. metric("keypoints/1", "metrics", "nme_interocular"). */
    public static double metric(String model, String... path) {
        JsonNode node = modelJson(model);
        for (String key : path) {
            node = node.path(key);
        }
        if (!node.isNumber()) {
            throw new IllegalStateException("models-onnx/" + model + "/model.json has no number at " + List.of(path));
        }
        return node.asDouble();
    }

    static JsonNode modelJson(String model) {
        try {
            return new ObjectMapper().readTree(Path.of("models-onnx", model, "model.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} landmark photos of the people keypoints/1 was validated on (never trained on), spread over them:
     * every k-th photo of those people in file order.
     */
    public static List<LandmarkPhoto> heldOutLandmarkPhotos(int n) {
        Set<String> people = new HashSet<>();
        modelJson("keypoints/1").path("training").path("validation_people").forEach(p -> people.add(p.asText()));
        List<LandmarkPhoto> heldOut = landmarkPhotos(Integer.MAX_VALUE).stream()
                .filter(p -> people.contains(personOf(p.file()))).toList();
        int step = Math.max(1, heldOut.size() / n);
        List<LandmarkPhoto> spread = new ArrayList<>();
        for (int i = 0; i < heldOut.size() && spread.size() < n; i += step) {
            spread.add(heldOut.get(i));
        }
        return spread;
    }

    /** The person of a landmark photo: the file name before {@code _<frame>.jpg}. */
    static String personOf(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        int cut = stem.lastIndexOf('_');
        return cut < 0 ? stem : stem.substring(0, cut);
    }

    private static byte[] png(String[] pixels, int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            img.getRaster().setSample(i % side, i / side, 0, Integer.parseInt(pixels[i]));
        }
        return encode(img, "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each of the 15 Kaggle keypoints as the mean of iBUG points [from, to) (conversion/emotion_ai_train/labels.py). */
    public static final int[][] KAGGLE_FROM_68 = { { 42, 48 }, { 36, 42 }, { 42, 43 }, { 45, 46 }, { 39, 40 },
            { 36, 37 }, { 22, 23 }, { 26, 27 }, { 21, 22 }, { 17, 18 }, { 30, 31 }, { 54, 55 }, { 48, 49 },
            { 51, 52 }, { 57, 58 } };

    public record LandmarkPhoto(Path file, double[][] points) {
        /** Kaggle keypoint {@code index} derived from the 68-point truth. */
        public double[] kaggle(int index) {
            return mean(KAGGLE_FROM_68[index][0], KAGGLE_FROM_68[index][1]);
        }

        public double[] mean(int from, int toExclusive) {
            double x = 0;
            double y = 0;
            for (int i = from; i < toExclusive; i++) {
                x += points[i][0];
                y += points[i][1];
            }
            int n = toExclusive - from;
            return new double[] { x / n, y / n };
        }

        /**
         * {x0, y0, side}: a square {@code margin} times the annotated points' extent, a little above their centre
         * (as a detector box with margin would be), kept inside a {@code width} x {@code height} photo.
         */
        public int[] square(double margin, int width, int height) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = 0;
            double maxY = 0;
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                minY = Math.min(minY, p[1]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
            int side = (int) (margin * Math.max(maxX - minX, maxY - minY));
            int x0 = Math.max(0, (int) ((minX + maxX - side) / 2));
            int y0 = Math.max(0, (int) ((minY + maxY - side) / 2) - side / 12);
            return new int[] { x0, y0, Math.min(side, Math.min(width - x0, height - y0)) };
        }
    }

    public static List<LandmarkPhoto> landmarkPhotos(int n) {
        assumePresent(LANDMARKS);
        List<LandmarkPhoto> photos = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(LANDMARKS.resolve("landmarks68.csv"))) {
            in.readLine();
            for (String line = in.readLine(); line != null && photos.size() < n; line = in.readLine()) {
                String[] f = line.split(",");
                double[][] pts = new double[68][2];
                for (int i = 0; i < 68; i++) {
                    pts[i][0] = Double.parseDouble(f[1 + 2 * i]);
                    pts[i][1] = Double.parseDouble(f[2 + 2 * i]);
                }
                photos.add(new LandmarkPhoto(LANDMARKS.resolve("images").resolve(f[0]), pts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return photos;
    }

    public static byte[] read(Path file) {
        assumePresent(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A models directory that links to the committed version folders named (a profile that serves a subset, e.g.
     * no face detector), created once under target/.
     */
    public static Path modelsWith(String dirName, String... versions) {
        Path root = Path.of("target", dirName).toAbsolutePath();
        try {
            for (String version : versions) {
                Path link = root.resolve(version);
                if (!Files.exists(link)) {
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of("models-onnx", version).toAbsolutePath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
