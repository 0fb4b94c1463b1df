package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.dto.AnalyzeResponse.Box;
import ai.emotion.serving.PhotoResult;
import ai.emotion.tracking.FaceTracker;
import ai.emotion.video.AnalyzedFrame;
import ai.emotion.video.VideoSummary;

/**
 * A video's expressions over time: per track its timeline (the summary), and per analysed frame its faces when the
 * caller asked for frames. Times in seconds from the start, boxes in the video's pixels.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VideoResponse(
        @JsonProperty("video") Video video,
        @JsonProperty("analysis") Analysis analysis,
        @JsonProperty("detector") String detector,
        @JsonProperty("model_versions") Map<String, String> modelVersions,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("tracks") List<Track> tracks,
        @JsonProperty("frames") List<Frame> frames) {

    /** The header: frame size, duration, frame count, mean frame rate, codec. */
    public record Video(int width, int height, double duration, int frames, double fps, String codec) {
    }

    /** How the video was analysed: the rate, the frames decoded and analysed, and where the seconds went. */
    public record Analysis(
            @JsonProperty("fps") double fps,
            @JsonProperty("frames_decoded") long framesDecoded,
            @JsonProperty("frames_analyzed") long framesAnalyzed,
            @JsonProperty("seconds") VideoSummary.Timing seconds) {
    }

    /**
     * One face over the video: first and last time seen, analysed frames it was in, its most confident box, its
     * dominant expression with the mean confidence, the share of its frames per expression, the segments.
     */
    public record Track(
            @JsonProperty("id") long id,
            @JsonProperty("first") double first,
            @JsonProperty("last") double last,
            @JsonProperty("frames") int frames,
            @JsonProperty("box") Box box,
            @JsonProperty("emotion") String emotion,
            @JsonProperty("mean_confidence") double meanConfidence,
            @JsonProperty("emotion_share") Map<String, Double> share,
            @JsonProperty("segments") List<VideoSummary.Segment> segments) {
    }

    /** An analysed frame: its number among the analysed ones, its time, its faces. */
    public record Frame(
            @JsonProperty("index") long index,
            @JsonProperty("time") double time,
            @JsonProperty("faces") List<FrameFace> faces) {

        public static Frame of(AnalyzedFrame frame) {
            List<FrameFace> faces = new ArrayList<>(frame.faces().size());
            for (FaceTracker.Tracked t : frame.faces()) {
                PhotoResult.Face f = t.face();
                faces.add(new FrameFace(t.trackId(), Box.of(f.face()), AnalyzeResponse.score(f.face().score()),
                        f.emotion() == null ? null : f.emotion().emotion(),
                        f.emotion() == null ? null : f.emotion().confidence(),
                        f.emotion() == null ? null : f.emotion().probabilities(), t.emotion(), f.withheld()));
            }
            return new Frame(frame.index(), frame.time(), faces);
        }
    }

    /**
     * A face of a frame: its track, box and detector score, this frame's expression and probabilities (null when the
     * gate withheld them, emotion_withheld says why) and its track's smoothed expression.
     */
    public record FrameFace(
            @JsonProperty("track") long track,
            @JsonProperty("box") Box box,
            @JsonProperty("score") double score,
            @JsonProperty("emotion") String emotion,
            @JsonProperty("confidence") Double confidence,
            @JsonProperty("probabilities") Map<String, Double> probabilities,
            @JsonProperty("track_emotion") String trackEmotion,
            @JsonProperty("emotion_withheld") String emotionWithheld) {
    }

    /** The summary, with {@code frames} (null: not asked for). */
    public static VideoResponse of(VideoSummary s, List<Frame> frames) {
        List<Track> tracks = new ArrayList<>(s.tracks().size());
        for (VideoSummary.Track t : s.tracks()) {
            tracks.add(new Track(t.id(), t.first(), t.last(), t.frames(), Box.of(t.box()), t.dominant(),
                    t.meanConfidence(), t.shares(), t.segments()));
        }
        var v = s.video();
        return new VideoResponse(new Video(v.width(), v.height(), Math.round(v.duration() * 1000) / 1000.0,
                v.frames(), Math.round(v.fps() * 100) / 100.0, v.codec()),
                new Analysis(s.fps(), s.framesDecoded(), s.framesAnalyzed(), s.timing()), s.detector(),
                Map.of("emotion", s.emotionVersion(), "keypoints", s.keypointsVersion()), s.labels(), tracks, frames);
    }

}
