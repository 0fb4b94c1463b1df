package ai.emotion.vision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/** Base64 or raw bytes to a gray OpenCV image, with the size limits checked before the pixels are. */
@ApplicationScoped
public class ImageDecoder {
    private static final Pattern DATA_URI = Pattern.compile("^data:image/[A-Za-z0-9.+-]+;base64,");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final EmotionAiConfig.Limits limits;

    public ImageDecoder(EmotionAiConfig config) {
        this.limits = config.limits();
    }

    public byte[] decodeBase64(String image) {
        if (image == null || image.isBlank()) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "field 'image' is missing or empty");
        }
        String payload = DATA_URI.matcher(image).replaceFirst("");
        payload = WHITESPACE.matcher(payload).replaceAll("");
        if ((long) payload.length() * 3 / 4 > limits.maxImageBytes()) {
            throw tooManyBytes((long) payload.length() * 3 / 4);
        }
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_BASE64, "field 'image' is not valid base64: " + e.getMessage());
        }
    }

    /** Decodes to an 8-bit gray Mat tracked by {@code scope}. */
    public Mat decodeGray(byte[] bytes, MatScope scope) {
        return toGray(decodeColor(bytes, scope), scope);
    }

    public static Mat toGray(Mat bgr, MatScope scope) {
        Mat gray = scope.newMat();
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        return gray;
    }

    /**
     * Decodes to an 8-bit BGR Mat tracked by {@code scope}: EXIF orientation applied, gray images expanded,
     * alpha dropped.
     */
    public Mat decodeColor(byte[] bytes, MatScope scope) {
        if (bytes.length == 0) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the image is empty");
        }
        if (bytes.length > limits.maxImageBytes()) {
            throw tooManyBytes(bytes.length);
        }
        checkHeaderPixels(bytes);
        MatOfByte buffer = (MatOfByte) scope.track(new MatOfByte(bytes));
        // IMREAD_COLOR applies EXIF orientation; gray conversion then matches the training's COLOR_BGR2GRAY.
        Mat color = scope.track(Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR));
        if (color.empty()) {
            throw new ApiException(ErrorCode.UNDECODABLE_IMAGE, "the image could not be decoded (not a format "
                    + "OpenCV reads, or truncated)");
        }
        checkPixels((long) color.cols() * color.rows());
        return color;
    }

    /** Refuses oversized images from their header, before the pixels are decoded (formats ImageIO knows). */
    private void checkHeaderPixels(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels((long) reader.getWidth(0) * reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // a header ImageIO cannot parse: OpenCV decides below
        }
    }

    private void checkPixels(long pixels) {
        if (pixels > limits.maxPixels()) {
            throw new ApiException(ErrorCode.IMAGE_TOO_LARGE, "the image has " + pixels
                    + " pixels; the limit is " + limits.maxPixels());
        }
    }

    private ApiException tooManyBytes(long bytes) {
        return new ApiException(ErrorCode.IMAGE_TOO_LARGE, "the image has " + bytes
                + " bytes; the limit is " + limits.maxImageBytes());
    }
}
