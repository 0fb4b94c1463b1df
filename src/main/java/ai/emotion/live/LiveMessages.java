package ai.emotion.live;

import ai.emotion.tracking.FaceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.dto.AnalyzeResponse;
import ai.emotion.dto.AnalyzeResponse.Box;
import ai.emotion.dto.AnalyzeResponse.Emotion;
import ai.emotion.dto.AnalyzeResponse.ImageSize;
import ai.emotion.dto.AnalyzeResponse.Point;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.PhotoResult;
import ai.emotion.translate.Keypoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON text messages the live socket sends, each with a {@code type}: hello (on open), options (the
 * connection's options after a control message), result (one per served frame), error. Faces reuse the analyze
 * answer's box, emotion and point shapes. Jackson writes them outside any REST signature, so a native executable
 * needs them registered (the analyze shapes are, as a REST answer).
 */
@RegisterForReflection(targets = { LiveMessages.Limits.class, LiveMessages.Hello.class, LiveMessages.Options.class,
        LiveMessages.Dropped.class, LiveMessages.Face.class, LiveMessages.Result.class, LiveMessages.Error.class,
        LiveOptions.View.class })
final class LiveMessages {
    static final int PROTOCOL = 1;

    private LiveMessages() {
    }

    record Limits(@JsonProperty("max_frame_bytes") int maxFrameBytes, @JsonProperty("max_fps") int maxFps,
            @JsonProperty("max_connections") int maxConnections) {
    }

    record Hello(@JsonProperty("type") String type, @JsonProperty("protocol") int protocol,
            @JsonProperty("limits") Limits limits, @JsonProperty("options") LiveOptions.View options) {
        Hello(Limits limits, LiveOptions options) {
            this("hello", PROTOCOL, limits, options.view());
        }
    }

    record Options(@JsonProperty("type") String type, @JsonProperty("options") LiveOptions.View options) {
        Options(LiveOptions options) {
            this("options", options.view());
        }
    }

    /** How many frames of this connection were dropped so far: replaced by a newer one, or over the rate. */
    record Dropped(@JsonProperty("superseded") long superseded, @JsonProperty("rate") long rate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Face(
            @JsonProperty("track_id") long trackId,
            @JsonProperty("box") Box box,
            @JsonProperty("score") double score,
            @JsonProperty("emotion") Emotion emotion,
            @JsonProperty("keypoints") List<Keypoint> keypoints,
            @JsonProperty("landmarks5") List<Point> landmarks5,
            @JsonProperty("landmarks68") List<Point> landmarks68,
            @JsonProperty("head_pose") AnalyzeResponse.Pose headPose,
            @JsonProperty("quality") AnalyzeResponse.Quality quality,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("models") Map<String, Object> models) {
    }

    record Result(
            @JsonProperty("type") String type,
            @JsonProperty("frame") long frame,
            @JsonProperty("image") ImageSize image,
            @JsonProperty("detector") String detector,
            @JsonProperty("faces") List<Face> faces,
            @JsonProperty("model_versions") Map<String, String> modelVersions,
            @JsonProperty("server_ms") double serverMs,
            @JsonProperty("dropped") Dropped dropped) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(@JsonProperty("type") String type, @JsonProperty("frame") Long frame,
            @JsonProperty("error") String error, @JsonProperty("code") String code) {
        Error(Long frame, ErrorCode code, String message) {
            this("error", frame, message, code.name());
        }
    }

    /** A served frame's message: the analysis in the analyze answer's shapes, with track ids and smoothed emotion. */
    static Result result(long frame, PhotoResult photo, List<FaceTracker.Tracked> tracked, boolean landmarks68,
            double serverMs, Dropped dropped) {
        AnalyzeResponse shaped = AnalyzeResponse.of(photo, landmarks68);
        List<Face> faces = new ArrayList<>(tracked.size());
        for (int i = 0; i < tracked.size(); i++) {
            FaceTracker.Tracked t = tracked.get(i);
            AnalyzeResponse.Face f = shaped.faces().get(i);
            faces.add(new Face(t.trackId(), f.box(), f.score(),
                    new Emotion(t.emotion(), t.confidence(), t.probabilities()), f.keypoints(), f.landmarks5(),
                    f.landmarks68(), f.headPose(), f.quality(), f.models()));
        }
        return new Result("result", frame, shaped.image(), shaped.detector(), faces, shaped.modelVersions(),
                Math.round(serverMs * 10) / 10.0, dropped);
    }
}
