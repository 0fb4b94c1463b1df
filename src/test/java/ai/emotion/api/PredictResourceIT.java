package ai.emotion.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same requests against the packaged jar (./mvnw verify -DskipITs=false); also the AOT cache's training run. */
@QuarkusIntegrationTest
class PredictResourceIT extends PredictResourceTest {
}
