package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.emotion.TestConfig;
import ai.emotion.TestData;

/**
 * Whole-photo decoding: a large JPEG's detector view comes from libjpeg's reduced decode, and must look like
 * the full decode scaled down; the gray photo must match OpenCV's own colour-to-gray conversion.
 */
class ImageDecoderTest {
    private static final ImageDecoder DECODER = new ImageDecoder(TestConfig.defaults());

    @BeforeAll
    static void openCv() {
        nu.pattern.OpenCV.loadLocally();
    }

    /** A landscape 4:3 photo {@code width} px wide holding a landmark photo's face, tinted, as JPEG. */
    static byte[] colourJpeg(int width) throws IOException {
        BufferedImage face = ImageIO.read(TestData.landmarkPhotos(1).get(0).file().toFile());
        int height = width * 3 / 4;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face, width / 4, 0, height * face.getWidth() / face.getHeight(), height, null);
        g.setColor(new java.awt.Color(255, 120, 0, 60));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return TestData.encode(img, "jpg");
    }

    @Test
    void largeJpegGetsAReducedDecodeForTheDetectorAndFullResolutionGray() throws IOException {
        byte[] jpeg = colourJpeg(1600);
        try (MatScope scope = new MatScope()) {
            Photo photo = DECODER.decodePhoto(jpeg, scope);
            Mat colour = scope.track(Imgcodecs.imdecode(scope.track(new MatOfByte(jpeg)), Imgcodecs.IMREAD_COLOR));
            assertEquals(colour.cols(), photo.width());
            assertEquals(colour.rows(), photo.height());
            assertEquals(320, Math.max(photo.detectionView().cols(), photo.detectionView().rows()));
            assertEquals(0.2, photo.detectionScale(), 1e-9); // 1/4 from libjpeg, then 400 -> 320 px

            Mat expectedGray = ImageDecoder.toGray(colour, scope);
            assertTrue(meanAbsDiff(photo.gray(), expectedGray, scope) < 1.0, "gray differs from BGR2GRAY");
            Mat expectedView = scope.newMat();
            Imgproc.resize(colour, expectedView, photo.detectionView().size(), 0, 0, Imgproc.INTER_AREA);
            assertTrue(meanAbsDiff(photo.detectionView(), expectedView, scope) < 2.0, "view differs from a resize");
        }
    }

    @Test
    void smallPhotosAndPngsAreDecodedOnce() throws IOException {
        byte[] png = TestData.encode(ImageIO.read(new java.io.ByteArrayInputStream(colourJpeg(1000))), "png");
        try (MatScope scope = new MatScope()) {
            Photo photo = DECODER.decodePhoto(png, scope);
            assertEquals(1000, photo.width());
            assertEquals(0.32, photo.detectionScale(), 1e-9);
            assertEquals(new Size(320, Math.round(photo.height() * 0.32)), photo.detectionView().size());
            Photo small = DECODER.decodePhoto(colourJpeg(500), scope);
            assertEquals(0.64, small.detectionScale(), 1e-9);
            assertEquals(500, small.width());
        }
    }

    static double meanAbsDiff(Mat a, Mat b, MatScope scope) {
        Mat diff = scope.newMat();
        Core.absdiff(a, b, diff);
        return Core.mean(diff).val[0];
    }
}
