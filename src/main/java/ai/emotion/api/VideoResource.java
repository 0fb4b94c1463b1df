package ai.emotion.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.emotion.dto.CallerKey;
import ai.emotion.dto.VideoResponse;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.events.SinkPublisher;
import ai.emotion.video.VideoAnalyzer;
import ai.emotion.video.VideoFiles;
import ai.emotion.video.VideoJob;
import ai.emotion.video.VideoOptions;
import ai.emotion.video.VideoSummary;
import io.vertx.ext.web.RoutingContext;

/**
 * Recorded videos: each person's expressions over time. The video is written to a temporary file (removed when
 * the request ends, whatever happens), decoded frame by frame, sampled at fps, and every sampled frame analysed and
 * tracked as the live stream does. The answer is JSON (a summary per track, the frames when asked for), CSV rows
 * ({@code Accept: text/csv}) or NDJSON lines streamed as the frames are done ({@code Accept: application/x-ndjson}).
 * With Knative's K_SINK set, every finished video's summary is also posted there as an ai.emotion.video.result event.
 */
@jakarta.ws.rs.Path("/api/v1/video")
@Tag(name = "video", description = "Expression timelines of the faces in a recorded video")
@APIResponse(responseCode = "400", ref = "BadInput")
@APIResponse(responseCode = "413", ref = "TooLarge")
@APIResponse(responseCode = "422", ref = "UnknownVersion")
@APIResponse(responseCode = "503", ref = "NotReady")
public class VideoResource {
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final VideoAnalyzer videos;
    private final ObjectMapper mapper;
    private final SinkPublisher sink;

    public VideoResource(VideoAnalyzer videos, ObjectMapper mapper, SinkPublisher sink) {
        this.videos = videos;
        this.mapper = mapper;
        this.sink = sink;
    }

    /** The options as query parameters (raw uploads; multipart form fields take precedence over them). */
    public static class Query {
        @QueryParam("fps")
        String fps;
        @QueryParam("smoothing")
        String smoothing;
        @QueryParam("frames")
        String frames;
        @QueryParam("model_version")
        String modelVersion;
        @QueryParam("max_faces")
        String maxFaces;
        @QueryParam("min_face_size")
        String minFaceSize;

        VideoParams params() {
            return new VideoParams(fps, smoothing, frames, modelVersion, maxFaces, minFaceSize);
        }
    }

    @POST
    @Consumes("video/*")
    @Produces({ MediaType.APPLICATION_JSON, CSV, NDJSON })
    @Operation(summary = "Analyse a video sent as raw bytes (video/mp4, video/quicktime)")
    public Response raw(InputStream body, @BeanParam Query query, @BeanParam AnalyzeResource.GateParams gate,
            @RestHeader("Accept") String accept, @RestHeader(CallerKey.HEADER) String callerKey, RoutingContext ctx) {
        VideoParams params = query.params();
        VideoOptions options = params.options(callerKey, gate.gate());
        boolean frames = params.withFrames(); // every option is read before the body is
        Path file = videos.save(body);
        return answer(file, () -> VideoFiles.delete(file), options, frames, accept, ctx);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({ MediaType.APPLICATION_JSON, CSV, NDJSON })
    @Operation(summary = "Analyse a video uploaded as multipart field 'file'")
    public Response multipart(@RestForm("file") FileUpload file, @RestForm("fps") String fps,
            @RestForm("smoothing") String smoothing, @RestForm("frames") String frames,
            @RestForm("model_version") String modelVersion, @RestForm("max_faces") String maxFaces,
            @RestForm("min_face_size") String minFaceSize, @BeanParam Query query,
            @BeanParam AnalyzeResource.GateParams gate, @RestHeader("Accept") String accept,
            @RestHeader(CallerKey.HEADER) String callerKey, RoutingContext ctx) {
        VideoParams params = new VideoParams(fps, smoothing, frames, modelVersion, maxFaces, minFaceSize)
                .or(query.params());
        VideoOptions options = params.options(callerKey, gate.gate());
        boolean withFrames = params.withFrames();
        if (file == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "multipart field 'file' (the video) is missing");
        }
        if (file.size() > videos.maxBytes()) {
            throw VideoFiles.tooLarge(file.size(), videos.maxBytes());
        }
        // Quarkus deletes the upload when the request ends (quarkus.http.body.delete-uploaded-files-on-end)
        return answer(file.uploadedFile(), () -> { }, options, withFrames, accept, ctx);
    }

    private Response answer(Path file, Runnable removeFile, VideoOptions options, boolean frames, String accept,
            RoutingContext ctx) {
        VideoJob job;
        try {
            job = videos.open(file, options);
        } catch (RuntimeException e) {
            removeFile.run();
            throw e;
        }
        Done done = new Done(job, removeFile);
        String type = negotiate(accept);
        if (type.equals(MediaType.APPLICATION_JSON)) {
            try (done) {
                List<VideoResponse.Frame> list = frames ? new ArrayList<>() : null;
                VideoSummary summary = job.run(f -> {
                    if (list != null) {
                        list.add(VideoResponse.Frame.of(f));
                    }
                });
                sink.publish(SinkPublisher.VIDEO_RESULT, VideoResponse.of(summary, null));
                return Response.ok(VideoResponse.of(summary, list), MediaType.APPLICATION_JSON).build();
            }
        }
        // the stream is written after this method returns; if it never is (the client left first), the request's
        // end releases the video instead
        ctx.addEndHandler(v -> done.closeUnlessStarted());
        StreamingOutput stream = out -> {
            if (!done.start()) {
                return;
            }
            try (done) {
                write(type, job, out);
            }
        };
        return Response.ok(stream, type).build();
    }

    private void write(String type, VideoJob job, OutputStream out) {
        VideoSummary summary = type.equals(NDJSON) ? VideoStreams.ndjson(job, out, mapper) : VideoStreams.csv(job, out);
        if (summary != null) {
            sink.publish(SinkPublisher.VIDEO_RESULT, VideoResponse.of(summary, null));
        }
    }

    /** The answer's type: NDJSON or CSV when the Accept header names it first, JSON otherwise. */
    static String negotiate(String accept) {
        if (accept == null) {
            return MediaType.APPLICATION_JSON;
        }
        for (String part : accept.split(",")) {
            String t = part.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals(NDJSON) || t.equals(CSV) || t.equals(MediaType.APPLICATION_JSON)) {
                return t;
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    /** Closes the job and removes the file exactly once, from the writer or from the request's end. */
    private static final class Done implements AutoCloseable {
        private final VideoJob job;
        private final Runnable removeFile;
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Done(VideoJob job, Runnable removeFile) {
            this.job = job;
            this.removeFile = removeFile;
        }

        boolean start() {
            return started.compareAndSet(false, true) && !closed.get();
        }

        void closeUnlessStarted() {
            if (started.compareAndSet(false, true)) {
                close();
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    job.close();
                } finally {
                    removeFile.run();
                }
            }
        }
    }
}
