package ai.emotion.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The committed Knative and Kubernetes manifests are what quarkus-kubernetes generates from
 * application.properties (target/kubernetes/, written by the package phase, hence an *IT run by failsafe after
 * it), less the annotations that name the build (commit, repository, time). Change application.properties and
 * copy the generated file, never edit the committed one by hand.
 */
class GeneratedManifestsIT {
    static final List<String> BUILD_ANNOTATIONS = List.of("app.quarkus.io/commit-id", "app.quarkus.io/vcs-uri",
            "app.quarkus.io/build-timestamp");

    @ParameterizedTest
    @CsvSource({ "target/kubernetes/knative.yml, infra/knative/service.yaml",
            "target/kubernetes/kubernetes.yml, infra/kubernetes/deployment.yaml" })
    void committedManifestIsTheGeneratedOne(String generated, String committed) throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of(generated)), generated + " is written by ./mvnw package");
        List<JsonNode> want = InfraManifestsTest.documents(generated);
        want.forEach(GeneratedManifestsIT::dropBuildAnnotations);
        List<JsonNode> got = InfraManifestsTest.documents(committed);
        assertEquals(want, got, committed + " differs from " + generated + " (copy it without the build annotations)");
    }

    static void dropBuildAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("annotations") instanceof ObjectNode annotations) {
                BUILD_ANNOTATIONS.forEach(annotations::remove);
            }
            object.elements().forEachRemaining(GeneratedManifestsIT::dropBuildAnnotations);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(GeneratedManifestsIT::dropBuildAnnotations);
        }
    }
}
