package ai.emotion.translate;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

import ai.emotion.model.ModelFolder;

/**
 * The face translators by model.json task: the built-in expression and keypoint models, and every
 * {@link FaceModelKind} registered through ServiceLoader. A new kind of face model is one FaceTranslator subclass
 * and its registration; its model.json names the task.
 */
public final class Translators {
    private static final Map<String, Function<ModelFolder, FaceTranslator<?>>> BY_TASK = byTask();

    private Translators() {
    }

    private static Map<String, Function<ModelFolder, FaceTranslator<?>>> byTask() {
        Map<String, Function<ModelFolder, FaceTranslator<?>>> byTask = new TreeMap<>();
        byTask.put(EmotionTranslator.TASK, EmotionTranslator::new);
        byTask.put(KeypointTranslator.TASK, KeypointTranslator::new);
        for (FaceModelKind kind : ServiceLoader.load(FaceModelKind.class)) {
            if (byTask.putIfAbsent(kind.task(), kind::translator) != null) {
                throw new IllegalStateException(kind.getClass().getName() + " registers task '" + kind.task()
                        + "', which another kind already serves");
            }
        }
        return Map.copyOf(byTask);
    }

    /** The translator of the folder's task (checking the fields it needs), or empty for a task it does not know. */
    public static Optional<FaceTranslator<?>> forFolder(ModelFolder folder) {
        return Optional.ofNullable(BY_TASK.get(folder.metadata().task())).map(create -> create.apply(folder));
    }

    public static java.util.Set<String> tasks() {
        return BY_TASK.keySet();
    }

    /** Whether the translator is of a registered kind rather than the built-in expression or keypoint models. */
    public static boolean isOtherKind(FaceTranslator<?> translator) {
        return !(translator instanceof EmotionTranslator) && !(translator instanceof KeypointTranslator);
    }
}
