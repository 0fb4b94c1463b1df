package ai.emotion.translate;

import ai.emotion.model.ModelFolder;

/**
 * A kind of per-face model beyond the built-in expression and keypoint models (a face embedding, an age or a pose
 * model, a second expression head): the model.json task it serves and the translator of one version. Register an
 * implementation in META-INF/services/ai.emotion.translate.FaceModelKind (Java's ServiceLoader, so a jar of one's own
 * on the classpath is enough): every served model of that task then runs on every face of /analyze, the batch and
 * video endpoints, its decoded result under the model's name in each face's "models"; the TF Serving and KServe
 * protocols serve it as they serve any model.
 */
public interface FaceModelKind {
    /** The task its model.json files name. */
    String task();

    /** The translator of one version (checking the model.json fields it needs). Its results are written as JSON. */
    FaceTranslator<?> translator(ModelFolder folder);
}
