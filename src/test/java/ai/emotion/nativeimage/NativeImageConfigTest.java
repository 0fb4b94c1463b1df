package ai.emotion.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a GraalVM/Mandrel build needs and cannot be built here: every class that ONNX Runtime's and OpenCV's JNI
 * libraries look up by name is registered for JNI access, the registered names are real classes, the native
 * libraries that the image must embed are where the resource includes say, and the run-time initialised
 * packages are those of the classes that load native code.
 */
class NativeImageConfigTest {
    static final Path CONFIG = Path.of("src/main/resources/META-INF/native-image/ai.emotion/emotion-ai");
    static final String ORT_JNI = "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";
    static final String OPENCV_JNI = "nu/pattern/opencv/linux/x86_64/libopencv_java490.so";

    static Set<String> jniRegistered() throws IOException {
        JsonNode config = new ObjectMapper().readTree(CONFIG.resolve("jni-config.json").toFile());
        Set<String> names = new TreeSet<>();
        config.forEach(entry -> names.add(entry.path("name").asText()));
        return names;
    }

    /** Class names as JNI code spells them (a/b/C) inside a native library of the classpath. */
    static Set<String> classNamesIn(String library, String packagePrefix) throws IOException {
        try (InputStream in = NativeImageConfigTest.class.getClassLoader().getResourceAsStream(library)) {
            assertNotNull(in, library + " is not on the classpath");
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile(Pattern.quote(packagePrefix) + "[A-Za-z0-9_/$]+").matcher(bytes);
            Set<String> names = new TreeSet<>();
            while (m.find()) {
                names.add(m.group().replace('/', '.'));
            }
            return names;
        }
    }

    @Test
    void everyClassTheJniLibrariesLookUpIsRegistered() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "linux-x64 libraries only");
        Set<String> looked = new TreeSet<>(classNamesIn(ORT_JNI, "ai/onnxruntime/"));
        looked.addAll(classNamesIn(OPENCV_JNI, "org/opencv/"));
        looked.removeIf(name -> name.startsWith("ai.onnxruntime.native.")); // resource paths, not classes
        assertTrue(looked.contains("ai.onnxruntime.OnnxTensor") && looked.contains("org.opencv.core.CvException"),
                "the scan found " + looked);
        Set<String> registered = jniRegistered();
        Set<String> missing = looked.stream().filter(n -> !registered.contains(n)).collect(Collectors.toSet());
        assertEquals(Set.of(), missing);
    }

    @Test
    void registeredNamesAreRealClasses() throws Exception {
        for (String name : jniRegistered()) {
            Class.forName(name, false, getClass().getClassLoader());
        }
    }

    @Test
    void nativeLibrariesAreIncludedAsResources() throws IOException {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String includes = app.getProperty("quarkus.native.resources.includes");
        assertNotNull(includes);
        assertTrue(includes.contains(ORT_JNI.substring(0, ORT_JNI.lastIndexOf('/') + 1) + "**"), includes);
        assertTrue(includes.contains(OPENCV_JNI), includes);
        assertTrue(includes.contains("haarcascades/**"), includes);
        assertNotNull(getClass().getClassLoader().getResource(OPENCV_JNI));
        assertNotNull(getClass().getClassLoader().getResource(ORT_JNI.replace("4j_jni", "")));
        assertNotNull(getClass().getClassLoader().getResource("haarcascades/haarcascade_frontalface_default.xml"));
    }

    @Test
    void classesThatLoadNativeCodeAreInitialisedAtRunTime() throws Exception {
        Properties args = new Properties();
        try (InputStream in = Files.newInputStream(CONFIG.resolve("native-image.properties"))) {
            args.load(in);
        }
        assertEquals("--initialize-at-run-time=ai.onnxruntime,org.opencv,nu.pattern", args.getProperty("Args"));
        // The classes named in the issue, and those whose static initialiser calls OnnxRuntime.init().
        for (String name : new String[] { "ai.onnxruntime.OnnxRuntime", "ai.onnxruntime.OrtEnvironment",
                "ai.onnxruntime.OrtSession$SessionOptions", "ai.onnxruntime.OnnxTensorLike", "org.opencv.core.Core" }) {
            Class.forName(name, false, getClass().getClassLoader());
        }
    }
}
