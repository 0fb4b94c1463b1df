package ai.emotion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Schemathesis (pinned in conversion/requirements.txt, installed in .venv by .ci/install) generates requests
 * from the packaged service's own OpenAPI document, every operation, its coverage, fuzzing and stateful
 * phases, with a fixed seed; no answer may be a 5xx. It complements GeneratedRequestsIT, whose generators aim
 * at what the schema does not describe (broken bodies, headers, media types). SCHEMATHESIS_EXAMPLES and
 * SCHEMATHESIS_SEED (environment) change the count per operation and the seed.
 */
@QuarkusIntegrationTest
class SchemathesisIT {
    static final Path SCHEMATHESIS = Path.of(".venv/bin/schemathesis");

    @TestHTTPResource("/q/openapi")
    URL openapi;

    @Test
    void noGeneratedRequestGetsAServerError() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCHEMATHESIS), SCHEMATHESIS + " is absent: it is installed by "
                + ".ci/install (conversion/requirements.txt), so this test is skipped");
        String seed = System.getenv().getOrDefault("SCHEMATHESIS_SEED", "20261202");
        String examples = System.getenv().getOrDefault("SCHEMATHESIS_EXAMPLES", "20");
        Path log = Path.of("target/schemathesis.log");
        Process run = new ProcessBuilder(List.of(SCHEMATHESIS.toString(), "run", openapi.toString(),
                "--checks", "not_a_server_error", "--max-examples", examples, "--seed", seed, "--mode", "all",
                "--request-timeout", "20", "--no-color"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!run.waitFor(10, TimeUnit.MINUTES)) {
            run.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output.substring(Math.max(0, output.indexOf("SUMMARY") - 40)));
        assertEquals(0, run.exitValue(), "schemathesis found server errors or errored (target/schemathesis.log):\n"
                + output.substring(Math.max(0, output.length() - 6000)));
    }
}
