package ai.emotion.translate;

import java.util.Map;

import org.opencv.core.Mat;

import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelLoadException;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.Preprocessing;
import ai.emotion.vision.DetectedFace;
import ai.emotion.vision.FaceCropper;
import ai.emotion.vision.Frame;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.TensorPacker;

/**
 * Pre- and post-processing of one face model version, chosen by its model.json task (as DJL keeps a
 * Translator apart from the Predictor that runs the engine): a face cut by the model's crop rule and packed
 * into its input tensor, then the raw outputs of the run decoded into a typed result.
 *
 * @param <R> the result of one face
 */
public abstract class FaceTranslator<R> {
    private final ModelMetadata meta;

    /** Checks what every face model needs; subclasses check their task's own fields. */
    protected FaceTranslator(ModelFolder folder) {
        this.meta = folder.metadata();
        Preprocessing pre = meta.preprocessing();
        if (meta.input() == null || meta.outputs() == null || meta.outputs().isEmpty() || pre == null
                || pre.crop() == null) {
            throw invalid(folder, "a " + meta.task() + " model needs input, outputs and preprocessing (with its crop "
                    + "rule)");
        }
        CropRuleSpec crop = pre.crop();
        if (!crop.knownType()) {
            throw invalid(folder, "crop type must be \"" + CropRuleSpec.SQUARE + "\" or \"" + CropRuleSpec.FIVE_POINT
                    + "\", not \"" + crop.type() + "\"");
        }
        if (!crop.knownRotation()) {
            throw invalid(folder, "crop rotate must be \"none\" or \"" + CropRuleSpec.EYE_LINE + "\", not \""
                    + crop.rotate() + "\"");
        }
        if (crop.fivePoint() && !crop.fivePointTemplate()) {
            throw invalid(folder, "a " + CropRuleSpec.FIVE_POINT + " crop needs a template of 5 (x, y) points and a "
                    + "template_side > 0");
        }
        if (crop.fivePoint() && pre.width() != pre.height()) {
            throw invalid(folder, "a " + CropRuleSpec.FIVE_POINT + " crop warps to a square input, not " + pre.width()
                    + "x" + pre.height());
        }
        var shape = meta.input().shape();
        if (shape.size() != 4 || shape.get(1) != 1 || shape.get(2) != pre.height() || shape.get(3) != pre.width()) {
            throw invalid(folder, "input shape must be [N, 1, height, width] of the preprocessing size, not " + shape);
        }
    }

    protected static ModelLoadException invalid(ModelFolder folder, String problem) {
        return new ModelLoadException(folder.metadataFile().toAbsolutePath() + ": " + problem);
    }

    public ModelMetadata metadata() {
        return meta;
    }

    /** Values per face in the input tensor. */
    public int itemSize() {
        return meta.input().itemSize();
    }

    /** What the model's crop rule cuts around a detected face, tracked by {@code scope}. */
    public FaceCropper.Crop crop(Mat gray, DetectedFace face, MatScope scope) {
        return FaceCropper.crop(gray, face, meta.preprocessing().crop(), meta.preprocessing().width(), scope);
    }

    /** Whether the crop rule aligns the detector's five landmarks (the face endpoints then look for them). */
    public boolean alignsFivePoints() {
        return meta.preprocessing().crop().fivePoint();
    }

    /** Resizes and scales a gray face into item {@code item} of {@code batch}. */
    public void pack(Mat face, float[] batch, int item, MatScope scope) {
        TensorPacker.pack(face, meta.preprocessing(), batch, item * itemSize(), scope);
    }

    /** The result of item {@code item} of a run's outputs; {@code frame} maps model coordinates to the image. */
    public abstract R decode(Map<String, float[]> outputs, int item, Frame frame);
}
