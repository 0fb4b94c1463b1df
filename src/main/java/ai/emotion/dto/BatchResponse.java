package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.error.ErrorBody;
import ai.emotion.serving.Inference;

/**
 * One result per image, in the order sent: its analysis (as /analyze answers it), or the error that refused it
 * (one bad image does not fail the batch). {@code failed} counts the errors.
 */
public record BatchResponse(
        @JsonProperty("images") int images,
        @JsonProperty("failed") int failed,
        @JsonProperty("results") List<Item> results) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @JsonProperty("index") int index,
            @JsonProperty("name") String name,
            @JsonProperty("analysis") AnalyzeResponse analysis,
            @JsonProperty("error") ErrorBody error) {
    }

    /** {@code names}: each image's file name (multipart, zip), or null. */
    public static BatchResponse of(List<Inference.BatchItem> items, List<String> names, boolean landmarks68) {
        List<Item> results = new ArrayList<>(items.size());
        int failed = 0;
        for (int i = 0; i < items.size(); i++) {
            Inference.BatchItem item = items.get(i);
            String name = names == null ? null : names.get(i);
            if (item.error() != null) {
                failed++;
                results.add(new Item(i, name, null, new ErrorBody(item.error().getMessage(),
                        item.error().code().name())));
            } else {
                results.add(new Item(i, name, AnalyzeResponse.of(item.result(), landmarks68), null));
            }
        }
        return new BatchResponse(items.size(), failed, results);
    }
}
