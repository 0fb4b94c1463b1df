package ai.emotion.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.emotion.error.ErrorCode;

/** Every error code has an HTTP error status, and a bare framework status maps back to a code of that status. */
class ErrorCodeStatusTest {
    @Test
    void everyCodeHasAnErrorStatusThatMapsBack() {
        for (ErrorCode code : ErrorCode.values()) {
            int status = ErrorAnswers.status(code);
            assertTrue(status >= 400 && status < 600, code + " -> " + status);
            ErrorCode back = ErrorAnswers.forStatus(status);
            // statuses only this service answers (422, 504) have no framework form and map to INTERNAL
            assertTrue(back == ErrorCode.INTERNAL || ErrorAnswers.status(back) == status,
                    code + " -> " + status + " -> " + back);
        }
    }
}
