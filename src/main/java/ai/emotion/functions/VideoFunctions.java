package ai.emotion.functions;

import java.io.ByteArrayInputStream;

import ai.emotion.dto.VideoResponse;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.events.SinkPublisher;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.video.FrameListener;
import ai.emotion.video.VideoAnalyzer;
import ai.emotion.video.VideoOptions;
import io.quarkus.funqy.Funq;

/**
 * The video as a function: POST /video with the video's bytes, or a CloudEvent of type ai.emotion.video.request
 * (binary mode: the video is the body; structured mode: data_base64) answered with ai.emotion.video.result. Under
 * Knative's SinkBinding (K_SINK set) the result event is also posted to the sink.
 */
public class VideoFunctions {
    private final VideoAnalyzer videos;
    private final SinkPublisher sink;

    public VideoFunctions(VideoAnalyzer videos, SinkPublisher sink) {
        this.videos = videos;
        this.sink = sink;
    }

    @Funq("video")
    public VideoResponse video(byte[] video) {
        if (video == null || video.length == 0) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the event carries no video (binary data, or data_base64)");
        }
        VideoResponse result = VideoResponse.of(videos.analyze(new ByteArrayInputStream(video),
                new VideoOptions(new AnalyzeOptions(null, null, null, null, null, null), null, null),
                FrameListener.NONE), null);
        sink.publish(SinkPublisher.VIDEO_RESULT, result);
        return result;
    }
}
