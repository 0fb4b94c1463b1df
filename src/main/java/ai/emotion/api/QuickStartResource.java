package ai.emotion.api;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ai.emotion.serving.Inference;

/** POST /predict: the original project's quick-start path, the same whole-photo analysis. */
@Path("/predict")
@Tag(name = "analyze")
public class QuickStartResource extends AnalyzeResource {
    public QuickStartResource(Inference inference) {
        super(inference);
    }
}
