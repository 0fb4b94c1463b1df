package ai.emotion.vision;

import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;


import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/**
 * Base64 or raw bytes to OpenCV images, with the size limits checked before the pixels are decoded. EXIF
 * orientation is applied (OpenCV does it for every flag but IMREAD_UNCHANGED), alpha dropped.
 */
@ApplicationScoped
public class ImageDecoder {
    private static final Pattern DATA_URI = Pattern.compile("^data:image/[A-Za-z0-9.+-]+;base64,");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Map<Integer, Integer> REDUCED_COLOR = Map.of(2, Imgcodecs.IMREAD_REDUCED_COLOR_2,
            4, Imgcodecs.IMREAD_REDUCED_COLOR_4, 8, Imgcodecs.IMREAD_REDUCED_COLOR_8);

    private final EmotionAiConfig.Limits limits;
    private final int detectionMaxSide;

    public ImageDecoder(EmotionAiConfig config) {
        this.limits = config.limits();
        this.detectionMaxSide = config.faceDetector().maxSide();
    }

    /** The longest side the face detector runs on (emotion-ai.face-detector.max-side). */
    public int detectionMaxSide() {
        return detectionMaxSide;
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

    /** Decodes to an 8-bit gray Mat tracked by {@code scope} (a color image: luma, as COLOR_BGR2GRAY weighs it). */
    public Mat decodeGray(byte[] bytes, MatScope scope) {
        checkLimits(bytes);
        return decode(encoded(bytes, scope), Imgcodecs.IMREAD_GRAYSCALE, scope);
    }

    public static Mat toGray(Mat bgr, MatScope scope) {
        Mat gray = scope.newMat();
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        return gray;
    }

    /**
     * A whole photo: full-resolution gray for the crops and a small BGR view for the face detector. A JPEG
     * at least twice the detector's size is decoded twice, gray only and at 1/2, 1/4 or 1/8 scale through
     * libjpeg's DCT scaling: both together cost less than one full colour decode plus a gray conversion and a
     * resize, and far less on large photos (docs/benchmarks.md).
     */
    public Photo decodePhoto(byte[] bytes, MatScope scope) {
        ImageHeader header = checkLimits(bytes);
        int reduction = header.isJpeg() ? jpegReduction(Math.max(header.width(), header.height())) : 1;
        MatOfByte encoded = encoded(bytes, scope);
        Mat gray;
        Mat view;
        if (reduction > 1) {
            gray = decode(encoded, Imgcodecs.IMREAD_GRAYSCALE, scope);
            view = decode(encoded, REDUCED_COLOR.get(reduction), scope);
        } else {
            view = decode(encoded, Imgcodecs.IMREAD_COLOR, scope);
            gray = toGray(view, scope);
        }
        return Photo.withView(gray, view, reduction, detectionMaxSide, scope);
    }

    /** A photo of an already decoded BGR image (a video frame); {@code bgr} stays owned by the caller's scope. */
    public Photo photoOf(Mat bgr, MatScope scope) {
        return Photo.withView(toGray(bgr, scope), bgr, 1, detectionMaxSide, scope);
    }

    /** The largest of 1, 2, 4, 8 that leaves the longest side at least the detector's size. */
    private int jpegReduction(long longestSide) {
        int reduction = 1;
        while (reduction < 8 && longestSide / (reduction * 2) >= detectionMaxSide) {
            reduction *= 2;
        }
        return reduction;
    }

    private static MatOfByte encoded(byte[] bytes, MatScope scope) {
        return (MatOfByte) scope.track(new MatOfByte(bytes));
    }

    private Mat decode(MatOfByte encoded, int flags, MatScope scope) {
        Mat image = scope.track(Imgcodecs.imdecode(encoded, flags));
        if (image.empty()) {
            throw new ApiException(ErrorCode.UNDECODABLE_IMAGE, "the image could not be decoded (not a format "
                    + "OpenCV reads, or truncated)");
        }
        checkPixels((long) image.cols() * image.rows());
        return image;
    }

    /**
     * Refuses empty, oversized and unaccepted images before decoding: the format by its signature (415 for a
     * known format outside {@link ImageHeader#ACCEPTED}, 400 for bytes of none), the pixel size from its header
     * (400 when the header cannot be read).
     */
    private ImageHeader checkLimits(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the image is empty");
        }
        if (bytes.length > limits.maxImageBytes()) {
            throw tooManyBytes(bytes.length);
        }
        String format = ImageHeader.sniff(bytes).orElseThrow(() -> ImageHeader.refused(bytes)
                .map(name -> new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the image is " + name
                        + "; send " + ImageHeader.ACCEPTED))
                .orElseGet(() -> new ApiException(ErrorCode.UNDECODABLE_IMAGE, "the bytes are not an image ("
                        + ImageHeader.ACCEPTED + ", judged by the first bytes)")));
        ImageHeader header = ImageHeader.read(format, bytes).orElseThrow(() -> new ApiException(
                ErrorCode.UNDECODABLE_IMAGE, "the " + format + " header cannot be read (truncated or corrupt)"));
        if (header.width() < 1 || header.height() < 1) {
            throw new ApiException(ErrorCode.UNDECODABLE_IMAGE, "the " + format + " header gives no pixels");
        }
        checkPixels(header.pixels());
        return header;
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
