package ai.emotion.serving;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.routing.VersionRouter;
import ai.emotion.vision.OpenCvLibrary;
import io.quarkus.runtime.StartupEvent;

/**
 * The one startup sequence, before the HTTP server opens: OpenCV's library loads on a background thread while
 * the model sessions are created side by side; then the face detector is created, every session and the detector
 * are warmed, and the routing settings are checked against what is served. Any failure stops startup with a
 * message naming the file or setting.
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    private final EmotionAiConfig config;
    private final OpenCvLibrary opencv;
    private final ModelRegistry registry;
    private final VersionRouter router;

    public Startup(EmotionAiConfig config, OpenCvLibrary opencv, ModelRegistry registry, VersionRouter router) {
        this.config = config;
        this.opencv = opencv;
        this.registry = registry;
        this.router = router;
    }

    void onStart(@Observes StartupEvent event) {
        run();
    }

    public void run() {
        long start = System.nanoTime();
        opencv.startLoading();
        router.readRepository(Path.of(config.models().dir())); // the defaults decide what a routable policy loads
        registry.loadSessions(Path.of(config.models().dir()), router::routable);
        opencv.awaitLoaded();
        registry.loadDetector(router.defaultVersion(ModelRegistry.DETECTOR));
        registry.warmAll();
        router.validate(registry::versions);
        LOG.infof("serving %s after %.0f ms", registry.status().keySet(), (System.nanoTime() - start) / 1e6);
    }
}
