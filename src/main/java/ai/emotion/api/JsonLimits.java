package ai.emotion.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Jackson's own string limit (20 million characters) sits below the HTTP body limit, so a large base64 image
 * failed as BAD_JSON instead of the documented 413. Strings may be as long as a whole body; the image limits
 * (bytes, pixels) then answer 413 for what is too large.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {
    static final int MAX_STRING_CHARS = 64 * 1024 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_CHARS).build());
    }
}
