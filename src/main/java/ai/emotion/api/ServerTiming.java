package ai.emotion.api;

import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code Server-Timing: app;dur=<ms>} on every REST answer: the time the service spent on the request, which a
 * browser (the demo page) reads beside its own round trip. A header, so no answer body changes.
 */
public class ServerTiming {
    static final String HEADER = "Server-Timing";
    private static final String STARTED = ServerTiming.class.getName() + ".started";

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void stop(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(STARTED) instanceof Long started) {
            response.getHeaders().putSingle(HEADER,
                    String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6));
        }
    }
}
