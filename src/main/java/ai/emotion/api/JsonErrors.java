package ai.emotion.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What is wrong with a JSON body, in the caller's terms: the field and the JSON type it needs, or where the
 * syntax breaks. Jackson's own messages name Java classes (`java.lang.String`, record types), which are ours,
 * not the caller's.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch.getPath());
            String needed = kind(mismatch.getTargetType());
            return field.isEmpty() ? "the request body must be " + needed
                    : "field '" + field + "' must be " + needed;
        }
        if (e instanceof JsonParseException parse && parse.getLocation() != null) {
            return "the request body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        return "the request body is not valid JSON for this endpoint";
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ai.emotion.error.Texts.clip(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null || JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "a JSON value of another type";
    }
}
