package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.emotion.TestConfig;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A missing or corrupt model or metadata file stops startup with a message naming the file. */
class ModelFolderTest {
    @TempDir
    Path root;

    Path copyOfCommitted(String name, String version) throws IOException {
        Path src = Path.of("models-onnx", name, version);
        Path dst = root.resolve(name).resolve(version);
        Files.createDirectories(dst);
        for (String f : List.of("model.json", "model.onnx")) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        return dst;
    }

    @Test
    void scansCommittedModelsWithTheirMetadata() {
        List<ModelFolder> folders = ModelFolder.scan(Path.of("models-onnx"));
        ModelFolder emotion2 = folders.stream().filter(f -> f.metadata().name().equals("emotion")
                && f.metadata().version().equals("2")).findFirst().orElseThrow();
        assertEquals(7, emotion2.metadata().labels().size());
        assertEquals(48, emotion2.metadata().preprocessing().width());
        assertEquals("yunet", emotion2.metadata().preprocessing().crop().detector());
    }

    @Test
    void corruptModelFileIsNamed() throws IOException {
        Path dir = copyOfCommitted("emotion", "2");
        Files.write(dir.resolve("model.onnx"), new byte[] { 1, 2, 3 });
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.scan(root));
        assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("crc32 checksum"), e.getMessage());
    }

    @Test
    void metadataWithoutCrc32IsCheckedBySha256() throws IOException {
        Path dir = copyOfCommitted("emotion", "2");
        String json = Files.readString(dir.resolve("model.json"));
        Files.writeString(dir.resolve("model.json"), json.replaceAll(",\\s*\"crc32\": \"[0-9a-f]+\"", ""));
        assertEquals(1, ModelFolder.scan(root).size(), "the committed file matches its sha256");
        assertFlippedBitIsCaughtBy("sha256", dir.resolve("model.onnx"));
    }

    @Test
    void aFlippedBitIsCaughtByTheCrc32() throws IOException {
        assertFlippedBitIsCaughtBy("crc32", copyOfCommitted("keypoints", "1").resolve("model.onnx"));
    }

    private void assertFlippedBitIsCaughtBy(String checksum, Path modelFile) throws IOException {
        byte[] model = Files.readAllBytes(modelFile);
        model[model.length / 2] ^= 0x10;
        Files.write(modelFile, model);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.scan(root));
        assertTrue(e.getMessage().contains(checksum + " checksum"), e.getMessage());
    }

    @Test
    void corruptMetadataIsNamed() throws IOException {
        Path dir = copyOfCommitted("keypoints", "1");
        Files.writeString(dir.resolve("model.json"), "{\"name\": \"keypoints\"");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.scan(root));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void metadataInTheWrongFolderIsRefused() throws IOException {
        Path dir = copyOfCommitted("emotion", "2");
        Files.move(dir, root.resolve("emotion").resolve("3"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.scan(root));
        assertTrue(e.getMessage().contains("emotion/3"), e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.scan(root.resolve("none")));
        assertTrue(e.getMessage().contains("none"));
    }

    @Test
    void garbageWithAMatchingChecksumFailsInOnnxRuntimeAndIsNamed() throws Exception {
        Path dir = copyOfCommitted("emotion", "2");
        byte[] garbage = "definitely not protobuf".getBytes();
        Files.write(dir.resolve("model.onnx"), garbage);
        CRC32 crc = new CRC32();
        crc.update(garbage);
        String json = Files.readString(dir.resolve("model.json")).replaceAll("\"crc32\": \"[0-9a-f]+\"",
                "\"crc32\": \"" + String.format("%08x", crc.getValue()) + "\"");
        Files.writeString(dir.resolve("model.json"), json);
        ModelFolder folder = ModelFolder.scan(root).get(0);
        SessionLoader loader = new SessionLoader(new SessionOptionsFactory(TestConfig.defaults().engine()), Optional.empty(),
                new SimpleMeterRegistry());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> loader.load(folder));
        assertTrue(e.getMessage().contains(folder.modelFile().toAbsolutePath().toString()), e.getMessage());
    }
}
