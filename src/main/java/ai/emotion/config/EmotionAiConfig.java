package ai.emotion.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every `emotion-ai.*` setting of application.properties. */
@ConfigMapping(prefix = "emotion-ai")
public interface EmotionAiConfig {

    Models models();

    Engine engine();

    Limits limits();

    FaceDetector faceDetector();

    OpenCv opencv();

    Analyze analyze();

    Batching batching();

    /** Per model name: which version answers when a request names none. */
    Map<String, Route> routing();

    Admin admin();

    Security security();

    Live live();

    Video video();

    Batch batch();

    /**
     * Recorded videos (/api/v1/video, the video CloudEvent): what one video may ask of the service. A video is
     * decoded from a temporary file frame by frame; only the sampled frames are analysed, and nothing per frame is
     * kept unless the caller asks for the frames.
     */
    interface Video {
        /**
         * The decoder: auto (FFmpeg where its native libraries load, else JCodec), ffmpeg (every codec; JNI, Linux
         * x86-64) or jcodec (pure Java; H.264 in MP4/MOV).
         */
        @WithDefault("auto")
        String decoder();

        /** Largest video accepted, in bytes; larger ones get 413 VIDEO_TOO_LARGE. */
        @WithDefault("100000000")
        long maxBytes();

        /** Longest video accepted (from its header); longer ones get 413 VIDEO_TOO_LARGE. */
        @WithDefault("10m")
        Duration maxDuration();

        /** Largest frame accepted, in pixels (width x height, from the header); larger ones get 413. */
        @WithDefault("2073600")
        long maxFramePixels();

        /** Frames analysed per second of video when the request names no rate. */
        @WithDefault("10")
        double fps();

        /** Highest analysis rate a request may ask for. */
        @WithDefault("30")
        double maxFps();

        /** Most frames one video may have analysed (duration x rate); more gets 413 naming this limit. */
        @WithDefault("6000")
        int maxAnalyzedFrames();

        /**
         * Analysed frames of all videos in progress at once (admission counts a video by its frames); a video
         * that would go over it gets 503 OVERLOADED with Retry-After.
         */
        @WithDefault("6000")
        int maxFramesInFlight();

        /** Longest the post of a result event to Knative's K_SINK may take. */
        @WithDefault("10s")
        Duration sinkTimeout();

        /** Result events being posted to K_SINK at once; one more is dropped (logged and counted). */
        @WithDefault("16")
        int sinkMaxPending();

        /** Longest a video's analysis may take; past it the answer is 504 VIDEO_DEADLINE (an error line when streaming). */
        @WithDefault("5m")
        Duration answerDeadline();
    }

    /** Many photos in one request (/api/v1/analyze/batch). */
    interface Batch {
        /** Most images in one batch; more gets 413 PAYLOAD_TOO_LARGE. */
        @WithDefault("100")
        int maxImages();

        /** Most bytes of all images of one batch together (a zip's entries uncompressed); more gets 413. */
        @WithDefault("60000000")
        long maxTotalBytes();

        /** Images whose faces go through the models together (bounds one run's input). */
        @WithDefault("16")
        int chunkImages();
    }

    /**
     * The live video WebSocket (/api/v1/live): per-connection limits and the tracking of faces across frames. A
     * connection holds at most one frame being served and one waiting (the latest wins), so these bound memory and
     * CPU per connection; there is no queue to size.
     */
    interface Live {
        /** Open live connections at once; one more is told OVERLOADED and closed (1013, try again later). */
        @WithDefault("8")
        int maxConnections();

        /** Largest JPEG frame; a larger one gets an IMAGE_TOO_LARGE message and the socket stays open. */
        @WithDefault("2000000")
        int maxFrameBytes();

        /** Frames per second a connection may send; frames above the rate are dropped (counted), not served. */
        @WithDefault("30")
        int maxFps();

        /**
         * Weight of the newest frame in each track's expression probabilities (exponential smoothing): 1 = no
         * smoothing, smaller = steadier bars that follow a change more slowly. A connection may set its own.
         */
        @WithDefault("0.5")
        double smoothing();

        /** Least box overlap (intersection over union) for a face to keep the track id of the previous frame's. */
        @WithDefault("0.3")
        double trackIou();

        /** Frames a track survives without its face (a blink of the detector) before its id is retired. */
        @WithDefault("10")
        int trackMaxMissed();
    }

    /**
     * Dynamic batching: requests for the same model version that arrive together share one session run.
     * A worker per version runs whatever has queued while the previous run was busy, waiting at most
     * max-queue-delay after the first queued item for more.
     */
    interface Batching {
        /**
         * Unset: on for sessions on CUDA, off on CPU, where batched runs cost as much per item as single ones and
         * the queue only adds hand-offs (docs/benchmarks.md).
         */
        Optional<Boolean> enabled();

        /** Most batch items (faces) per session run; a single request with more items runs alone. */
        @WithDefault("32")
        int maxBatchSize();

        /**
         * Longest wait for more items after the first one queued (TF Serving's batch_timeout_micros). 0 adds
         * no latency to a lone request; batches still form from what queues while a run is busy.
         */
        @WithDefault("0")
        long maxQueueDelayMicros();

        /** Requests waiting per model version; when full, callers get 503 with Retry-After at once. */
        @WithDefault("256")
        int maxQueueSize();

        /** Longest a request may wait for its result before it gets 504. */
        @WithDefault("10s")
        Duration timeout();

        /** Threads running batches per model version. */
        @WithDefault("1")
        int workers();
    }

    interface Route {
        /** The version used when a request names none and no split is set; unset = the highest version. */
        Optional<String> defaultVersion();

        /**
         * Weighted A/B split between versions, e.g. {@code split."2"=90, split."3"=10}; sticky per caller key
         * (X-Caller-Key header or caller_key field) when one is given.
         */
        Map<String, Integer> split();
    }

    /** Optional API keys for everything but health; off (open) while no key is set. */
    interface Security {
        /**
         * Keys accepted as "Authorization: Bearer &lt;key&gt;" or "X-API-Key: &lt;key&gt;"; with any set, every
         * endpoint but /q/health and /v2/health needs one (metrics and the admin endpoint too).
         */
        Optional<List<String>> apiKeys();

        /** Wrong credentials allowed per client address and window; more get 429 with Retry-After. */
        @WithDefault("5")
        int maxFailedAttempts();

        @WithDefault("60s")
        Duration failedAttemptsWindow();
    }

    interface Admin {
        /** Bearer token of POST /admin/models/reload; the admin endpoint answers 404 while unset. */
        Optional<String> token();
    }

    interface FaceDetector {
        /**
         * A YuNet ONNX file to use instead of the repository's face-detection model (models-onnx/face-detector/);
         * unset: the repository's, or OpenCV's Haar cascade when the repository has none.
         */
        Optional<String> model();

        @WithDefault("0.6")
        float scoreThreshold();

        @WithDefault("0.3")
        float nmsThreshold();

        @WithDefault("100")
        int topK();

        /** YuNet detectors shared by all threads (each holds native buffers); unset: one per core. */
        Optional<Integer> poolSize();

        /**
         * Photos are scaled down to this longest side for detection only (a large JPEG is decoded at 1/2, 1/4 or
         * 1/8 scale for it); crops use full resolution. 320 px keeps the held-out figures of 640 px at a fraction
         * of the time (docs/benchmarks.md); smaller misses small faces.
         */
        @WithDefault("320")
        int maxSide();
    }

    interface OpenCv {
        /**
         * libopencv_java490.so extracted once beforehand (a container image does it at build time): loaded in
         * place instead of copied out of the openpnp jar at every start. Unset, or not a file: the jar's copy.
         */
        Optional<String> library();
    }

    interface Analyze {
        @WithDefault("20")
        int maxFaces();

        /** Faces whose box is smaller than this many pixels (shorter side) are ignored. */
        @WithDefault("20")
        int minFaceSize();
    }

    interface Models {
        /** Folder holding &lt;model&gt;/&lt;version&gt;/model.onnx + model.json. */
        @WithDefault("models-onnx")
        String dir();

        /**
         * Which versions to load: {@code config} follows each model's config.json "load" (routable, latest N, a
         * list; all without one), {@code all} loads every version in the repository.
         */
        @WithDefault("config")
        String load();

        /** Warm every session with a real batch at startup; readiness stays DOWN until done. */
        @WithDefault("true")
        boolean warmUp();

        /** Batch size of the warm-up run (also exercises the dynamic batch axis). */
        @WithDefault("4")
        int warmUpBatch();

        /**
         * Run every version's test vectors on this CPU at load and serve only those that reproduce them: the same
         * int8 graph can answer wrongly on another CPU (issue 28). False serves every version unchecked.
         */
        @WithDefault("true")
        boolean selfCheck();
    }

    interface Engine {
        /** cpu (default) or cuda; cuda falls back to cpu with a warning when the provider is missing. */
        @WithDefault("cpu")
        String executionProvider();

        @WithDefault("0")
        int cudaDeviceId();

        /**
         * Threads per session run; 0 lets ONNX Runtime choose (one per core). 1 by default: requests run side by
         * side, and a pool per session starves OpenCV and the HTTP layer of the cores they need.
         */
        @WithDefault("1")
        int intraOpThreads();

        /**
         * Whether ONNX Runtime's intra-op threads spin while waiting for work. Spinning takes the cores that
         * OpenCV and the HTTP layer need between runs, so it is off unless a deployment gives inference
         * dedicated cores.
         */
        @WithDefault("false")
        boolean allowSpinning();

        /** Optional folder where ONNX Runtime writes each optimised graph (for inspection). */
        Optional<String> optimizedModelDir();
    }

    interface Limits {
        /** Largest decoded image accepted, in pixels (width x height); larger ones get 413. */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * Largest request body of every endpoint but the video one (whose limit is emotion-ai.video.max-bytes, and
         * quarkus.http.limits.max-body-size at least that): a larger declared Content-Length gets 413 before the
         * body is read.
         */
        @WithDefault("30000000")
        long maxBodyBytes();

        /** Largest encoded image accepted, in bytes after base64 decoding; larger ones get 413. */
        @WithDefault("20000000")
        int maxImageBytes();

        /**
         * Inference requests running at once in this instance; one more gets 503 OVERLOADED at once. A request
         * waiting in a batch queue holds its place, so with batching on keep it at least twice max-batch-size.
         */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Longest a request may go unanswered: a body that never ends (a multipart body without its closing
         * delimiter, a slow client) then gets 408 and its connection is closed, instead of waiting for the idle
         * timeout. Longer than the batching timeout, so that inference answers first.
         */
        @WithDefault("15s")
        Duration answerDeadline();

        /**
         * Longest request URI; longer ones get 414 URI_TOO_LONG as JSON. Netty's own limit
         * (quarkus.http.limits.max-initial-line-length) sits far above it, so that this answer comes first.
         */
        @WithDefault("4096")
        int maxUriLength();

        /**
         * Largest request header section in bytes (names, values and separators); larger ones get 431
         * HEADERS_TOO_LARGE as JSON. Netty's own limit (quarkus.http.limits.max-header-size) sits far above it.
         */
        @WithDefault("20480")
        int maxHeaderBytes();
    }
}
