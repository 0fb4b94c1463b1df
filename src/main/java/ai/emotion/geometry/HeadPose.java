package ai.emotion.geometry;

/**
 * Head orientation in degrees, camera-relative, 0/0/0 for a face looking straight into the camera.
 * <ul>
 * <li>{@code yaw} &gt; 0: the head turns towards the image's right (the subject's left);</li>
 * <li>{@code pitch} &gt; 0: the head tilts up (chin raised);</li>
 * <li>{@code roll} &gt; 0: the head leans clockwise as the image is seen (the eye line's angle, y pointing down).</li>
 * </ul>
 * A mirrored photo flips the signs of yaw and roll.
 */
public record HeadPose(double yaw, double pitch, double roll) {
}
