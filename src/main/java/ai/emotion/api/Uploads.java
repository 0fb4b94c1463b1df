package ai.emotion.api;

import java.io.IOException;
import java.nio.file.Files;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/** The bytes of multipart field 'file', or the error that names what is wrong with it. */
final class Uploads {
    private Uploads() {
    }

    static byte[] bytes(FileUpload file) {
        if (file == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "multipart field 'file' is missing");
        }
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the uploaded file could not be read");
        }
    }
}
