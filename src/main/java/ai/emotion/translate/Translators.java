package ai.emotion.translate;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import ai.emotion.model.ModelFolder;

/**
 * The face translators by model.json task. A new kind of face model is one FaceTranslator subclass and its
 * entry here; its model.json names the task.
 */
public final class Translators {
    private static final Map<String, Function<ModelFolder, FaceTranslator<?>>> BY_TASK = Map.of(
            EmotionTranslator.TASK, EmotionTranslator::new,
            KeypointTranslator.TASK, KeypointTranslator::new);

    private Translators() {
    }

    /** The translator of the folder's task (checking the fields it needs), or empty for a task it does not know. */
    public static Optional<FaceTranslator<?>> forFolder(ModelFolder folder) {
        return Optional.ofNullable(BY_TASK.get(folder.metadata().task())).map(create -> create.apply(folder));
    }

    public static java.util.Set<String> tasks() {
        return BY_TASK.keySet();
    }
}
