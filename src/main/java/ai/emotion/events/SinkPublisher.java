package ai.emotion.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import ai.emotion.config.EmotionAiConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Posts result events to the sink Knative injects as K_SINK (SinkBinding, ContainerSource), as binary-mode
 * CloudEvents, so that a trigger pipeline needs no glue. Without K_SINK it does nothing. Posts are asynchronous,
 * bounded (emotion-ai.video.sink-max-pending at once, each within sink-timeout); a failure is logged and counted,
 * never the caller's error: the result was answered to the caller already.
 */
@ApplicationScoped
public class SinkPublisher {
    /** The video result event's type (the Funqy mapping of application.properties names it as well). */
    public static final String VIDEO_RESULT = "ai.emotion.video.result";

    private static final Logger LOG = Logger.getLogger(SinkPublisher.class);

    private final Optional<URI> sink;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final Semaphore pending;
    private final Counter failed;
    private final Counter sent;
    private final HttpClient client;

    public SinkPublisher(@ConfigProperty(name = "K_SINK") Optional<String> sink, ObjectMapper mapper,
            EmotionAiConfig config, MeterRegistry meters) {
        this.sink = sink.filter(s -> !s.isBlank()).map(URI::create);
        this.mapper = mapper;
        this.timeout = config.video().sinkTimeout();
        this.pending = new Semaphore(Math.max(1, config.video().sinkMaxPending()));
        this.failed = Counter.builder("emotion_ai.sink.failed").description("Result events K_SINK did not take")
                .register(meters);
        this.sent = Counter.builder("emotion_ai.sink.sent").description("Result events posted to K_SINK")
                .register(meters);
        this.client = this.sink.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(timeout).build();
        this.sink.ifPresent(uri -> LOG.infof("result events also go to K_SINK %s", uri));
    }

    public boolean enabled() {
        return sink.isPresent();
    }

    /** Posts {@code data} as a CloudEvent of {@code type} to K_SINK, in the background; no-op without one. */
    public void publish(String type, Object data) {
        if (sink.isEmpty()) {
            return;
        }
        if (!pending.tryAcquire()) {
            failed.increment();
            LOG.warnf("a %s event was not posted to K_SINK: %d posts already pending "
                    + "(emotion-ai.video.sink-max-pending)", type, pending.availablePermits());
            return;
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            pending.release();
            failed.increment();
            LOG.warnf("a %s event could not be written: %s", type, e.getOriginalMessage());
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(sink.get()).timeout(timeout)
                .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                .header("ce-type", type).header("ce-source", "emotion-ai")
                .header("ce-id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            pending.release();
            if (error == null && response.statusCode() / 100 == 2) {
                sent.increment();
            } else {
                failed.increment();
                LOG.warnf("K_SINK did not take a %s event: %s", type,
                        error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }
}
