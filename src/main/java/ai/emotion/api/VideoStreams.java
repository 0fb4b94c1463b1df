package ai.emotion.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import ai.emotion.dto.AnalyzeResponse;
import ai.emotion.dto.VideoResponse;
import ai.emotion.error.ApiException;
import ai.emotion.tracking.FaceTracker;
import ai.emotion.translate.Keypoint;
import ai.emotion.video.AnalyzedFrame;
import ai.emotion.video.VideoJob;
import ai.emotion.video.VideoSummary;

/**
 * The streamed answers of a video, written frame by frame as the analysis goes: NDJSON (one {"type": "frame"} line
 * per analysed frame, then {"type": "summary"}) and CSV (one row per face per analysed frame). The status line is
 * sent before the analysis, so a failure on the way is told in the stream: an {"type": "error"} line, or a CSV
 * comment line "# error CODE: message" (pandas: comment="#"). A client that goes away stops the video.
 */
final class VideoStreams {
    private static final Logger LOG = Logger.getLogger(VideoStreams.class);

    private VideoStreams() {
    }

    /** The NDJSON stream; the summary, or null when the video failed on the way. */
    static VideoSummary ndjson(VideoJob job, OutputStream out, ObjectMapper mapper) {
        Lines lines = new Lines(out);
        try {
            VideoSummary summary = job.run(frame -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("type", "frame");
                VideoResponse.Frame f = VideoResponse.Frame.of(frame);
                line.put("index", f.index());
                line.put("time", f.time());
                line.put("faces", f.faces());
                lines.write(json(mapper, line));
            });
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "summary");
            line.putAll(mapper.convertValue(VideoResponse.of(summary, null), Map.class));
            lines.write(json(mapper, line));
            return summary;
        } catch (ApiException e) {
            lines.quietly(json(mapper, Map.of("type", "error", "code", e.code().name(), "error", e.getMessage())));
        } catch (UncheckedIOException e) {
            LOG.debugf("video stream ended by the client: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("video analysis failed", e);
            lines.quietly(json(mapper, Map.of("type", "error", "code", "INTERNAL", "error", "internal error")));
        }
        return null;
    }

    /** The CSV rows; the summary, or null when the video failed on the way. */
    static VideoSummary csv(VideoJob job, OutputStream out) {
        Lines lines = new Lines(out);
        List<String> labels = job.labels();
        List<String> keypoints = job.keypointNames();
        List<String> header = new ArrayList<>(List.of("time", "frame", "track", "x", "y", "width", "height", "score",
                "emotion", "confidence", "track_emotion"));
        labels.forEach(l -> header.add("p_" + l.toLowerCase(java.util.Locale.ROOT)));
        keypoints.forEach(k -> {
            header.add(k + "_x");
            header.add(k + "_y");
        });
        lines.write(String.join(",", header));
        try {
            return job.run(frame -> {
                for (String row : rows(frame, labels, keypoints)) {
                    lines.write(row);
                }
            });
        } catch (ApiException e) {
            lines.quietly("# error " + e.code().name() + ": " + e.getMessage().replace('\n', ' '));
        } catch (UncheckedIOException e) {
            LOG.debugf("video stream ended by the client: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("video analysis failed", e);
            lines.quietly("# error INTERNAL: internal error");
        }
        return null;
    }

    /** One row per face: time, frame, track, box, score, expression, the probabilities, the keypoints. */
    static List<String> rows(AnalyzedFrame frame, List<String> labels, List<String> keypoints) {
        List<String> rows = new ArrayList<>(frame.faces().size());
        for (FaceTracker.Tracked t : frame.faces()) {
            var f = t.face();
            AnalyzeResponse.Box b = AnalyzeResponse.Box.of(f.face());
            StringBuilder row = new StringBuilder();
            row.append(frame.time()).append(',').append(frame.index()).append(',').append(t.trackId()).append(',')
                    .append(b.x()).append(',').append(b.y()).append(',').append(b.width()).append(',')
                    .append(b.height()).append(',').append(AnalyzeResponse.score(f.face().score())).append(',');
            boolean shown = f.emotion() != null;
            row.append(shown ? f.emotion().emotion() : "").append(',')
                    .append(shown ? f.emotion().confidence() : "").append(',')
                    .append(t.emotion() == null ? "" : t.emotion());
            for (String label : labels) {
                Double p = shown ? f.emotion().probabilities().get(label) : null;
                row.append(',').append(p == null ? "" : p);
            }
            Map<String, Keypoint> byName = new LinkedHashMap<>();
            f.keypoints().forEach(k -> byName.put(k.name(), k));
            for (String name : keypoints) {
                Keypoint k = byName.get(name);
                row.append(',').append(k == null ? "" : k.x()).append(',').append(k == null ? "" : k.y());
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written and flushed one by one (the client sees each frame as it is done). */
    private static final class Lines {
        private final Writer writer;

        Lines(OutputStream out) {
            this.writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        }

        void write(String line) {
            try {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The last line, whose failure (the client already gone) ends nothing more. */
        void quietly(String line) {
            try {
                write(line);
            } catch (UncheckedIOException e) {
                LOG.debugf("video stream closed before its last line: %s", e.getMessage());
            }
        }
    }
}
