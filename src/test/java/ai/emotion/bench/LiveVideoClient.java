package ai.emotion.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The live socket without a browser: streams a Y4M video file (make one with
 * {@code ffmpeg -i in.mp4 -vf scale=640:-2 -pix_fmt yuv420p out.y4m}) at its own frame rate and prints each result
 * (frame, then per face: track id, smoothed expression, confidence), then the stream's figures.
 * Run: infra/live/stream-video.sh VIDEO.y4m [URL]
 */
public final class LiveVideoClient {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LiveVideoClient VIDEO.y4m [http://localhost:8080]");
            System.exit(2);
        }
        Path video = Path.of(args[0]);
        String base = args.length > 1 ? args[1] : "http://localhost:8080";
        List<byte[]> frames = new ArrayList<>();
        StreamFrames.readY4m(video, frames::add);
        double fps = StreamFrames.y4mFrameRate(video);
        System.out.printf(Locale.ROOT, "%s: %d frames at %.1f fps to %s%n", video, frames.size(), fps,
                LiveClient.liveUrl(base));
        LiveStream.Figures figures = LiveStream.run(LiveClient.liveUrl(base), frames, fps, frames.size() / fps, 0,
                LiveVideoClient::print);
        System.out.println(figures.summary());
    }

    private static void print(JsonNode message) {
        switch (message.path("type").asText()) {
            case "result" -> {
                StringBuilder line = new StringBuilder("frame " + message.path("frame").asLong() + ":");
                for (JsonNode face : message.path("faces")) {
                    line.append(String.format(Locale.ROOT, " [track %d %s %.2f]", face.path("track_id").asLong(),
                            face.path("emotion").path("emotion").asText(),
                            face.path("emotion").path("confidence").asDouble()));
                }
                System.out.println(message.path("faces").isEmpty() ? line + " no face" : line);
            }
            case "error" -> System.out.println("frame " + message.path("frame").asText("-") + ": "
                    + message.path("code").asText() + ": " + message.path("error").asText());
            default -> System.out.println(message);
        }
    }
}
