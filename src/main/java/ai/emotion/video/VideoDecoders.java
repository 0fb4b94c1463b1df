package ai.emotion.video;

import java.nio.file.Path;
import java.util.Locale;

import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Loader;
import org.jboss.logging.Logger;

import ai.emotion.config.EmotionAiConfig;

/**
 * Which decoder opens a video (emotion-ai.video.decoder): {@code ffmpeg}, {@code jcodec}, or {@code auto} (the
 * default): FFmpeg where its native libraries load (the JVM on Linux x86-64), JCodec otherwise (a native image, any
 * other platform), decided once, at the first video, so that a service that never sees one never loads FFmpeg.
 */
final class VideoDecoders {
    private static final Logger LOG = Logger.getLogger(VideoDecoders.class);

    enum Decoder { FFMPEG, JCODEC }

    private final String configured;
    private final long maxPixels;
    private volatile Decoder chosen;

    VideoDecoders(EmotionAiConfig.Video config) {
        this.configured = config.decoder().toLowerCase(Locale.ROOT).trim();
        this.maxPixels = config.maxFramePixels();
        if (!configured.equals("auto") && !configured.equals("ffmpeg") && !configured.equals("jcodec")) {
            throw new IllegalArgumentException("emotion-ai.video.decoder must be auto, ffmpeg or jcodec, not '"
                    + config.decoder() + "'");
        }
    }

    VideoReader open(Path file) {
        return decoder() == Decoder.FFMPEG ? FfmpegVideoReader.open(file, maxPixels) : JcodecVideoReader.open(file);
    }

    Decoder decoder() {
        Decoder d = chosen;
        if (d == null) {
            synchronized (this) {
                if (chosen == null) {
                    chosen = choose();
                }
                d = chosen;
            }
        }
        return d;
    }

    private Decoder choose() {
        if (configured.equals("jcodec")) {
            return Decoder.JCODEC;
        }
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            // JavaCPP unpacks its libraries under ~/.javacpp by default, which a Lambda or a read-only image lacks
            System.setProperty("org.bytedeco.javacpp.cachedir",
                    Path.of(System.getProperty("java.io.tmpdir"), "emotion-ai-javacpp").toString());
        }
        try {
            Loader.load(avformat.class);
            LOG.infof("videos are decoded by FFmpeg %s (bytedeco)", avformat.avformat_version() >>> 16);
            return Decoder.FFMPEG;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError in a native image, ...
            if (configured.equals("ffmpeg")) {
                throw new IllegalStateException("emotion-ai.video.decoder=ffmpeg, but FFmpeg's libraries do not "
                        + "load here: " + e);
            }
            LOG.warnf("FFmpeg's libraries do not load here (%s): videos are decoded by JCodec (H.264 in MP4/MOV)",
                    e.toString());
            return Decoder.JCODEC;
        }
    }
}
