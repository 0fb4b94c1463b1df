package ai.emotion.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import ai.emotion.TestModels;
import ai.emotion.model.LoadPolicy;
import ai.emotion.model.ModelConfig;
import ai.emotion.model.ModelId;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The shipped load policy (the test profile otherwise loads every version): each model loads what its config.json
 * selects plus the versions those derive from, and a request naming a version left out is told so.
 */
@QuarkusTest
@TestProfile(LoadedVersionsTest.ShippedPolicy.class)
class LoadedVersionsTest {
    public static class ShippedPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.models.load", "config");
        }
    }

    @Inject
    ModelRegistry registry;

    /** What the repository's config.json files say each model loads, derived the way the policy reads them. */
    static Set<String> expected(String name) {
        LoadPolicy policy = Optional.ofNullable(ModelConfig.scan(TestModels.REPOSITORY).get(name))
                .map(ModelConfig::loadPolicy).orElse(LoadPolicy.ALL);
        Set<String> wanted = new TreeSet<>();
        for (String version : policy.select(TestModels.versions(name), Set.of(TestModels.defaultVersion(name)))) {
            for (Optional<ModelId> id = Optional.of(new ModelId(name, version)); id.isPresent();
                    id = TestModels.metadata(id.get()).parent()) {
                wanted.add(id.get().version());
            }
        }
        return wanted;
    }

    @Test
    void eachModelLoadsWhatItsConfigSelectsAndTheirAncestors() {
        for (String name : registry.names()) {
            Set<String> loaded = new TreeSet<>(registry.versions(name));
            assertEquals(expected(name), loaded, name);
            assertTrue(loaded.contains(TestModels.defaultVersion(name)), name + ": the default is loaded");
        }
    }

    @Test
    void aVersionLeftOutIsNamedAsSuch() {
        Set<String> left = new TreeSet<>(TestModels.versions("emotion"));
        left.removeAll(registry.versions("emotion"));
        if (left.isEmpty()) {
            return; // the repository's policy loads every emotion version: nothing is left out
        }
        String version = left.iterator().next();
        given().contentType("application/json").body(Map.of("image", "aGVsbG8=", "model_version", version))
                .post("/api/v1/predict/emotion").then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("UNKNOWN_MODEL_VERSION"))
                .body("error", org.hamcrest.Matchers.containsString("not loaded by this instance"));
    }
}
