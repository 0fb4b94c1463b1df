package ai.emotion.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One validated models-onnx/&lt;name&gt;/&lt;version&gt;/ folder. Reading checks everything that can be checked
 * without a runtime (metadata fields, folder names, the model file's checksum), so that a broken model
 * stops startup with a message naming the file instead of failing on the first request. Whether its task is
 * known and its fields fit the task is the serving core's check.
 */
public record ModelFolder(Path dir, ModelMetadata metadata) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    public ModelId id() {
        return metadata.id();
    }

    public Path metadataFile() {
        return dir.resolve("model.json");
    }

    public Path modelFile() {
        return dir.resolve(metadata.file());
    }

    /** test_vectors/expected.json: what a runtime must reproduce (absent for a face detector). */
    public Path testVectorsFile() {
        return dir.resolve("test_vectors").resolve("expected.json");
    }

    /** Every &lt;name&gt;/&lt;version&gt; folder under {@code root} that holds a model.json. */
    public static List<ModelFolder> scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new ModelLoadException(root.toAbsolutePath() + ": model directory not found "
                    + "(set emotion-ai.models.dir)");
        }
        List<ModelFolder> found = new ArrayList<>();
        try (Stream<Path> names = Files.list(root)) {
            for (Path nameDir : names.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> versions = Files.list(nameDir)) {
                    for (Path versionDir : versions.filter(Files::isDirectory).sorted().toList()) {
                        if (Files.exists(versionDir.resolve("model.json"))) {
                            found.add(read(versionDir));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(root.toAbsolutePath() + ": cannot list models: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new ModelLoadException(root.toAbsolutePath() + ": no <model>/<version>/model.json found");
        }
        return found;
    }

    public static ModelFolder read(Path versionDir) {
        Path json = versionDir.resolve("model.json");
        ModelMetadata meta;
        try {
            meta = JSON.readValue(json.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new ModelLoadException(json.toAbsolutePath() + ": unreadable model metadata: " + e.getMessage(), e);
        }
        String expectedName = versionDir.getParent().getFileName().toString();
        String expectedVersion = versionDir.getFileName().toString();
        if (!meta.name().equals(expectedName) || !meta.version().equals(expectedVersion)) {
            throw new ModelLoadException(json.toAbsolutePath() + ": says " + meta.name() + "/" + meta.version()
                    + " but lies in " + expectedName + "/" + expectedVersion);
        }
        if (!ModelId.isVersion(meta.version())) {
            throw new ModelLoadException(json.toAbsolutePath() + ": version must be a whole number, not "
                    + meta.version());
        }
        if (meta.derivedFrom() != null && meta.parent().isEmpty()) {
            throw new ModelLoadException(json.toAbsolutePath() + ": derived_from must be <name>/<version>, not "
                    + meta.derivedFrom());
        }
        ModelFolder folder = new ModelFolder(versionDir, meta);
        verifyChecksum(folder.modelFile(), meta);
        return folder;
    }

    /**
     * Refuses a truncated or corrupted copy before ONNX Runtime sees it. The CRC-32 is preferred: zlib's is
     * native code, while SHA-256 runs as plain Java, slow in a cold or C1-only JVM (docs/benchmarks.md).
     * A model.json without crc32 (written by an older exporter) is checked by its sha256.
     */
    private static void verifyChecksum(Path file, ModelMetadata meta) {
        boolean crc = meta.crc32() != null;
        String expected = crc ? meta.crc32() : meta.sha256();
        String actual = crc ? crc32(file) : sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ModelLoadException(file.toAbsolutePath() + ": " + (crc ? "crc32" : "sha256") + " checksum "
                    + actual + " does not match model.json (" + expected + "): corrupt or replaced model file");
        }
    }

    private static String crc32(Path file) {
        try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(file), new CRC32())) {
            in.transferTo(OutputStream.nullOutputStream());
            return String.format("%08x", in.getChecksum().getValue());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw unreadable(file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelLoadException unreadable(Path file, IOException e) {
        return new ModelLoadException(file.toAbsolutePath() + ": cannot read model file: " + e.getMessage(), e);
    }
}
