package ai.emotion.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import ai.emotion.TestData;

/**
 * Video frames as JPEGs for the live socket: a face photo moving across a 640x480 frame (tests, benchmark), or
 * the frames of a Y4M video file (the video client; any video converts to Y4M with ffmpeg).
 */
public final class StreamFrames {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;

    private StreamFrames() {
    }

    /**
     * {@code count} 640x480 frames of one photo's face sliding left and right by up to 40 px (a head moving as in
     * a webcam stream): the same face in every frame, so one track id.
     */
    public static List<byte[]> movingFace(Path photo, int count) {
        BufferedImage face = read(photo);
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int dx = (int) Math.round(40 * Math.sin(2 * Math.PI * i / 50.0));
            BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = canvas.createGraphics();
            g.setColor(new Color(120, 120, 120));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int w = 300;
            int h = Math.min(HEIGHT - 20, w * face.getHeight() / face.getWidth());
            g.drawImage(face, 170 + dx, (HEIGHT - h) / 2, w, h, null);
            g.dispose();
            frames.add(TestData.encode(canvas, "jpg"));
        }
        return frames;
    }

    /** The first landmark photo from ../shared as a moving face (skips the calling test without the data). */
    public static List<byte[]> movingFace(int count) {
        return movingFace(TestData.landmarkPhotos(1).get(0).file(), count);
    }

    /** The frame rate a Y4M header states (F<num>:<den>), 25 when it states none. */
    public static double y4mFrameRate(Path y4m) throws IOException {
        try (InputStream in = Files.newInputStream(y4m)) {
            for (String token : headerLine(new DataInputStream(in)).split(" ")) {
                if (token.startsWith("F")) {
                    String[] f = token.substring(1).split(":");
                    return Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
                }
            }
        }
        return 25;
    }

    /**
     * Each frame of a Y4M file (4:2:0, the colour space of ffmpeg's and Chromium's Y4M) as a JPEG, in order, to
     * {@code frames}: read one at a time, so a long video needs no memory.
     */
    public static void readY4m(Path y4m, Consumer<byte[]> frames) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(y4m)))) {
            int width = 0;
            int height = 0;
            for (String token : headerLine(in).split(" ")) {
                if (token.startsWith("W")) {
                    width = Integer.parseInt(token.substring(1));
                } else if (token.startsWith("H")) {
                    height = Integer.parseInt(token.substring(1));
                } else if (token.startsWith("C") && !token.startsWith("C420")) {
                    throw new IOException(y4m + ": only 4:2:0 Y4M is read, not " + token);
                }
            }
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            byte[] y = new byte[width * height];
            byte[] u = new byte[cw * ch];
            byte[] v = new byte[cw * ch];
            while (true) {
                try {
                    headerLine(in); // FRAME[ params]
                } catch (EOFException end) {
                    return;
                }
                in.readFully(y);
                in.readFully(u);
                in.readFully(v);
                frames.accept(TestData.encode(rgb(y, u, v, width, height, cw), "jpg"));
            }
        }
    }

    /** BT.601 full-range YUV to RGB (JPEG's own conversion). */
    private static BufferedImage rgb(byte[] y, byte[] u, byte[] v, int width, int height, int cw) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double luma = y[row * width + col] & 0xff;
                double cb = (u[(row / 2) * cw + col / 2] & 0xff) - 128;
                double cr = (v[(row / 2) * cw + col / 2] & 0xff) - 128;
                int r = clamp(luma + 1.402 * cr);
                int g = clamp(luma - 0.344136 * cb - 0.714136 * cr);
                int b = clamp(luma + 1.772 * cb);
                img.setRGB(col, row, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static String headerLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.readUnsignedByte(); b != '\n'; b = in.readUnsignedByte()) {
            line.append((char) b);
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
    }

    private static BufferedImage read(Path photo) {
        try {
            TestData.assumePresent(photo);
            return ImageIO.read(photo.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
