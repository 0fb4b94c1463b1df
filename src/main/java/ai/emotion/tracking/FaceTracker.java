package ai.emotion.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emotion.serving.PhotoResult;
import ai.emotion.vision.DetectedFace;

/**
 * Gives each face of a stream (a live connection, a video) a track id that stays while the face moves, and smooths its expression
 * probabilities over the frames. Assignment is greedy by box overlap: every (track, face) pair whose
 * intersection over union reaches {@code minIou}, best first, each track and face used once; a face left over
 * starts a new track, a track left over survives {@code maxMissed} frames. At video rates a face moves a fraction
 * of its size between frames, so overlap is enough; no motion model. Used by one thread at a time.
 */
public final class FaceTracker {
    /** A face of the current frame with its track id and its smoothed probabilities (label order kept). */
    public record Tracked(long trackId, PhotoResult.Face face, Map<String, Double> probabilities) {
        /** The label with the highest smoothed probability; null while the track has had no expression. */
        public String emotion() {
            return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(null);
        }

        public double confidence() {
            return probabilities.getOrDefault(emotion(), 0.0);
        }
    }

    private static final class Track {
        final long id;
        DetectedFace box;
        Map<String, Double> probabilities;
        int missed;

        Track(long id, DetectedFace box, Map<String, Double> probabilities) {
            this.id = id;
            this.box = box;
            this.probabilities = probabilities;
        }
    }

    private record Pair(Track track, int face, double iou) {
    }

    private final double minIou;
    private final int maxMissed;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public FaceTracker(double minIou, int maxMissed) {
        this.minIou = minIou;
        this.maxMissed = maxMissed;
    }

    /** The faces of the next frame, in their order, tracked; {@code alpha} is the newest frame's weight. */
    public List<Tracked> update(List<PhotoResult.Face> faces, double alpha) {
        List<Pair> pairs = new ArrayList<>();
        for (Track track : tracks) {
            for (int i = 0; i < faces.size(); i++) {
                double iou = iou(track.box, faces.get(i).face());
                if (iou >= minIou) {
                    pairs.add(new Pair(track, i, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        Track[] assigned = new Track[faces.size()];
        List<Track> matched = new ArrayList<>();
        for (Pair pair : pairs) {
            if (assigned[pair.face()] == null && !matched.contains(pair.track())) {
                assigned[pair.face()] = pair.track();
                matched.add(pair.track());
            }
        }
        for (Track track : tracks) {
            track.missed = matched.contains(track) ? 0 : track.missed + 1;
        }
        tracks.removeIf(t -> t.missed > maxMissed);
        List<Tracked> result = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            PhotoResult.Face face = faces.get(i);
            // a face whose expression the gate withheld keeps its track and its track's probabilities
            Map<String, Double> latest = face.emotion() == null ? null : face.emotion().probabilities();
            Track track = assigned[i];
            if (track == null) {
                track = new Track(nextId++, face.face(), latest == null ? Map.of() : new LinkedHashMap<>(latest));
                tracks.add(track);
            } else {
                track.box = face.face();
                if (latest != null) {
                    track.probabilities = smooth(track.probabilities, latest, alpha);
                }
            }
            result.add(new Tracked(track.id, face, track.probabilities));
        }
        return result;
    }

    /** Forgets every track (the next faces get new ids). */
    public void reset() {
        tracks.clear();
    }

    /**
     * alpha * latest + (1 - alpha) * previous per label; another label set (a version switch, or none yet) starts
     * afresh.
     */
    static Map<String, Double> smooth(Map<String, Double> previous, Map<String, Double> latest, double alpha) {
        if (!previous.keySet().equals(latest.keySet())) {
            return new LinkedHashMap<>(latest);
        }
        Map<String, Double> smoothed = new LinkedHashMap<>();
        latest.forEach((label, p) -> smoothed.put(label,
                Math.round((alpha * p + (1 - alpha) * previous.get(label)) * 1e4) / 1e4));
        return smoothed;
    }

    static double iou(DetectedFace a, DetectedFace b) {
        double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }
}
