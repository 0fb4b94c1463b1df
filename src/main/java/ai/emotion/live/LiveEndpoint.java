package ai.emotion.live;

import ai.emotion.tracking.FaceTracker;
import java.util.List;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import ai.emotion.api.ErrorAnswers;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ErrorBody;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.Inference;
import ai.emotion.serving.PhotoResult;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Live video: binary frames (JPEG) in, one JSON result per served frame out, faces tracked across frames
 * (protocol: README, "Live"). The callbacks run on the connection's event loop and only hand frames over: a
 * frame goes into the connection's one-frame slot (the latest wins) and one worker per connection at most serves
 * the slot through {@link Inference#analyze}, so a fast sender never queues work and inference never blocks the
 * event loop.
 */
@WebSocket(path = "/api/v1/live")
public class LiveEndpoint {
    private static final Logger LOG = Logger.getLogger(LiveEndpoint.class);
    private static final TypedKey<LiveSession> SESSION = new TypedKey<>("emotion-ai.live.session");
    /** RFC 6455 "Try Again Later": the connection cap was reached. */
    static final int TRY_AGAIN_LATER = 1013;

    private final Inference inference;
    private final EmotionAiConfig.Live config;
    private final LiveMetrics metrics;
    private final ObjectMapper json;
    // Quarkus's worker pool (Mutiny's default is set to it): inference off the event loop, no pool of our own
    private final Executor workers = Infrastructure.getDefaultWorkerPool();

    public LiveEndpoint(Inference inference, EmotionAiConfig config, LiveMetrics metrics, ObjectMapper json) {
        this.inference = inference;
        this.config = config.live();
        this.metrics = metrics;
        this.json = json;
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        if (!metrics.tryOpen(config.maxConnections())) {
            String text = write(new LiveMessages.Error(null, ErrorCode.OVERLOADED, "the service already serves "
                    + config.maxConnections() + " live connections; try again later"));
            connection.sendText(text).onItemOrFailure().transformToUni((ok, failed) -> connection.close(
                    new CloseReason(TRY_AGAIN_LATER, "too many live connections"))).subscribe().with(ok -> {
                    }, failed -> {
                    });
            return;
        }
        LiveSession session = new LiveSession(connection, LiveOptions.defaults(config.smoothing()),
                new FaceTracker(config.trackIou(), config.trackMaxMissed()),
                new FrameRateLimit(config.maxFps(), System.nanoTime()));
        connection.userData().put(SESSION, session);
        sendLater(connection, new LiveMessages.Hello(new LiveMessages.Limits(config.maxFrameBytes(), config.maxFps(),
                config.maxConnections()), session.options()));
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        if (connection.userData().remove(SESSION) != null) {
            metrics.closed();
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void frame(WebSocketConnection connection, byte[] jpeg) {
        long received = System.nanoTime();
        LiveSession session = connection.userData().get(SESSION);
        if (session == null) {
            return; // a refused connection, closing
        }
        long number = session.nextFrameNumber();
        if (jpeg.length > config.maxFrameBytes()) {
            metrics.failed();
            sendLater(connection, new LiveMessages.Error(number, ErrorCode.IMAGE_TOO_LARGE, "frame " + number + " has "
                    + jpeg.length + " bytes; the limit is " + config.maxFrameBytes()));
            return;
        }
        if (!session.withinRate(received)) {
            metrics.overRate();
            return;
        }
        if (session.latest.offer(new LatestFrame.Incoming(number, jpeg, received)) != null) {
            session.superseded();
            metrics.superseded();
        }
        if (session.claimServing()) {
            workers.execute(() -> serveAll(session));
        }
    }

    @OnTextMessage
    @NonBlocking
    public void control(WebSocketConnection connection, String message) {
        LiveSession session = connection.userData().get(SESSION);
        if (session == null) {
            return;
        }
        try {
            JsonNode node = json.readTree(message);
            String type = node == null || !node.isObject() ? null : node.path("type").asText(null);
            if ("options".equals(type)) {
                session.options(session.options().with(node));
            } else if ("reset".equals(type)) {
                session.requestReset();
            } else {
                sendLater(connection, new LiveMessages.Error(null, ErrorCode.BAD_REQUEST, "a control message is a "
                        + "JSON object with \"type\": \"options\" or \"reset\"; frames are binary messages"));
                return;
            }
            sendLater(connection, new LiveMessages.Options(session.options()));
        } catch (JsonProcessingException e) {
            sendLater(connection, new LiveMessages.Error(null, ErrorCode.BAD_JSON, "the control message is not JSON"));
        } catch (RuntimeException e) {
            sendLater(connection, error(null, e));
        }
    }

    /** On a worker: serves the slot until it is empty, the latest frame each time. */
    private void serveAll(LiveSession session) {
        do {
            for (LatestFrame.Incoming frame = session.latest.take(); frame != null; frame = session.latest.take()) {
                if (session.connection.isOpen()) {
                    serve(session, frame);
                }
            }
        } while (session.releaseServing());
    }

    private void serve(LiveSession session, LatestFrame.Incoming frame) {
        try {
            LiveOptions options = session.options();
            // the connection id keeps an A/B split sticky for the stream
            PhotoResult photo = inference.analyze(frame.jpeg(), options.analyze(session.connection.id()));
            if (session.takeReset()) {
                session.tracker.reset();
            }
            List<FaceTracker.Tracked> tracked = session.tracker.update(photo.faces(), options.smoothing());
            double serverMs = (System.nanoTime() - frame.receivedNanos()) / 1e6;
            sendNow(session, LiveMessages.result(frame.number(), photo, tracked, options.landmarks68(), serverMs,
                    session.dropped()));
            metrics.served(frame.receivedNanos());
        } catch (RuntimeException e) {
            metrics.failed();
            sendNow(session, error(frame.number(), e));
        }
    }

    /** A failure as the API words it; an unknown one is logged and answered without its details. */
    private static LiveMessages.Error error(Long frame, RuntimeException failure) {
        ErrorAnswers.Answer known = ErrorAnswers.known(failure);
        if (known == null) {
            LOG.errorf(failure, "live frame %s failed", frame);
            return new LiveMessages.Error(frame, ErrorCode.INTERNAL, "the frame could not be analysed (internal "
                    + "error; the service logged it)");
        }
        ErrorBody body = known.body();
        return new LiveMessages.Error(frame, ErrorCode.valueOf(body.code()), body.error());
    }

    /** From a worker: waits until written, so a slow reader slows its own stream (and only its own). */
    private void sendNow(LiveSession session, Object message) {
        try {
            session.connection.sendTextAndAwait(write(message));
        } catch (RuntimeException closedMeanwhile) {
            LOG.debugf("live connection %s: result not sent (%s)", session.connection.id(), closedMeanwhile);
        }
    }

    /** From the event loop: never waits. */
    private void sendLater(WebSocketConnection connection, Object message) {
        connection.sendText(write(message)).subscribe().with(ok -> {
        }, failed -> LOG.debugf("live connection %s: message not sent (%s)", connection.id(), failed));
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live message not serialisable", e);
        }
    }
}
