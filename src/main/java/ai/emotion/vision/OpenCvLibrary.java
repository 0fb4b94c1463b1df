package ai.emotion.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.opencv.core.Core;

import ai.emotion.config.EmotionAiConfig;

/**
 * Loads OpenCV's native library at startup, before the service listens. openpnp's loader copies the large
 * library out of its jar into a temporary folder at every start, so a deployment that extracted it once (a
 * container image, an AOT-started JVM) names the file in {@code emotion-ai.opencv.library} and it is loaded in
 * place. Either way the load runs beside the model sessions' loading ({@code serving.Startup}), not before it.
 */
@ApplicationScoped
public class OpenCvLibrary {
    private static final Logger LOG = Logger.getLogger(OpenCvLibrary.class);

    private final Optional<String> library;
    private volatile CompletableFuture<String> loading;

    public OpenCvLibrary(EmotionAiConfig config) {
        this.library = config.opencv().library();
    }

    /** Starts loading on a background thread. */
    public void startLoading() {
        loading = CompletableFuture.supplyAsync(this::load);
    }

    /** Waits for {@link #startLoading()}; a library that failed to load fails here. */
    public void awaitLoaded() {
        try {
            loading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Loads the library (once per JVM in effect) and says where from. */
    String load() {
        long start = System.nanoTime();
        String from = library.filter(this::loadedInPlace).orElseGet(() -> {
            nu.pattern.OpenCV.loadLocally();
            return "a copy extracted from the openpnp jar";
        });
        // A library of another OpenCV release would bind to these Java classes and fail later, call by call.
        String expected = Core.NATIVE_LIBRARY_NAME;
        String loaded = "opencv_java" + Core.getVersionString().replace(".", "");
        if (!loaded.equals(expected)) {
            throw new IllegalStateException(from + " is OpenCV " + Core.getVersionString() + "; the Java bindings on "
                    + "the class path need " + expected + " (emotion-ai.opencv.library)");
        }
        LOG.infof("OpenCV %s loaded from %s in %.0f ms", Core.getVersionString(), from,
                (System.nanoTime() - start) / 1e6);
        return from;
    }

    /** True when the configured file loaded; false (with a warning) sends the caller to the jar's copy. */
    private boolean loadedInPlace(String path) {
        if (!Files.isRegularFile(Path.of(path))) {
            LOG.warnf("emotion-ai.opencv.library=%s is not a file; extracting OpenCV from its jar instead", path);
            return false;
        }
        try {
            System.load(Path.of(path).toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError e) {
            // e.g. dev mode's restart: the file is still bound to the previous class loader
            LOG.warnf("could not load %s (%s); extracting OpenCV from its jar instead", path, e.getMessage());
            return false;
        }
    }
}
