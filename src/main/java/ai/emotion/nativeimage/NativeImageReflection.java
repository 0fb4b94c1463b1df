package ai.emotion.nativeimage;

import ai.emotion.error.ErrorBody;
import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.Preprocessing;
import ai.emotion.model.TensorSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson reads or writes outside REST and Funqy signatures (which Quarkus registers itself): the
 * model.json records and the error body the HTTP failure handler writes. Only a native executable needs this;
 * JNI, resources and run-time initialisation are in META-INF/native-image/ai.emotion/emotion-ai/.
 */
@RegisterForReflection(targets = { ModelMetadata.class, TensorSpec.class, Preprocessing.class, CropRuleSpec.class,
        ErrorBody.class })
public final class NativeImageReflection {
    private NativeImageReflection() {
    }
}
