package ai.emotion.api;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests refused before any endpoint reads them: a POST without a body (a blocking read of an empty body
 * waited for the read timeout, holding a worker thread, and Funqy failed on it), and a Content-Type that is
 * not a media type (such as "image/", which the framework fails on with a 500), a multipart body without parts;
 * and every request answered within the answer deadline.
 */
@ApplicationScoped
public class RequestGuards {
    /** RFC 9110 media type: token "/" token, then parameters. */
    static final Pattern MEDIA_TYPE = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+"
            + "\\s*(;.*)?$", Pattern.DOTALL);

    private final ObjectMapper mapper;
    private final long deadlineMillis;
    private final long videoDeadlineMillis;
    private final long maxBodyBytes;
    private final int maxUriLength;
    private final int maxHeaderBytes;

    public RequestGuards(ObjectMapper mapper, EmotionAiConfig config) {
        this.mapper = mapper;
        this.deadlineMillis = Math.max(1, config.limits().answerDeadline().toMillis());
        // a video's answer comes after its analysis, which has its own deadline: the watch waits a little longer
        this.videoDeadlineMillis = Math.max(deadlineMillis, config.video().answerDeadline().toMillis() + 5_000);
        this.maxBodyBytes = config.limits().maxBodyBytes();
        this.maxUriLength = config.limits().maxUriLength();
        this.maxHeaderBytes = config.limits().maxHeaderBytes();
    }

    void install(@Observes Router router) {
        // first of all, before Quarkus's body handler, which buffers a body that never ends on the event loop
        // (no read timeout applies there)
        router.route().order(Integer.MIN_VALUE).handler(this::watch);
        router.route().order(Integer.MIN_VALUE + 2).handler(this::guard);
        // after the body handler (MIN_VALUE + 1) has read and decoded the whole body
        router.route().order(Integer.MIN_VALUE + 3).handler(this::partsFound);
    }

    /**
     * A multipart body in which the form decoder found no part (it does not open with its boundary, or names
     * another one) is refused here. Otherwise RESTEasy, finding no parsed form, parses the already-read body again
     * and blocks a worker thread until the read timeout, then drops the connection without an answer.
     */
    void partsFound(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19) && ctx.request().isEnded()
                && ctx.fileUploads().isEmpty() && ctx.request().formAttributes().isEmpty()) {
            refuse(ctx, ErrorCode.BAD_REQUEST, "the multipart body holds no part: it must open with --<boundary> "
                    + "(the boundary of its Content-Type), each part with a Content-Disposition: form-data; "
                    + "name=\"...\" header, and end with --<boundary>--");
            return;
        }
        ctx.next();
    }

    void guard(RoutingContext ctx) {
        // checked here rather than by Netty, whose own 414 and 431 answers have no body
        if (ctx.request().uri().length() > maxUriLength) {
            refuse(ctx, ErrorCode.URI_TOO_LONG, "the request URI is " + ctx.request().uri().length()
                    + " characters long; at most " + maxUriLength + " (emotion-ai.limits.max-uri-length)");
            return;
        }
        long headerBytes = headerBytes(ctx);
        if (headerBytes > maxHeaderBytes) {
            refuse(ctx, ErrorCode.HEADERS_TOO_LARGE, "the request headers take " + headerBytes + " bytes; at most "
                    + maxHeaderBytes + " (emotion-ai.limits.max-header-bytes)");
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && !MEDIA_TYPE.matcher(type.trim()).matches()) {
            refuse(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + Texts.clip(type)
                    + "' is not a media type; send application/json, image/* or multipart/form-data");
            return;
        }
        long declared = declaredLength(ctx);
        if (declared > maxBodyBytes && !isVideo(ctx)) {
            refuse(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body has " + declared + " bytes; at most "
                    + maxBodyBytes + " (emotion-ai.limits.max-body-bytes; videos: emotion-ai.video.max-bytes)");
            return;
        }
        boolean admin = ctx.normalizedPath().startsWith("/admin/"); // the reload POST carries no body
        if (ctx.request().method() == HttpMethod.POST && hasNoBody(ctx) && !admin) {
            refuse(ctx, ErrorCode.MISSING_IMAGE, "the request body is empty; send {\"image\": <base64>}, the "
                    + "image bytes, or the protocol's JSON");
            return;
        }
        ctx.next();
    }

    /**
     * A video: the video endpoint, or a binary-mode CloudEvent of the video request type (a structured-mode one
     * is JSON, its type inside the body, which is not read yet: it gets the ordinary deadline).
     */
    static boolean isVideo(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith("/api/v1/video") || ctx.normalizedPath().equals("/video")
                || "ai.emotion.video.request".equals(ctx.request().getHeader("ce-type"));
    }

    /** The declared Content-Length, or -1 (none, or not a number: the body handler judges). */
    static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** After the answer deadline, a request still unanswered gets 408 and its connection is closed. */
    void watch(RoutingContext ctx) {
        long deadlineMillis = isVideo(ctx) ? videoDeadlineMillis : this.deadlineMillis;
        long timer = ctx.vertx().setTimer(deadlineMillis, id -> {
            if (!ctx.response().headWritten() && !ctx.response().closed()) {
                ctx.response().putHeader("Connection", "close");
                refuse(ctx, ErrorCode.BODY_TIMEOUT, "no complete request within "
                        + deadlineMillis / 1000 + " s (emotion-ai.limits.answer-deadline): a body that never ends, "
                        + "such as multipart without its closing delimiter");
                // after the answer: cancelling fails the upload's pipe, a failure that must not answer first.
                // A multipart body that ended without its closing delimiter leaves an upload that never
                // completes, so the body handler's delete-on-end never runs: its file would stay.
                ctx.cancelAndCleanupFileUploads();
                ctx.request().connection().close();
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /** Header section size as sent: "name: value" plus CRLF per header. */
    static long headerBytes(RoutingContext ctx) {
        long bytes = 0;
        for (var header : ctx.request().headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    /** Content-Length 0, or neither a length nor a chunked body (HTTP/1.1: no body at all). */
    static boolean hasNoBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            return length.trim().equals("0");
        }
        String encoding = ctx.request().getHeader("Transfer-Encoding");
        return encoding == null && ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2;
    }

    private void refuse(RoutingContext ctx, ErrorCode code, String message) {
        ErrorAnswers.send(ctx, mapper, ErrorAnswers.Answer.of(code, message));
    }
}
