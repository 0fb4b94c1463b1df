package ai.emotion.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.functions.FaceFunctions;
import io.quarkus.funqy.Funq;

/**
 * The SAM template points at what the build makes: function.zip from the lambda build, the layer folder from
 * build-layer.sh, one Lambda function per Funqy function. (LambdaHandlerTest, in the lambda build, loads the
 * handler class itself.)
 */
class SamTemplateTest {
    final SamTemplate template = SamTemplate.read();

    @Test
    void jvmRuntimeAndTheZipTheLambdaBuildWrites() throws IOException {
        assertEquals("AWS::Serverless-2016-10-31", template.root().path("Transform").asText());
        assertTrue(Set.of("java17", "java21").contains(template.globals().path("Runtime").asText()));
        assertEquals("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", template.handler());
        assertEquals(Path.of("target/function.zip"), template.resolve(template.globals().path("CodeUri").asText()));
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<artifactId>quarkus-funqy-amazon-lambda</artifactId>"), "no lambda build in pom.xml");
        assertTrue(template.globals().path("Timeout").has("Ref") && template.globals().path("MemorySize").has("Ref"));
    }

    @Test
    void modelsComeFromTheLayerThatBuildLayerWrites() throws IOException {
        JsonNode layer = template.resources("AWS::Serverless::LayerVersion").get("ModelsLayer");
        Path content = template.resolve(layer.path("Properties").path("ContentUri").asText());
        assertTrue(Files.readString(Path.of("infra/lambda/build-layer.sh")).contains("LAYER=" + content));
        assertEquals("ModelsLayer", template.globals().path("Layers").get(0).path("Ref").asText());
        JsonNode env = template.globals().path("Environment").path("Variables");
        // A layer is unpacked under /opt: the paths inside it must be those the service is told.
        assertEquals("/opt/models-onnx", env.path("EMOTION_AI_MODELS_DIR").asText());
        // the face detector is a model of that repository (face-detector/1), so no separate file is named
        assertTrue(env.path("EMOTION_AI_FACE_DETECTOR_MODEL").isMissingNode());
        assertTrue(Files.isRegularFile(Path.of("models-onnx/face-detector/1/model.json")));
        // ... and so must the native libraries' paths (build-layer.sh extracts them into native/).
        assertTrue(Files.readString(Path.of("infra/lambda/build-layer.sh"))
                .contains("infra/extract-natives.sh \"$JARS\" \"$LAYER/native\""));
        assertEquals("/opt/native/libopencv_java490.so", env.path("EMOTION_AI_OPENCV_LIBRARY").asText());
        assertTrue(env.path("JAVA_TOOL_OPTIONS").asText().contains("-Donnxruntime.native.path=/opt/native"));
    }

    @Test
    void oneLambdaFunctionPerFunqyFunction() {
        Set<String> funqy = Arrays.stream(FaceFunctions.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Funq.class))
                .map(SamTemplateTest::funqName)
                .collect(Collectors.toSet());
        List<String> exported = template.resources("AWS::Serverless::Function").values().stream()
                .map(f -> f.path("Properties").path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText())
                .toList();
        assertEquals(funqy, new HashSet<>(exported));
        assertEquals(funqy.size(), exported.size());
    }

    static String funqName(Method m) {
        String value = m.getAnnotation(Funq.class).value();
        return value.isEmpty() ? m.getName() : value;
    }
}
