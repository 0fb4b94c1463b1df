package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With API keys configured every endpoint but health needs one (either header, the Bearer scheme in any case),
 * metrics included, and an address that keeps sending wrong keys is throttled with 429.
 */
@QuarkusTest
@TestProfile(ApiKeysTest.Keys.class)
class ApiKeysTest {
    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.security.api-keys", "key-one,key-two",
                    "emotion-ai.security.max-failed-attempts", "3");
        }
    }

    static final String BODY = "{\"image\": \"not base64!\"}";

    @Test
    void keysAreNeededAcceptedInEitherHeaderAndThrottledWhenWrong() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/v2/health/live").then().statusCode(200);
        given().contentType(ContentType.JSON).body(BODY).post("/api/v1/predict/emotion")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().get("/q/metrics").then().statusCode(401);
        // a right key reaches the endpoint (which then names the bad base64)
        given().header("Authorization", "Bearer key-one").contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/predict/emotion").then().statusCode(400).body("code", equalTo("BAD_BASE64"));
        given().header("Authorization", "bearer key-two").contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/predict/emotion").then().statusCode(400);
        given().header("X-API-Key", "key-two").get("/q/metrics").then().statusCode(200);
        // three wrong keys from this address, then even a right one waits out the window
        for (int i = 0; i < 3; i++) {
            given().header("X-API-Key", "wrong-" + i).get("/v2/models/emotion").then().statusCode(401);
        }
        given().header("X-API-Key", "key-one").get("/v2/models/emotion").then().statusCode(429)
                .header("Retry-After", "60").body("code", equalTo("TOO_MANY_ATTEMPTS"));
    }
}
