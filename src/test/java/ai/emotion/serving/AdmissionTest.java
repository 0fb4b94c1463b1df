package ai.emotion.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Beyond max-in-flight a request is refused at once, counted, and admitted again once a place is free. */
class AdmissionTest {
    @Test
    void refusesAtOnceBeyondTheLimitAndAdmitsAgainAfterARelease() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Admission admission = new Admission(TestConfig.with(Map.of("emotion-ai.limits.max-in-flight", "2")), meters);
        Admission.Permit first = admission.enter();
        try (Admission.Permit second = admission.enter()) {
            ApiException full = assertThrows(ApiException.class, admission::enter);
            assertEquals(ErrorCode.OVERLOADED, full.code());
            assertEquals(2.0, meters.get("emotion_ai.admission.in_flight").gauge().value());
        }
        first.close();
        admission.enter().close();
        assertEquals(1.0, meters.get("emotion_ai.admission.rejected").counter().count());
        assertEquals(0.0, meters.get("emotion_ai.admission.in_flight").gauge().value());
    }
}
