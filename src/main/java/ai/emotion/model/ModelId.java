package ai.emotion.model;

import java.util.Comparator;
import java.util.Optional;

/**
 * A served model version, "name/version" as in models-onnx/&lt;name&gt;/&lt;version&gt;/. Versions are whole
 * numbers and compare as numbers, so "10" is newer than "9".
 */
public record ModelId(String name, String version) implements Comparable<ModelId> {
    public static final Comparator<String> VERSION_ORDER = Comparator.comparingLong(Long::parseLong);
    private static final Comparator<ModelId> ORDER = Comparator.comparing(ModelId::name)
            .thenComparing(ModelId::version, VERSION_ORDER);

    public ModelId {
        if (name == null || name.isBlank() || version == null || !isVersion(version)) {
            throw new IllegalArgumentException("a model id is <name>/<whole number>, not " + name + "/" + version);
        }
    }

    /** Whether {@code text} can name a version (a whole number that fits a long). */
    public static boolean isVersion(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return false;
        }
        return text.chars().allMatch(Character::isDigit);
    }

    /** "name/version" as model.json's derived_from writes it; empty when {@code text} is not of that form. */
    public static Optional<ModelId> parse(String text) {
        int slash = text == null ? -1 : text.lastIndexOf('/');
        if (slash <= 0 || !isVersion(text.substring(slash + 1))) {
            return Optional.empty();
        }
        return Optional.of(new ModelId(text.substring(0, slash), text.substring(slash + 1)));
    }

    @Override
    public int compareTo(ModelId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
