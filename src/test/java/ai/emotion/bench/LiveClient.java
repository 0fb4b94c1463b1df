package ai.emotion.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the live socket (/api/v1/live) on the JDK's own WebSocket: binary frames out, every JSON message in
 * (to a queue, or to a listener), the close status. Used by the protocol tests, the stream benchmark and the
 * video client.
 */
public final class LiveClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<JsonNode> listener;
    private WebSocket socket;

    private LiveClient(Consumer<JsonNode> listener) {
        this.listener = listener;
    }

    /** Connects to {@code url} (ws://host:port/api/v1/live); messages queue for {@link #next}. */
    public static LiveClient connect(URI url) {
        return connect(url, null);
    }

    /** Connects; every message goes to {@code listener} (on the client's thread) instead of the queue. */
    public static LiveClient connect(URI url, Consumer<JsonNode> listener) {
        LiveClient client = new LiveClient(listener);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, client).join();
        return client;
    }

    /** ws:// of an http:// base URL, with the live path. */
    public static URI liveUrl(String httpBase) {
        return URI.create(httpBase.replaceFirst("^http", "ws").replaceFirst("/$", "") + "/api/v1/live");
    }

    /** Sends one frame (one binary message) and waits until it is written. */
    public void send(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, or an AssertionError after {@code timeout}. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no live message within " + timeout);
        }
        return message;
    }

    /** The next message of {@code type}, skipping others. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /** The close code the service sent, or an AssertionError when it kept the socket open for {@code timeout}. */
    public int closeCode(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the service did not close the socket within " + timeout);
        }
    }

    public boolean isOpen() {
        return !closeCode.isDone() && !socket.isInputClosed();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(partial.toString());
                if (listener != null) {
                    listener.accept(message);
                } else {
                    messages.add(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException("the service sent a message that is not JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
