package ai.emotion.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Parses every committed deployment file and checks the fields that matter. */
class InfraManifestsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(Path.of(file).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isEmpty()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    static void assertProbesAndImage(JsonNode container) {
        assertEquals("ghcr.io/emotion-ai/emotion-ai:1.0.0", container.path("image").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertTrue(container.path("resources").path("requests").has("memory"));
    }

    @Test
    void knativeServiceScalesToZeroWithAConcurrencyTarget() throws IOException {
        JsonNode service = kind(documents("infra/knative/service.yaml"), "Service");
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        JsonNode annotations = service.path("spec").path("template").path("metadata").path("annotations");
        assertEquals("0", annotations.path("autoscaling.knative.dev/min-scale").asText());
        assertEquals("concurrency", annotations.path("autoscaling.knative.dev/metric").asText());
        assertTrue(annotations.path("autoscaling.knative.dev/target").asInt() > 0);
        assertTrue(annotations.path("autoscaling.knative.dev/max-scale").asInt() > 1);
        assertProbesAndImage(service.path("spec").path("template").path("spec").path("containers").get(0));
    }

    @Test
    void triggersRouteEveryConfiguredRequestTypeToTheService() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            props.load(in);
        }
        Set<String> configured = new HashSet<>();
        Pattern trigger = Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.(\\w+)\\.trigger");
        for (String key : props.stringPropertyNames()) {
            Matcher m = trigger.matcher(key);
            if (m.matches()) {
                configured.add(props.getProperty(key));
            }
        }
        List<JsonNode> docs = documents("infra/knative/eventing.yaml");
        String broker = kind(docs, "Broker").path("metadata").path("name").asText();
        Set<String> routed = new HashSet<>();
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals("Trigger")) {
                assertEquals(broker, d.path("spec").path("broker").asText());
                assertEquals("emotion-ai", d.path("spec").path("subscriber").path("ref").path("name").asText());
                routed.add(d.path("spec").path("filter").path("attributes").path("type").asText());
            }
        }
        assertTrue(configured.contains("ai.emotion.video.request"), configured.toString());
        assertEquals(configured, routed, "a trigger per request type the functions take, and no other");
    }

    @Test
    void videoResultsGoToABrokerOfTheirOwnThroughTheSinkBinding() throws IOException {
        List<JsonNode> docs = documents("infra/knative/video-pipeline.yaml");
        JsonNode binding = kind(docs, "SinkBinding");
        assertEquals("emotion-ai", binding.at("/spec/subject/name").asText());
        String sink = binding.at("/spec/sink/ref/name").asText();
        assertEquals(kind(docs, "Broker").at("/metadata/name").asText(), sink);
        String requests = kind(documents("infra/knative/eventing.yaml"), "Broker").at("/metadata/name").asText();
        assertTrue(!sink.equals(requests), "the requests' broker as sink would get every triggered result twice");
        assertEquals(sink, kind(docs, "Trigger").at("/spec/broker").asText());
    }

    @Test
    void plainKubernetesDeploymentServiceAndAutoscaler() throws IOException {
        List<JsonNode> docs = documents("infra/kubernetes/deployment.yaml");
        JsonNode deployment = kind(docs, "Deployment");
        assertProbesAndImage(deployment.path("spec").path("template").path("spec").path("containers").get(0));
        assertEquals(8080, kind(docs, "Service").path("spec").path("ports").get(0).path("targetPort").asInt());
        JsonNode hpa = kind(documents("infra/kubernetes/hpa.yaml"), "HorizontalPodAutoscaler");
        assertEquals("emotion-ai", hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertTrue(hpa.path("spec").path("maxReplicas").asInt() > hpa.path("spec").path("minReplicas").asInt());
    }

    @Test
    void dockerfilesCopyPathsThatTheBuildProduces() throws IOException {
        for (String file : List.of("infra/docker/Dockerfile.jvm", "infra/docker/Dockerfile.native")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith("COPY") && !line.contains("--from=")) { // --from: a build stage's files
                    String[] parts = line.trim().split("\\s+");
                    String source = parts[parts.length - 2];
                    assertTrue(source.startsWith("target/") || Files.exists(Path.of(source)), file + ": " + source);
                }
            }
        }
        JsonNode compose = YAML.readTree(Path.of("infra/docker/compose.yaml").toFile());
        JsonNode service = compose.path("services").path("emotion-ai");
        assertTrue(Files.exists(Path.of("infra/docker").resolve(service.path("build").path("context").asText())
                .resolve(service.path("build").path("dockerfile").asText())));
    }

    /** The heap and direct-memory caps measured for a photo flood (docs/benchmarks.md) hold in every target. */
    @Test
    void everyDeploymentTargetCapsHeapAndDirectMemory() throws IOException {
        for (String file : List.of("infra/docker/Dockerfile.jvm", "infra/docker/Dockerfile.native",
                "infra/lambda/template.yaml")) {
            String text = Files.readString(Path.of(file));
            assertTrue(text.contains("-Xmx256m") && text.contains("-XX:MaxDirectMemorySize=64m"), file);
            assertTrue(text.contains("MALLOC_ARENA_MAX"), file);
        }
    }
}
