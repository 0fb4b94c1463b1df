package ai.emotion.vision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The format and pixel size of an encoded image, read from its first bytes before anything is decoded. Only
 * formats whose size can be read this way are accepted: a decoder given a format without that check (HDR,
 * PFM, JPEG 2000, PxM, Sun raster) allocates whatever its header claims, and some of OpenCV's write temporary
 * files as large as the upload.
 */
public record ImageHeader(String format, long width, long height) {
    public static final String ACCEPTED = "JPEG, PNG, WebP, BMP or TIFF";

    public long pixels() {
        return width * height;
    }

    public boolean isJpeg() {
        return "jpeg".equals(format);
    }

    /** The format by its signature, or empty when it is not one of {@link #ACCEPTED}. */
    static Optional<String> sniff(byte[] b) {
        if (starts(b, 0xff, 0xd8, 0xff)) {
            return Optional.of("jpeg");
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of("png");
        }
        if (b.length >= 16 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return Optional.of("webp");
        }
        if (starts(b, 'B', 'M')) {
            return Optional.of("bmp");
        }
        if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) {
            return Optional.of("tiff");
        }
        return Optional.empty();
    }

    /**
     * A format OpenCV could decode but the service refuses (its size cannot be checked first, or it is not a
     * photo format), by its signature; empty for bytes of no known format.
     */
    static Optional<String> refused(byte[] b) {
        if (starts(b, '#', '?')) {
            return Optional.of("Radiance HDR");
        }
        if (starts(b, 'P', 'F') || starts(b, 'P', 'f')) {
            return Optional.of("PFM");
        }
        if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') {
            return Optional.of("PxM (PBM/PGM/PPM/PAM)");
        }
        if (starts(b, 0x00, 0x00, 0x00, 0x0c, 'j', 'P', ' ', ' ') || starts(b, 0xff, 0x4f, 0xff, 0x51)) {
            return Optional.of("JPEG 2000");
        }
        if (starts(b, 0x59, 0xa6, 0x6a, 0x95)) {
            return Optional.of("Sun raster");
        }
        if (starts(b, 0x76, 0x2f, 0x31, 0x01)) {
            return Optional.of("OpenEXR");
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return Optional.of("GIF");
        }
        return Optional.empty();
    }

    /** The header of an image of an accepted format, or empty when its size cannot be read from it. */
    static Optional<ImageHeader> read(String format, byte[] bytes) {
        if ("webp".equals(format)) {
            return webp(bytes);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new ImageHeader(format, reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a header ImageIO cannot parse
        }
    }

    /** WebP's three bitstreams: lossy (VP8), lossless (VP8L) and extended (VP8X, whose canvas size counts). */
    static Optional<ImageHeader> webp(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> startsAt(b, 23, 0x9d, 0x01, 0x2a)
                    ? Optional.of(new ImageHeader("webp", le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff))
                    : Optional.empty();
            case "VP8L" -> {
                if ((b[20] & 0xff) != 0x2f) {
                    yield Optional.empty();
                }
                long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
                yield Optional.of(new ImageHeader("webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1));
            }
            case "VP8X" -> Optional.of(new ImageHeader("webp", le24(b, 24) + 1, le24(b, 27) + 1));
            default -> Optional.empty();
        };
    }

    private static boolean starts(byte[] b, int... signature) {
        return startsAt(b, 0, signature);
    }

    private static boolean startsAt(byte[] b, int at, int... signature) {
        if (b.length < at + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((b[at + i] & 0xff) != (signature[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static long le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long le24(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16;
    }
}
