package ai.emotion.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call what, before any endpoint runs: with emotion-ai.security.api-keys set, every path but health
 * needs a key (metrics, OpenAPI and admin included), and wrong keys are throttled per client address; the admin
 * path does not exist (404, whatever the method) while no admin token is configured.
 */
@ApplicationScoped
public class AccessGuard {
    static final List<String> OPEN_PATHS = List.of("/q/health", "/v2/health");

    private final List<String> keys;
    private final boolean admin;
    private final CredentialThrottle throttle;
    private final ObjectMapper mapper;

    public AccessGuard(EmotionAiConfig config, CredentialThrottle throttle, ObjectMapper mapper) {
        this.keys = config.security().apiKeys().orElse(List.of()).stream().filter(k -> !k.isBlank()).toList();
        this.admin = config.admin().token().filter(t -> !t.isBlank()).isPresent();
        this.throttle = throttle;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    void guard(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!admin && (path.equals("/admin") || path.startsWith("/admin/"))) {
            refuse(ctx, new ApiException(ErrorCode.NOT_FOUND, "no endpoint, function or CloudEvent type matches "
                    + "this request"));
            return;
        }
        // the admin endpoint checks its own, stronger token (and throttles it); health stays open for probes
        if (keys.isEmpty() || path.startsWith("/admin/") || OPEN_PATHS.stream().anyMatch(path::startsWith)) {
            ctx.next();
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        try {
            throttle.check(client);
        } catch (ApiException e) {
            refuse(ctx, e);
            return;
        }
        String header = ctx.request().getHeader("X-API-Key");
        String given = header != null ? header.trim() : Credentials.bearer(ctx.request().getHeader("Authorization"));
        if (!Credentials.matchesAny(given, keys)) {
            if (given != null) {
                throttle.failed(client); // a wrong key is a guess; a missing one is not
            }
            refuse(ctx, new ApiException(ErrorCode.UNAUTHORIZED, "send an API key: Authorization: Bearer <key> or "
                    + "X-API-Key: <key>"));
            return;
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, ApiException e) {
        ErrorAnswers.send(ctx, mapper, ErrorAnswers.known(e));
    }
}
