package ai.emotion.nativeimage;

import ai.emotion.error.ErrorBody;
import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.ModelConfig;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.Preprocessing;
import ai.emotion.model.TensorSpec;
import ai.emotion.protocol.kserve.InferRequest;
import ai.emotion.protocol.kserve.InferResponse;
import ai.emotion.protocol.kserve.ModelMetadataResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson reads or writes outside REST and Funqy signatures (which Quarkus registers itself): the
 * model.json and config.json records, the error body the HTTP failure handler writes, and the KServe records nested in
 * signature types. Only a native executable needs this;
 * JNI, resources and run-time initialisation are in META-INF/native-image/ai.emotion/emotion-ai/.
 */
@RegisterForReflection(targets = { ModelMetadata.class, ModelConfig.class, TensorSpec.class, Preprocessing.class,
        CropRuleSpec.class, ErrorBody.class, InferRequest.Input.class, InferRequest.RequestedOutput.class, InferResponse.Output.class,
        ModelMetadataResponse.Tensor.class })
public final class NativeImageReflection {
    private NativeImageReflection() {
    }
}
