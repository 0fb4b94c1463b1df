package ai.emotion.geometry;

import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point;

/**
 * Head pose from a face's 68 iBUG landmarks: OpenCV's solvePnP (SQPnP, a global solver: no initial guess, no
 * local minimum) fits the {@link MeanFace} to the landmarks under a pinhole camera with the focal length equal to
 * the photo's longer side and the principal point at its centre (the usual guess for an uncalibrated photo, about
 * a 53-degree field of view), then the rotation is read as roll-yaw-pitch angles.
 */
public final class HeadPoseEstimator {
    private HeadPoseEstimator() {
    }

    /** The pose, or null without landmarks (a keypoint model without the 68-landmark output). */
    public static HeadPose estimate(double[] landmarks68, int imageWidth, int imageHeight) {
        if (landmarks68 == null || landmarks68.length != 136) {
            return null;
        }
        Point[] image = new Point[MeanFace.size()];
        for (int i = 0; i < image.length; i++) {
            int k = MeanFace.landmark(i);
            image[i] = new Point(landmarks68[2 * k], landmarks68[2 * k + 1]);
        }
        double focal = Math.max(imageWidth, imageHeight);
        MatOfPoint3f model = MeanFace.points();
        MatOfPoint2f observed = new MatOfPoint2f(image);
        Mat camera = Mat.eye(3, 3, CvType.CV_64F);
        MatOfDouble distortion = new MatOfDouble(0, 0, 0, 0);
        Mat rvec = new Mat();
        Mat tvec = new Mat();
        Mat rotation = new Mat();
        try {
            camera.put(0, 0, focal, 0, imageWidth / 2.0, 0, focal, imageHeight / 2.0, 0, 0, 1);
            if (!Calib3d.solvePnP(model, observed, camera, distortion, rvec, tvec, false, Calib3d.SOLVEPNP_SQPNP)) {
                return null;
            }
            Calib3d.Rodrigues(rvec, rotation);
            double[] r = new double[9];
            rotation.get(0, 0, r);
            return angles(r);
        } finally {
            model.release();
            observed.release();
            camera.release();
            distortion.release();
            rvec.release();
            tvec.release();
            rotation.release();
        }
    }

    /**
     * R = Rz(roll) Ry(b) Rx(a) (row-major r), then the signs of {@link HeadPose}: with y down and z away from the
     * camera, the nose tip (z &lt; 0) moves to the image's right under a negative b and up under a negative a, hence
     * yaw = -b and pitch = -a; a positive roll moves the image-right eye down, clockwise on screen.
     */
    static HeadPose angles(double[] r) {
        double yaw = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -r[6]))));
        double pitch = Math.toDegrees(Math.atan2(r[7], r[8]));
        double roll = Math.toDegrees(Math.atan2(r[3], r[0]));
        return new HeadPose(round(-yaw), round(-pitch), round(roll));
    }

    private static double round(double degrees) {
        return Math.round(degrees * 10) / 10.0;
    }
}
