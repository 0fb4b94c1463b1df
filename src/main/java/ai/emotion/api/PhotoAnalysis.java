package ai.emotion.api;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.service.FaceAnalysis;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;

/** Whole-photo analysis behind the REST resource and the Funqy function. */
@ApplicationScoped
public class PhotoAnalysis {
    private final ImageDecoder decoder;
    private final FaceAnalysis analysis;

    public PhotoAnalysis(ImageDecoder decoder, FaceAnalysis analysis) {
        this.decoder = decoder;
        this.analysis = analysis;
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
            return AnalyzeResponse.of(analysis.analyze(decoder.decodeColor(image, scope), options));
        }
    }
}
