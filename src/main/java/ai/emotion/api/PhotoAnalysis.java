package ai.emotion.api;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.service.AnalysisStages;
import ai.emotion.service.FaceAnalysis;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.Photo;
import io.micrometer.core.instrument.Timer;

/** Whole-photo analysis behind the REST resource and the Funqy function. */
@ApplicationScoped
public class PhotoAnalysis {
    private final ImageDecoder decoder;
    private final FaceAnalysis analysis;
    private final Timer decoding;

    public PhotoAnalysis(ImageDecoder decoder, FaceAnalysis analysis, AnalysisStages stages) {
        this.decoder = decoder;
        this.analysis = analysis;
        this.decoding = stages.timer(AnalysisStages.Stage.DECODE);
    }

    public AnalyzeResponse analyze(AnalyzeRequest request) {
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the request body is empty; send {\"image\": <base64>}");
        }
        return analyze(decoder.decodeBase64(request.image()), new FaceAnalysis.Options(request.emotionVersion(),
                request.keypointsVersion(), request.maxFaces(), request.minFaceSize(), request.callerKey()));
    }

    public AnalyzeResponse analyze(byte[] image, FaceAnalysis.Options options) {
        try (MatScope scope = new MatScope()) {
            Photo photo = decoding.record(() -> decoder.decodePhoto(image, scope));
            return AnalyzeResponse.of(analysis.analyze(photo, options));
        }
    }
}
