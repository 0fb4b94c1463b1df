package ai.emotion.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/** Videos arrive as bytes and are decoded from temporary files in the service's uploads folder, removed after use. */
public final class VideoFiles {
    private VideoFiles() {
    }

    /** The body into a new temporary file in {@code folder}, refused (and removed) past {@code limit} bytes. */
    public static Path save(InputStream body, Path folder, long limit) {
        Path file;
        try {
            Files.createDirectories(folder);
            file = Files.createTempFile(folder, "video-", ".upload");
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INTERNAL, "no room for the video's temporary file");
        }
        try (InputStream in = body; OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > limit) {
                    throw tooLarge(total, limit);
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw new ApiException(ErrorCode.MISSING_IMAGE, "the request body is empty; send the video's bytes");
            }
            return file;
        } catch (IOException e) {
            delete(file);
            throw new ApiException(ErrorCode.BAD_REQUEST, "the video's body could not be read to its end");
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    public static ApiException tooLarge(long bytes, long limit) {
        return new ApiException(ErrorCode.VIDEO_TOO_LARGE, "the video has " + (bytes > limit ? "more than "
                + limit : bytes) + " bytes; at most " + limit + " (emotion-ai.video.max-bytes)");
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
